"""Attach a student's CloudFormation template: pick the file, attach it in a worker, report.

Shared by the Checklists class view and the student's Checklist tab (``TemplateAttacher`` is a
mixin for any widget or screen). The result says what the checklist gained: items added, kept
(still produced by the new template; their status stays), retired (no longer produced) — or
the parse error when the file is not a template (the checklist is then left unchanged).
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coursekit.services.context import ServiceError
from coursekit.tui.app_access import course_app
from coursekit.tui.hints import error_text
from coursekit.tui.text import clean
from coursekit.tui.widgets.file_picker import TEMPLATES, FilePickerScreen
from coursekit.tui.workers import deliver, service_work

if TYPE_CHECKING:
    from textual.notifications import SeverityLevel
    from textual.widget import Widget as _NodeParts  # the mixin's self: a widget or screen
else:
    _NodeParts = object


def attach_message(name: str, result: Any) -> tuple[str, SeverityLevel]:
    """(one-line message, notification severity) for an ``AttachResult``."""
    checklist = result.checklist
    who = clean(name)
    file_name = clean(checklist.template or "the template")
    if checklist.parse_error:
        error = clean(checklist.parse_error)
        return (
            f"{file_name} for {who} could not be read: {error}; "
            "not handed in (a blocking item says so)",
            "error",
        )
    reopened = f", {result.reopened} reopened" if result.reopened else ""
    return (
        f"Attached {file_name} for {who}: {result.added} item(s) added, "
        f"{result.kept} kept, {result.retired} retired{reopened}",
        "information",
    )


class TemplateAttacher(_NodeParts):
    """Mixin: ``ask_template(course, student_id, name)`` runs the whole flow and calls
    ``template_attached(result)`` on success (override it to reload)."""

    def ask_template(self, course: str, student_id: str, name: str) -> None:
        screen = FilePickerScreen(f"Template for {clean(name)}", TEMPLATES)
        self.app.push_screen(screen, partial(self._template_chosen, course, student_id, name))

    def _template_chosen(self, course: str, student_id: str, name: str, path: Path | None) -> None:
        if path is not None:
            self._attach_worker(course, student_id, name, path)

    @service_work(group="checklist.attach")
    def _attach_worker(self, course: str, student_id: str, name: str, path: Path) -> None:
        from coursekit.services.checklists import attach_template

        app = course_app(self)
        try:
            result = attach_template(app.ctx, course, student_id, path)
        except ServiceError as exc:
            deliver(self.app, self._template_failed, error_text(exc))
            return
        deliver(self.app, self._template_done, name, result)

    def _template_failed(self, message: str) -> None:
        self.notify(message, title="Template not attached", severity="error", markup=False)

    def _template_done(self, name: str, result: Any) -> None:
        message, severity = attach_message(name, result)
        self.notify(message, title="Template", severity=severity, timeout=8, markup=False)
        course_app(self).data_changed()
        self.template_attached(result)

    def template_attached(self, result: Any) -> None:
        """Called on the UI thread after a successful attach."""
