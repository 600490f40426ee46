"""ClassTableScreen: a class view as one table — filter box, RecordTable, status line.

The labs matrix, credits and readiness screens are this plus their columns and one service
call: ``fetch(code)`` runs in a thread worker, ``records_of(result)`` gives the rows, Enter
opens the student (``enrollment_of``). ``/`` focuses the filter (every word must match), Escape
clears it, digits sort (the same digit again reverses), ``ctrl+r`` reloads.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from typing import Any, ClassVar

from textual.binding import BindingType

from coursekit.tui.screens.filtered_table import (
    FilteredTableScreen,
    filter_bindings,
    reload_binding,
)
from coursekit.tui.text import section_label
from coursekit.tui.widgets.record_table import Column, RecordTable
from coursekit.tui.workers import deliver, service_work


class ClassTableScreen(FilteredTableScreen):
    NAME: ClassVar[str]  # "labs" → ids, binding ids and palette titles
    NOUN: ClassVar[str] = "students"
    FILTER_HINT: ClassVar[str] = "/ to filter by name, id or section"
    DEFAULT_SORT: ClassVar[tuple[str | None, bool]] = ("name", False)  # (column key, reverse)

    BINDINGS: ClassVar[list[BindingType]] = [
        *filter_bindings("list", "Filter by name, id or section (every word must match)"),
        reload_binding("list", "Read the data again from the database", show=True),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.result: Any = None

    # ------------------------------------------------------------ to implement

    def fetch(self, code: str) -> Any:
        """Call the service (runs in a thread worker)."""
        raise NotImplementedError

    def records_of(self, result: Any) -> Sequence[Any]:
        return result  # type: ignore[no-any-return]

    def columns_for(self, result: Any) -> Sequence[Column[Any]]:
        raise NotImplementedError

    def enrollment_of(self, record: Any) -> int:
        return record.student.enrollment_id  # type: ignore[no-any-return]

    def key_of(self, record: Any) -> Hashable:
        return self.enrollment_of(record)

    def search_of(self, record: Any) -> str:
        student = record.student
        return f"{student.student_id}\t{student.name}\t{student.sortable_name}\t{student.section}"

    def status_parts(self, table: RecordTable[Any]) -> list[str]:
        """Extra facts for the status line (after "n of m students")."""
        return []

    def shown(self, result: Any) -> None:
        """Hook after new data is in the table (e.g. a footer row)."""

    # ------------------------------------------------------------ loading, status

    @property
    def table_id(self) -> str:
        return f"{self.NAME}-table"

    @service_work(group="class-table.load")
    def load(self, code: str) -> None:
        deliver(self.app, self.show, code, self.fetch(code))

    def show(self, code: str, result: Any) -> None:
        if code != self.ck.course_code:
            return  # the course changed while loading
        self.result = result
        table = self.table
        first = not table.columns
        table.set_columns(self.columns_for(result))
        if first and self.DEFAULT_SORT[0] is not None:
            table.sort_by(self.DEFAULT_SORT[0], reverse=self.DEFAULT_SORT[1])
        table.set_records(self.records_of(result))
        self.shown(result)

    def empty_message(self, table: RecordTable[Any]) -> str:
        if table.records:
            return "Nothing matches the filter (esc clears it)"
        return f"No active students in {self._course} yet"

    def status_line(self, table: RecordTable[Any]) -> list[str]:
        counts = f"{table.row_count:,} of {len(table.records):,} {self.NOUN}"
        return [counts, *self.status_parts(table), *self.view_hints(table)]

    def on_record_table_selected(self, event: RecordTable.Selected) -> None:
        event.stop()
        self.ck.open_student(self.enrollment_of(event.record))


def student_columns(
    name: Callable[[Any], Any] = lambda r: r.student,
) -> list[Column[Any]]:
    """Name, Student id and Section of a record with a ``StudentRef`` (``name(record)``)."""
    return [
        Column(
            "name",
            "Name",
            lambda r: name(r).name,
            max_width=28,
            sort_key=lambda r: (name(r).sortable_name.casefold(), name(r).student_id),
        ),
        Column("student_id", "Student id", lambda r: name(r).student_id, max_width=12),
        Column(
            "section",
            "Section",
            lambda r: section_label(name(r).section),
            max_width=14,
            sort_key=lambda r: name(r).section.casefold(),
        ),
    ]
