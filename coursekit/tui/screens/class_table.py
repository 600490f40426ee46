"""ClassTableScreen: a class view as one table — filter box, RecordTable, status line.

The labs matrix, credits and readiness screens are this plus their columns and one service
call: ``fetch(code)`` runs in a thread worker, ``records_of(result)`` gives the rows, Enter
opens the student (``enrollment_of``). ``/`` focuses the filter (every word must match), Escape
clears it, digits sort (the same digit again reverses), ``ctrl+r`` reloads.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from functools import partial
from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Footer, Header, Input, Static

from coursekit.tui.commands import PaletteCommand
from coursekit.tui.screens.base import CourseScreen
from coursekit.tui.widgets.record_table import Column, RecordTable
from coursekit.tui.workers import deliver, service_work


class ClassTableScreen(CourseScreen):
    NAME: ClassVar[str]  # "labs" → ids, binding ids and palette titles
    NOUN: ClassVar[str] = "students"
    FILTER_HINT: ClassVar[str] = "/ to filter by name, id or section"
    DEFAULT_SORT: ClassVar[tuple[str | None, bool]] = ("name", False)  # (column key, reverse)

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "slash",
            "focus_filter",
            "Filter",
            key_display="/",
            id="list.filter",
            tooltip="Filter by name, id or section (every word must match)",
        ),
        Binding(
            "escape",
            "clear_filter",
            "Clear",
            key_display="esc",
            id="list.clear_filter",
            tooltip="Show every student again",
        ),
        Binding(
            "ctrl+r",
            "reload",
            "Reload",
            id="list.reload",
            tooltip="Read the data again from the database",
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._course: str | None = None
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

    # ------------------------------------------------------------ layout

    @property
    def table(self) -> RecordTable[Any]:
        return self.query_one(f"#{self.NAME}-table", RecordTable)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(placeholder=self.FILTER_HINT, id="filter")
        yield from self.compose_table()
        yield Static(Text("Loading…"), id="status")
        yield Footer()

    def compose_table(self) -> ComposeResult:
        yield self.make_table()

    def make_table(self, **options: Any) -> RecordTable[Any]:
        return RecordTable(
            (),
            key=self.key_of,
            search=self.search_of,
            empty_text="Loading…",
            id=f"{self.NAME}-table",
            selectable=True,
            **options,
        )

    def on_mount(self) -> None:
        self.table.focus()

    # ------------------------------------------------------------ loading

    def load_course(self, code: str) -> None:
        self._course = code
        self.query_one("#status", Static).update(Text(f"Loading {code}…"))
        self.load(code)

    def no_course(self) -> None:
        self.query_one("#status", Static).update(Text("No course chosen: press s"))

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

    def action_reload(self) -> None:
        self.reload()

    # ------------------------------------------------------------ filter, status

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "filter":
            event.stop()
            self.table.set_filter(event.value)
            self.refresh_bindings()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "filter":
            event.stop()
            self.set_focus(self.table)

    def action_focus_filter(self) -> None:
        self.set_focus(self.query_one("#filter", Input))

    def action_clear_filter(self) -> None:
        self.query_one("#filter", Input).value = ""
        self.set_focus(self.table)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "clear_filter":
            boxes = self.query("#filter").results(Input)
            return any(box.value or box.has_focus for box in boxes)
        return True

    def on_record_table_view_changed(self, event: RecordTable.ViewChanged) -> None:
        table = event.table
        if table is not self.table:
            return
        total = len(table.records)
        if not self._course:
            table.empty_text = "No course chosen yet: press s"
        elif total:
            table.empty_text = "Nothing matches the filter (esc clears it)"
        else:
            table.empty_text = f"No active students in {self._course} yet"
        parts = [f"{table.row_count:,} of {total:,} {self.NOUN}", *self.status_parts(table)]
        column = next((c for c in table.columns if c.key == table.sort_column), None)
        if column is not None:
            parts.append(f"sorted by {column.label} {'▼' if table.sort_reverse else '▲'}")
        if table.filter_text.strip():
            parts.append("enter: to the list · esc clears the filter")
        self.query_one("#status", Static).update(Text(" · ".join(parts)))

    def on_record_table_selected(self, event: RecordTable.Selected) -> None:
        event.stop()
        self.ck.open_student(self.enrollment_of(event.record))

    # ------------------------------------------------------------ palette

    def sort_commands(self, title: str) -> Iterable[PaletteCommand]:
        for column in self.table.columns:
            yield PaletteCommand(
                f"Sort {title} by {column.label}",
                "Press again to reverse",
                partial(self._sort_from_palette, column.key),
            )

    def filter_command(self, title: str, help_text: str, text: str) -> PaletteCommand:
        return PaletteCommand(title, help_text, partial(self._set_filter, text))

    def _sort_from_palette(self, key: str) -> None:
        table = self.table
        table.sort_by(key, reverse=not table.sort_reverse if table.sort_column == key else False)

    def _set_filter(self, text: str) -> None:
        self.query_one("#filter", Input).value = text


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
        Column("section", "Section", lambda r: name(r).section, max_width=12),
    ]
