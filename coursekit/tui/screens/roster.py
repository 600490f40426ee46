"""Roster: every student of the course, filterable by typing."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Input, Static

from coursekit.domain.records import RosterRow

if TYPE_CHECKING:
    from coursekit.tui.app import CoursekitApp

COLUMNS = ("Student id", "Name", "Email", "Section", "Status")


def matches(row: RosterRow, needle: str) -> bool:
    if not needle:
        return True
    haystack = " ".join((row.student_id, row.name, row.email or "", row.section, row.status))
    return needle.casefold() in haystack.casefold()


class RosterScreen(Screen[None]):
    def __init__(self) -> None:
        super().__init__()
        self.rows: list[RosterRow] = []

    @property
    def ck(self) -> CoursekitApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(placeholder="Type to filter by name, id, email, section, status", id="filter")
        yield DataTable(id="roster", cursor_type="row", zebra_stripes=True)
        yield Static("Loading…", id="status")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(DataTable).add_columns(*COLUMNS)
        self.load()

    @work(thread=True, exclusive=True, group="roster")
    def load(self) -> None:
        from coursekit.services.courses import get_course
        from coursekit.services.roster import list_roster

        course = get_course(self.ck.ctx, self.ck.course_code)
        rows = list_roster(self.ck.ctx, course.code)
        self.app.call_from_thread(self.show, course.code, course.title, rows)

    def show(self, code: str, title: str, rows: list[RosterRow]) -> None:
        self.sub_title = f"{code} {title}"
        self.rows = rows
        self.refresh_table(self.query_one("#filter", Input).value)

    def on_input_changed(self, event: Input.Changed) -> None:
        self.refresh_table(event.value)

    def refresh_table(self, needle: str) -> None:
        table = self.query_one(DataTable)
        table.clear()
        shown = [r for r in self.rows if matches(r, needle.strip())]
        table.add_rows(
            [
                (
                    Text(r.student_id),
                    Text(r.name),
                    Text(r.email or ""),
                    Text(r.section),
                    Text(r.status),
                )
                for r in shown
            ]
        )
        self.query_one("#status", Static).update(Text(f"{len(shown)} of {len(self.rows)} students"))
