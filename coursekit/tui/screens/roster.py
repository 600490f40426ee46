"""Roster: every student of the course — filter, sort, add, edit, drop; Enter opens a student."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType

from coursekit.domain.enums import EnrollmentStatus
from coursekit.domain.records import RosterRow
from coursekit.tui.commands import PaletteCommand
from coursekit.tui.heap import keep_out_of_gc
from coursekit.tui.screens.filtered_table import (
    FilteredTableScreen,
    filter_bindings,
    reload_binding,
)
from coursekit.tui.screens.roster_merge import MERGE_BINDING, MergeAction
from coursekit.tui.screens.student_form import FormResult, StudentFormScreen
from coursekit.tui.text import clean, literal
from coursekit.tui.widgets.record_table import Column, RecordTable
from coursekit.tui.workers import deliver, service_work


def _status(row: RosterRow) -> Text:
    dropped = row.status == EnrollmentStatus.DROPPED
    return literal(row.status, "bold red" if dropped else "")


COLUMNS: tuple[Column[RosterRow], ...] = (
    Column(
        "name",
        "Name",
        lambda r: r.name,
        max_width=32,
        sort_key=lambda r: (r.sortable_name.casefold(), r.student_id),
    ),
    Column("student_id", "Student id", lambda r: r.student_id, max_width=16),
    Column("status", "Status", _status, width=8),  # before the wide columns: fits 80 columns
    Column("section", "Section", lambda r: r.section, max_width=24),
    Column("email", "Email", lambda r: r.email, max_width=36),
)


def search_text(row: RosterRow) -> str:
    return "\t".join(
        (row.student_id, row.name, row.sortable_name, row.email or "", row.section, row.status)
    )


class RosterScreen(MergeAction, FilteredTableScreen):
    TITLE = "Roster"
    TABLE_ID = "roster"
    FILTER_HINT = "/ to filter by name, id, email, section, status"
    BINDINGS: ClassVar[list[BindingType]] = [
        *filter_bindings(
            "roster", "Filter by name, id, email, section or status (every word must match)"
        ),
        Binding("a", "add", "Add", id="roster.add", tooltip="Enroll a student in this course"),
        Binding("m", "edit", "Edit", id="roster.edit", tooltip="Edit the highlighted student"),
        Binding(
            "delete,ctrl+d",
            "drop",
            "Drop",
            key_display="del",
            id="roster.drop",
            tooltip="Drop the highlighted student (scores and history are kept)",
        ),
        MERGE_BINDING,
        reload_binding("roster", "Read the roster again from the database"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._pending_key: int | None = None  # put the cursor here after the next load

    def compose_table(self) -> ComposeResult:
        yield self.make_table(COLUMNS)

    def on_mount(self) -> None:
        self.table.sort_by("name")  # (FilteredTableScreen's on_mount then focuses the table)

    def search_of(self, record: RosterRow) -> str:
        return search_text(record)

    # ------------------------------------------------------------ loading, status

    @service_work(group="roster.load")
    def load(self, code: str) -> None:
        from coursekit.services.roster.roster import list_roster

        deliver(self.app, self.show, code, list_roster(self.ctx, code))

    def show(self, code: str, rows: list[RosterRow]) -> None:
        if code != self.ck.course_code:
            return  # the course changed while loading
        table = self.table
        table.set_records(rows)
        keep_out_of_gc()
        if self._pending_key is not None:
            table.move_to_key(self._pending_key)
            self._pending_key = None

    def empty_message(self, table: RecordTable[RosterRow]) -> str:
        if table.records:
            return "No student matches the filter (esc clears it)"
        return f"No students in {self._course} yet: press a to add one"

    def status_line(self, table: RecordTable[RosterRow]) -> list[str]:
        active = sum(1 for r in table.records if r.status == EnrollmentStatus.ACTIVE)
        counts = f"{table.row_count} of {len(table.records)} students"
        return [counts, f"{active} active", *self.view_hints(table)]

    # ------------------------------------------------------------ actions

    def on_record_table_selected(self, event: RecordTable.Selected) -> None:
        event.stop()
        self.ck.open_student(event.record.enrollment_id, event.record)

    def _highlighted(self) -> RosterRow | None:
        row = self.table.cursor_record
        if row is None:
            self.notify("No student highlighted", severity="warning")
        return row

    def action_add(self) -> None:
        if self._course:
            self.app.push_screen(StudentFormScreen(self._course), self._form_closed)

    def action_edit(self) -> None:
        row = self._highlighted()
        if row is not None and self._course:
            self.app.push_screen(StudentFormScreen(self._course, row), self._form_closed)

    def _form_closed(self, result: FormResult | None) -> None:
        if result is None:
            return
        if result.row is not None:
            self._pending_key = result.row.enrollment_id
            self.notify(f"Saved {clean(result.row.name)}", markup=False)
        self.ck.data_changed()  # also after a conflict: show what is stored now

    def action_drop(self) -> None:
        from coursekit.tui.screens.confirm import ConfirmScreen

        row = self._highlighted()
        if row is None or not self._course:
            return
        if row.status == EnrollmentStatus.DROPPED:
            self.notify("This student is already dropped", severity="warning")
            return
        question = Text.assemble(
            "Drop ",
            literal(row.name, "bold"),
            f" ({clean(row.student_id)}) from ",
            literal(self._course),
            "?\nScores and history are kept; adding the id again re-enrolls the student.",
        )
        self.app.push_screen(
            ConfirmScreen(question, confirm_label="Drop", title="Drop student"),
            partial(self._drop_confirmed, row),
        )

    def _drop_confirmed(self, row: RosterRow, confirmed: bool | None) -> None:
        if confirmed:
            self.drop(row.enrollment_id)

    @service_work(group="roster.drop")
    def drop(self, enrollment_id: int) -> None:
        from coursekit.services.roster.roster import drop_student

        row = drop_student(self.ctx, enrollment_id)
        deliver(self.app, self._dropped, row)

    def _dropped(self, row: RosterRow) -> None:
        self.notify(f"Dropped {clean(row.name)}", markup=False)
        self._pending_key = row.enrollment_id
        self.ck.data_changed()

    # ------------------------------------------------------------ palette

    def palette_commands(self) -> Iterable[PaletteCommand]:
        yield from self.sort_commands("roster")
        yield self.filter_command("Clear roster filter", "Show every student", "")
        yield self.filter_command("Show dropped students only", "Filter on status", "dropped")
