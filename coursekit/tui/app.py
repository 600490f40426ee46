"""The coursekit Textual app: composes screens and holds global bindings."""

from __future__ import annotations

from typing import ClassVar

from textual.app import App
from textual.binding import Binding, BindingType

from coursekit.services.context import ServiceContext
from coursekit.tui.screens.roster import RosterScreen


class CoursekitApp(App[None]):
    """Screens call services (from thread workers) and never touch the database directly."""

    CSS_PATH = "app.tcss"
    TITLE = "coursekit"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "show_roster", "Roster", id="roster"),
        Binding("q", "quit", "Quit", id="quit"),
    ]

    def __init__(self, ctx: ServiceContext, *, course_code: str | None = None) -> None:
        super().__init__()
        self.ctx = ctx
        self.course_code = course_code

    def on_mount(self) -> None:
        self.push_screen(RosterScreen())

    def action_show_roster(self) -> None:
        if not isinstance(self.screen, RosterScreen):
            self.push_screen(RosterScreen())

    def on_unmount(self) -> None:
        self.ctx.close()
