"""First start on an empty database: offer to create a course from a syllabus file, then to
import a first file, instead of leaving empty panels."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text

from coursekit.tui.hints import error_text
from coursekit.tui.text import clean
from coursekit.tui.workers import deliver, service_work

if TYPE_CHECKING:
    from textual.app import App

    from coursekit.domain.records import CourseInfo, InitResult
    from coursekit.services.context import ServiceContext

    class _AppParts(App[None]):
        """What the mixin uses of ``CoursekitApp``, the one class it is mixed into."""

        ctx: ServiceContext

        def _set_course(self, course: CourseInfo) -> None: ...
        def data_changed(self) -> None: ...
        def action_show_screen(self, name: str) -> None: ...

else:
    _AppParts = object


class FirstStart(_AppParts):
    """Mixin of the app: ``offer_first_course()`` runs the whole flow."""

    def offer_first_course(self) -> None:
        from coursekit.tui.screens.confirm import ConfirmScreen

        question = Text(
            "This database has no course yet. Create one from a syllabus file (.toml, see "
            "syllabi/ in the coursekit folder)? Then you can import a roster or gradebook."
        )
        self.push_screen(
            ConfirmScreen(question, confirm_label="Choose syllabus", title="First start"),
            self._first_answer,
        )

    def _first_answer(self, yes: bool | None) -> None:
        from coursekit.tui.widgets.file_picker import FilePickerScreen

        if not yes:
            self.notify(
                "no course yet: ctrl+p › New course, or `coursekit init syllabi/<course>.toml`",
                title="No course",
                severity="warning",
                timeout=15,
                markup=False,
            )
            return
        self.push_screen(FilePickerScreen("Syllabus for the new course", (".toml",)), self._picked)

    def _picked(self, path: Path | None) -> None:
        if path is not None:
            self._create_course(path)

    @service_work(group="app.first_course")
    def _create_course(self, path: Path) -> None:
        from coursekit.services.context import ServiceError
        from coursekit.services.courses import init_course

        try:
            result = init_course(self.ctx, path)
        except ServiceError as exc:
            deliver(self, self._not_created, error_text(exc))
        else:
            deliver(self, self._created, result)

    def _not_created(self, message: str) -> None:
        self.notify(message, title="Course not created", severity="error", timeout=15, markup=False)
        self.offer_first_course()

    def _created(self, result: InitResult) -> None:
        from coursekit.tui.screens.confirm import ConfirmScreen

        course = result.course
        self._set_course(course)
        self.data_changed()
        question = Text(
            f"Course {clean(course.code)} ({clean(course.title)}) created with "
            f"{result.assessments_added} assessments. Import a first file now (a roster, a "
            "Canvas gradebook, credits or practice results)?"
        )
        self.push_screen(
            ConfirmScreen(question, confirm_label="Import a file", title="Course created"),
            self._import_answer,
        )

    def _import_answer(self, yes: bool | None) -> None:
        if yes:
            self.action_show_screen("import")
