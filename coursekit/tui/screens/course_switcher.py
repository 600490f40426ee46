"""The course switcher: pick one of the courses in this database."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from coursekit.domain.records import CourseInfo
from coursekit.tui.app_access import course_app
from coursekit.tui.text import literal
from coursekit.tui.workers import deliver, service_work


def course_label(course: CourseInfo, current: bool) -> Text:
    return Text.assemble(
        ("● " if current else "  ", "bold"),
        literal(course.code, "bold"),
        "  ",
        literal(course.title),
        "  ",
        literal(course.term, "italic"),
        f" · {course.students} students · accounts close {course.accounts_close_on:%Y-%m-%d}",
    )


class CourseSwitcher(ModalScreen[CourseInfo | None]):
    """Dismisses with the chosen course, or ``None`` (escape)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, current: str | None) -> None:
        super().__init__()
        self.current = current
        self.courses: list[CourseInfo] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="switcher-dialog") as dialog:
            dialog.border_title = "Switch course"
            yield OptionList(id="courses")
            yield Static("↑↓ choose · enter open · esc cancel", classes="hint")

    def on_mount(self) -> None:
        self.load()

    @service_work(group="course-switcher")
    def load(self) -> None:
        from coursekit.services.courses import list_courses

        deliver(self.app, self.show, list_courses(course_app(self).ctx))

    def show(self, courses: list[CourseInfo]) -> None:
        self.courses = courses
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options(
            [Option(course_label(c, c.code == self.current), id=c.code) for c in courses]
        )
        if not courses:
            self.query_one(".hint", Static).update(
                Text("No course yet: run `coursekit init syllabi/<course>.toml`")
            )
            return
        codes = [c.code for c in courses]
        options.highlighted = codes.index(self.current) if self.current in codes else 0
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        chosen = next(c for c in self.courses if c.code == event.option.id)
        self.dismiss(chosen)

    def action_cancel(self) -> None:
        self.dismiss(None)
