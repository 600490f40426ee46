"""The coursekit Textual app: composes screens and holds global bindings.

Main screens come from ``tui/registry.py`` (one Textual *mode* each, reached by a single key);
the student screen is pushed on top of whichever screen opened it. Handlers live in the screens;
this module only knows navigation, the current course, help, theme and the palette.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime
from typing import ClassVar

from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.reactive import reactive
from textual.screen import Screen

from coursekit.domain.records import CourseInfo, RosterRow
from coursekit.services.context import ServiceContext
from coursekit.tui.commands import CoursekitCommands, PaletteCommand
from coursekit.tui.first_start import FirstStart
from coursekit.tui.heap import release_gc
from coursekit.tui.registry import DEFAULT_SCREEN, SCREENS, screen_spec
from coursekit.tui.student_commands import StudentCommands
from coursekit.tui.workers import deliver, service_work

DARK_THEME, LIGHT_THEME = "textual-dark", "textual-light"


class CoursekitApp(FirstStart, App[None]):
    """Screens call services (from thread workers) and never touch the database directly."""

    CSS_PATH = "app.tcss"
    TITLE = "coursekit"
    MODES: ClassVar = {spec.name: spec.factory for spec in SCREENS}
    DEFAULT_MODE: ClassVar[str] = DEFAULT_SCREEN
    COMMANDS: ClassVar = App.COMMANDS | {CoursekitCommands, StudentCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        *(
            Binding(
                spec.key,
                f"show_screen('{spec.name}')",
                spec.title,
                id=spec.binding_id,
                tooltip=spec.description,
            )
            for spec in SCREENS
        ),
        Binding(
            "s",
            "switch_course",
            "Course",
            id="course.switch",
            tooltip="Switch to another course in this database",
        ),
        Binding(
            "question_mark",
            "help",
            "Help",
            key_display="?",
            id="help",
            tooltip="List every key of this screen",
        ),
        Binding(
            "t",
            "toggle_theme",
            "Theme",
            id="theme.toggle",
            tooltip="Switch between the light and the dark theme",
        ),
        Binding("q", "quit", "Quit", id="quit", tooltip="Leave coursekit"),
    ]

    course_code: reactive[str | None] = reactive(None, init=False)
    """The course every screen shows; screens watch it and reload (attributes down)."""
    data_version: reactive[int] = reactive(0, init=False)
    """Bumped by ``data_changed()`` after any edit: course screens reload (now or on return)."""

    def __init__(
        self,
        ctx: ServiceContext,
        *,
        course_code: str | None = None,
        now: datetime | None = None,
        screen: str | None = None,
    ) -> None:
        """``screen``: the main screen to open on (a registry name; default DEFAULT_SCREEN)."""
        if screen is not None:
            screen_spec(screen)  # unknown names fail loudly
            self.DEFAULT_MODE = screen  # type: ignore[misc]  # read by App.__init__
        super().__init__()
        self.ctx = ctx
        self.fixed_now = now  # tests and snapshots pin the clock (see ``now()``)
        self.course: CourseInfo | None = None
        self._requested_course = course_code
        self.theme = DARK_THEME
        # Screens start loading at once when the course is known; the app checks it meanwhile.
        self.set_reactive(CoursekitApp.course_code, course_code)

    def on_mount(self) -> None:
        self.resolve_course(self._requested_course)

    def on_unmount(self) -> None:
        release_gc()  # what the screens moved out of the collector's reach
        self.ctx.close()

    # ------------------------------------------------------------ the course

    @service_work(group="app.course")
    def resolve_course(self, requested: str | None) -> None:
        from coursekit.services.courses import list_courses

        deliver(self, self._courses_known, requested, list_courses(self.ctx))

    def _courses_known(self, requested: str | None, courses: list[CourseInfo]) -> None:
        by_code = {c.code: c for c in courses}
        if requested and requested in by_code:
            self._set_course(by_code[requested])
        elif not courses:
            self.offer_first_course()
        elif len(courses) == 1 and not requested:
            self._set_course(courses[0])
        else:
            if requested:
                self.notify(f"no course {requested!r}: pick one", severity="warning", markup=False)
            self.action_switch_course()

    def _set_course(self, course: CourseInfo) -> None:
        self.course = course
        self.sub_title = f"{course.code} · {course.title} · {course.term}"
        self.course_code = course.code

    def change_course(self, course: CourseInfo) -> None:
        """Show ``course`` everywhere: other screens restart, this one drops what it pushed."""
        if course.code == self.course_code:
            return
        for spec in SCREENS:
            if spec.name != self.current_mode:
                self.remove_mode(spec.name)
                self.add_mode(spec.name, spec.factory)
        while len(self.screen_stack) > 1:
            self.pop_screen()
        self._set_course(course)

    def now(self) -> datetime:
        """The instant views are computed for: the clock, or the ``now`` the app was given
        (tests and snapshots pass one so they never depend on the real date)."""
        return self.fixed_now if self.fixed_now is not None else datetime.now(UTC)

    def today(self) -> date:
        return self.now().date()

    def data_changed(self) -> None:
        """Call after a service changed data (edit, drop, import, undo): views reload."""
        self.data_version += 1

    # ------------------------------------------------------------ actions

    def action_show_screen(self, name: str) -> None:
        screen_spec(name)  # unknown names fail loudly in development
        if self.current_mode == name:
            while len(self.screen_stack) > 1:  # back to the screen itself
                self.pop_screen()
        else:
            self.switch_mode(name)

    def action_switch_course(self) -> None:
        from coursekit.tui.screens.course_switcher import CourseSwitcher

        if isinstance(self.screen, CourseSwitcher):
            return

        def chosen(course: CourseInfo | None) -> None:
            if course is not None:
                self.change_course(course)

        self.push_screen(CourseSwitcher(self.course_code), chosen)

    def action_help(self) -> None:
        from coursekit.tui.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            self.pop_screen()
            return
        self.push_screen(HelpScreen.for_screen(self.screen))

    def action_toggle_theme(self) -> None:
        self.theme = LIGHT_THEME if self.current_theme.dark else DARK_THEME

    def open_student(self, enrollment_id: int, row: RosterRow | None = None) -> None:
        """Push the student screen (any screen listing students can call this; pass the
        roster row when at hand, it is shown without another query)."""
        from coursekit.tui.screens.student import StudentScreen

        self.push_screen(StudentScreen(enrollment_id, row))

    # ------------------------------------------------------------ palette

    def palette_commands(self) -> Iterable[PaletteCommand]:
        yield PaletteCommand(
            "New course", "Create a course from a syllabus file", self.offer_first_course
        )
        yield PaletteCommand("Dark theme", "Use the dark theme", lambda: self._use(DARK_THEME))
        yield PaletteCommand("Light theme", "Use the light theme", lambda: self._use(LIGHT_THEME))

    def _use(self, theme: str) -> None:
        self.theme = theme

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        # "Quit" is already an entry (the q binding); keep Textual's others (Theme, Keys, ...).
        yield from (c for c in super().get_system_commands(screen) if c.title != "Quit")
