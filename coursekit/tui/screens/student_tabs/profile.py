"""Profile: edit the student's name, sortable name, email and section (version-checked)."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Input, Static

from coursekit.domain.records import RosterRow
from coursekit.services.context import Conflict, ServiceError
from coursekit.tui.hints import error_text
from coursekit.tui.screens.student_form import edit_from
from coursekit.tui.screens.student_tabs.base import StudentTab
from coursekit.tui.text import clean
from coursekit.tui.widgets.student_fields import StudentFields, unchanged
from coursekit.tui.workers import deliver, service_work


class ProfileTab(StudentTab):
    TAB_ID = "profile"
    TITLE = "Profile"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="student.save", tooltip="Save the profile"),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(can_focus=False):  # Tab goes straight to the first field
            yield StudentFields(id_editable=False, id="profile-fields")
            yield Static("", id="profile-error")
            with Horizontal(classes="buttons"):
                yield Button("Save", variant="primary", id="profile-save")
                yield Button("Revert", id="profile-revert")

    def show_student(self, row: RosterRow) -> None:
        super().show_student(row)
        self.query_one(StudentFields).set_row(row)
        self.query_one("#profile-error", Static).update("")
        self.query_one("#profile-save", Button).disabled = False

    def has_unsaved_edits(self) -> bool:
        """The form differs from the stored student (leaving would throw the edit away)."""
        return self.row is not None and not unchanged(
            self.row, self.query_one(StudentFields).values()
        )

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "profile-save":
            self.action_save()
        elif self.row is not None:
            self.show_student(self.row)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def action_save(self) -> None:
        fields = self.query_one(StudentFields)
        if self.row is None or not fields.validate():
            return
        if unchanged(self.row, fields.values()):
            self.notify("Nothing changed", severity="warning")
            return
        self.query_one("#profile-save", Button).disabled = True
        self.save(self.row, fields.values())

    @service_work(group="student.profile")
    def save(self, row: RosterRow, values: dict[str, str]) -> None:
        from coursekit.services.roster.roster import edit_student

        try:
            saved = edit_student(
                self.ctx,
                row.enrollment_id,
                edit_from(values),
                expected_version=row.version,
                expected_enrollment_version=row.enrollment_version,
            )
        except Conflict as exc:
            deliver(self.app, self.conflicted, error_text(exc))
        except ServiceError as exc:
            deliver(self.app, self.refused, error_text(exc), exc.field)
        else:
            deliver(self.app, self.saved, saved)

    def saved(self, row: RosterRow) -> None:
        self.notify(f"Saved {clean(row.name)}", markup=False)
        self.ck.data_changed()  # lists showing the student
        self.post_message(self.Changed())

    def refused(self, message: str, field: str | None) -> None:
        self.query_one("#profile-save", Button).disabled = False
        error = self.query_one("#profile-error", Static)
        self.query_one(StudentFields).show_refusal(message, field, error)

    def conflicted(self, message: str) -> None:
        self.notify(
            message, title="Not saved: conflict", severity="error", timeout=10, markup=False
        )
        self.post_message(self.Changed())  # reload: the form shows what is stored now
