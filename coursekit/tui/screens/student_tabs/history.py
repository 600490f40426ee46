"""History: the student's audited changes in words (what, old → new, who, when); ``r``
reverts the highlighted hand change after a confirmation, or says why it cannot."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType

from coursekit.domain.history import Change
from coursekit.domain.records import RosterRow
from coursekit.services.context import ServiceError
from coursekit.tui.hints import error_text
from coursekit.tui.screens.student_tabs.base import StudentTab
from coursekit.tui.text import literal
from coursekit.tui.widgets.record_table import Column, RecordTable
from coursekit.tui.workers import deliver, service_work

COLUMNS: tuple[Column[Change], ...] = (
    Column("id", "#", lambda c: str(c.id), width=6, justify="right", sort_key=lambda c: c.id),
    Column(
        "at",
        "When",
        lambda c: f"{c.at.astimezone():%Y-%m-%d %H:%M}",
        width=16,
        sort_key=lambda c: c.at,
    ),
    Column(
        "actor",
        "Who",
        lambda c: literal(c.actor + (f" (import {c.batch_id})" if c.batch_id else "")),
        max_width=22,
    ),
    Column("what", "What", lambda c: literal(c.subject), max_width=40),
    Column("change", "Change", lambda c: literal("; ".join(c.lines)), max_width=60),
)


class HistoryTab(StudentTab):
    TAB_ID = "history"
    TITLE = "History"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "revert", "Revert", tooltip="Take back the highlighted hand change"),
    ]

    def compose(self) -> ComposeResult:
        yield RecordTable(
            COLUMNS, key=lambda c: c.id, empty_text="No changes recorded", id="history-table"
        )

    def show_student(self, row: RosterRow) -> None:
        super().show_student(row)
        self.load(row.student_id)

    @service_work(group="student.history")
    def load(self, student_id: str) -> None:
        from coursekit.services.roster.history import history

        changes = history(self.ctx, self.ck.course_code, student_id, limit=500)
        deliver(self.app, self.query_one(RecordTable).set_records, changes)

    def action_revert(self) -> None:
        from coursekit.tui.screens.confirm import ConfirmScreen

        change = self.query_one(RecordTable).cursor_record
        if change is None:
            return
        question = Text.assemble(
            f"Revert change {change.id} ({change.subject})?\n",
            literal("\n".join(f"  {line}" for line in change.lines)),
            "\nThe old values come back; the revert itself is recorded.",
        )

        def answered(yes: bool | None) -> None:
            if yes:
                self.revert(change.id)

        self.app.push_screen(
            ConfirmScreen(question, confirm_label="Revert", title="Revert change"), answered
        )

    @service_work(group="student.revert")
    def revert(self, change_id: int) -> None:
        from coursekit.services.roster.history import revert

        try:
            revert(self.ctx, change_id)
        except ServiceError as exc:
            deliver(self.app, self.refused, error_text(exc))
        else:
            deliver(self.app, self.reverted, change_id)

    def refused(self, message: str) -> None:
        self.notify(message, title="Not reverted", severity="error", timeout=10, markup=False)

    def reverted(self, change_id: int) -> None:
        self.notify(f"Change {change_id} reverted", markup=False)
        self.ck.data_changed()
        self.post_message(self.Changed())
