"""Add or edit a student in a modal form that validates before it saves.

Saving calls the roster service in a thread worker. A refused save (empty name, duplicate id)
shows its reason inline and keeps the form open. An edit carries the version the form was
opened with: when someone else changed the student meanwhile the service raises ``Conflict``,
the user is told, and the opener reloads — nothing is overwritten silently.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from coursekit.domain.records import RosterRow
from coursekit.services.context import Conflict, ServiceError
from coursekit.tui.app_access import course_app
from coursekit.tui.hints import error_text
from coursekit.tui.widgets.student_fields import StudentFields, unchanged
from coursekit.tui.workers import deliver, service_work

if TYPE_CHECKING:
    from coursekit.services.roster.roster import StudentEdit


@dataclass(frozen=True, slots=True)
class FormResult:
    """What the form ended with (``None`` instead of this: cancelled)."""

    row: RosterRow | None  # the saved row; None after a conflict
    conflict: bool = False


def edit_from(values: dict[str, str]) -> StudentEdit:
    from coursekit.services.roster.roster import StudentEdit

    return StudentEdit(
        name=values["name"],
        sortable_name=values["sortable_name"],
        email=values["email"],
        section=values["section"],
    )


class StudentFormScreen(ModalScreen[FormResult | None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "save", "Save"),
    ]

    def __init__(self, course: str, row: RosterRow | None = None) -> None:
        super().__init__()
        self.course = course
        self.row = row

    def compose(self) -> ComposeResult:
        title = "Add student" if self.row is None else "Edit student"
        with VerticalScroll(classes="dialog form", can_focus=False) as dialog:
            dialog.border_title = f"{title} — {self.course}"
            yield StudentFields(self.row, id_editable=self.row is None)
            yield Static("", id="form-error")
            with Horizontal(classes="buttons"):
                yield Button("Save", variant="primary", id="save")
                yield Button("Cancel", id="cancel")
            yield Static("enter/ctrl+s save · esc cancel", classes="hint")

    def on_mount(self) -> None:
        first = "#field-student_id" if self.row is None else "#field-name"
        self.query_one(first, Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "save":
            self.action_save()
        else:
            self.action_cancel()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_save(self) -> None:
        fields = self.query_one(StudentFields)
        self.query_one("#form-error", Static).update("")
        if not fields.validate():
            return
        if self.row is not None and unchanged(self.row, fields.values()):
            self.app.notify("Nothing changed", severity="warning")
            self.dismiss(None)
            return
        self.query_one("#save", Button).disabled = True
        self.save(fields.values())

    @service_work(group="student-form")
    def save(self, values: dict[str, str]) -> None:
        from coursekit.services.roster.roster import add_student, edit_student

        ctx = course_app(self).ctx
        try:
            if self.row is None:
                row = add_student(
                    ctx,
                    self.course,
                    student_id=values["student_id"],
                    name=values["name"],
                    email=values["email"] or None,
                    section=values["section"],
                    sortable_name=values["sortable_name"] or None,
                )
            else:
                row = edit_student(
                    ctx,
                    self.row.enrollment_id,
                    edit_from(values),
                    expected_version=self.row.version,
                    expected_enrollment_version=self.row.enrollment_version,
                )
        except Conflict as exc:
            deliver(self.app, self.conflicted, error_text(exc))
        except ServiceError as exc:
            deliver(self.app, self.refused, error_text(exc), exc.field)
        else:
            deliver(self.app, self.dismiss, FormResult(row))

    def refused(self, message: str, field: str | None) -> None:
        self.query_one("#save", Button).disabled = False
        self.query_one(StudentFields).show_refusal(
            message, field, self.query_one("#form-error", Static)
        )

    def conflicted(self, message: str) -> None:
        self.app.notify(
            message, title="Not saved: conflict", severity="error", timeout=10, markup=False
        )
        self.dismiss(FormResult(None, conflict=True))
