"""CourseScreen: the base of every main screen (a registry entry, see ``tui/registry.py``)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from textual.screen import Screen

from coursekit.tui.app_access import CourseHost, course_app

if TYPE_CHECKING:
    from coursekit.services.context import ServiceContext
    from coursekit.tui.commands import PaletteCommand


class CourseScreen(Screen[None]):
    """Shows one course; ``load_course(code)`` runs on mount, after every course switch and
    after ``app.data_changed()`` (at once when showing, else when the screen is shown again).

    Subclasses compose their own widgets (with ``Header`` and ``Footer``), start a
    ``service_work`` worker from ``load_course`` and fill their widgets from its result.
    """

    _stale = False

    @property
    def ck(self) -> CourseHost:
        return course_app(self)

    @property
    def ctx(self) -> ServiceContext:
        return self.ck.ctx

    def on_mount(self) -> None:
        self.watch(self.app, "course_code", self._course_changed, init=True)
        self.watch(self.app, "data_version", self._data_changed, init=False)

    def _data_changed(self, _version: int) -> None:
        if self.is_current:
            self.reload()
        else:
            self._stale = True

    def on_screen_resume(self) -> None:
        if self._stale:
            self._stale = False
            self.reload()

    def reload(self) -> None:
        code = self.ck.course_code
        if code:
            self.load_course(code)

    def _course_changed(self, code: str | None) -> None:
        if code:
            self.load_course(code)
        else:
            self.no_course()

    def load_course(self, code: str) -> None:
        raise NotImplementedError

    def no_course(self) -> None:
        """No course chosen yet (the app is resolving it or asking the user)."""

    def palette_commands(self) -> Iterable[PaletteCommand]:
        """Extra command-palette entries without a key (bound actions are listed anyway)."""
        return ()
