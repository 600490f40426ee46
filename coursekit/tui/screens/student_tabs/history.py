"""History: the student's audit trail (who changed what, when, from which value)."""

from __future__ import annotations

from datetime import datetime

from textual.app import ComposeResult

from coursekit.domain.records import RosterRow
from coursekit.tui.screens.student_tabs.base import StudentTab
from coursekit.tui.widgets.record_table import Column, RecordTable
from coursekit.tui.workers import deliver, service_work

Event = tuple[datetime, str, str, str, str | None, str | None]

COLUMNS: tuple[Column[Event], ...] = (
    Column(
        "at",
        "When",
        lambda e: f"{e[0].astimezone():%Y-%m-%d %H:%M}",
        width=16,
        sort_key=lambda e: e[0],
    ),
    Column("actor", "Who", lambda e: e[1], max_width=16),
    Column("what", "What", lambda e: f"{e[2]}.{e[3]}", max_width=24),
    Column("old", "Old", lambda e: e[4], max_width=30),
    Column("new", "New", lambda e: e[5], max_width=30),
)


class HistoryTab(StudentTab):
    TAB_ID = "history"
    TITLE = "History"

    def compose(self) -> ComposeResult:
        yield RecordTable(COLUMNS, empty_text="No changes recorded", id="history-table")

    def show_student(self, row: RosterRow) -> None:
        super().show_student(row)
        self.load(row.student_pk)

    @service_work(group="student.history")
    def load(self, student_pk: int) -> None:
        from coursekit.services.roster import student_history

        events = student_history(self.ctx, student_pk)
        deliver(self.app, self.query_one(RecordTable).set_records, events)
