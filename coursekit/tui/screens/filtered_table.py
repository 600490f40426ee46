"""FilteredTableScreen: a course screen around one RecordTable with a filter box and a status line.

The base of the Roster, the Checklists view and the class tables (``class_table.py``). ``/``
focuses the ``#filter`` box (every word must match), Enter goes back to the table, Escape clears
the filter (only offered while filtering), ``ctrl+r`` reloads; the ``#status`` line under the
table says what is shown. Subclasses give the table's columns (``compose_table``), the worker
``load(code)``, ``search_of`` and the texts: ``empty_message`` and ``status_line``.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from functools import partial
from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Header, Input, Static

from coursekit.tui.commands import PaletteCommand
from coursekit.tui.screens.base import CourseScreen
from coursekit.tui.widgets.quiet_footer import QuietFooter
from coursekit.tui.widgets.record_table import Column, RecordTable


def filter_bindings(prefix: str, tooltip: str) -> list[Binding]:
    """``/`` (focus the filter box), ``esc`` (clear it) and ``S`` (one section at a time),
    with binding ids ``<prefix>.…``."""
    return [
        Binding(
            "slash",
            "focus_filter",
            "Filter",
            key_display="/",
            id=f"{prefix}.filter",
            tooltip=tooltip,
        ),
        Binding(
            "escape",
            "clear_filter",
            "Clear",
            key_display="esc",
            id=f"{prefix}.clear_filter",
            tooltip="Show every student again",
        ),
        section_binding(prefix),
    ]


def section_binding(prefix: str) -> Binding:
    """``S`` cycles the section shown: all sections, then each one in turn."""
    return Binding(
        "S",
        "next_section",
        "Section",
        key_display="S",
        id=f"{prefix}.section",
        tooltip="Show one section at a time (press again for the next; then all again)",
    )


def reload_binding(prefix: str, tooltip: str, *, show: bool = False) -> Binding:
    return Binding("ctrl+r", "reload", "Reload", show=show, id=f"{prefix}.reload", tooltip=tooltip)


class FilteredTableScreen(CourseScreen):
    TABLE_ID: ClassVar[str]
    FILTER_HINT: ClassVar[str]

    def __init__(self) -> None:
        super().__init__()
        self._course: str | None = None
        self.section: str | None = None  # the one section shown (None: all)

    # ------------------------------------------------------------ to implement

    def load(self, code: str) -> None:
        """Start the service worker that fills the table."""
        raise NotImplementedError

    def key_of(self, record: Any) -> Hashable:
        return record.enrollment_id  # type: ignore[no-any-return]

    def search_of(self, record: Any) -> str:
        raise NotImplementedError

    def empty_message(self, table: RecordTable[Any]) -> str:
        """What an empty table says once a course is chosen."""
        raise NotImplementedError

    def status_line(self, table: RecordTable[Any]) -> list[str]:
        """The parts of the status line (joined with " · ")."""
        raise NotImplementedError

    def section_of(self, record: Any) -> str:
        """The section a record belongs to (roster rows and checklist rows carry it, class
        rows carry it on their student)."""
        section = getattr(record, "section", None)
        if section is None:
            section = getattr(getattr(record, "student", None), "section", "")
        return section or ""

    # ------------------------------------------------------------ layout

    @property
    def table_id(self) -> str:
        return self.TABLE_ID

    @property
    def table(self) -> RecordTable[Any]:
        return self.query_one(f"#{self.table_id}", RecordTable)

    def compose(self) -> ComposeResult:
        yield Header()
        yield from self.compose_filter()
        yield from self.compose_table()
        yield Static(Text("Loading…"), id="status")
        yield QuietFooter()

    def compose_filter(self) -> ComposeResult:
        yield Input(placeholder=self.FILTER_HINT, id="filter")

    def compose_table(self) -> ComposeResult:
        yield self.make_table()

    def make_table(self, columns: Sequence[Column[Any]] = (), **options: Any) -> RecordTable[Any]:
        return RecordTable(
            columns,
            key=self.key_of,
            search=self.search_of,
            empty_text="Loading…",
            id=self.table_id,
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
        # set_focus now, not focus() (deferred): keys typed right after "/" must land in the box.
        self.set_focus(self.query_one("#filter", Input))

    def action_clear_filter(self) -> None:
        self.query_one("#filter", Input).value = ""
        self.set_focus(self.table)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "clear_filter":  # only offered while filtering
            boxes = self.query("#filter").results(Input)
            return any(box.value or box.has_focus for box in boxes)
        return True

    def on_record_table_view_changed(self, event: RecordTable.ViewChanged) -> None:
        table = event.table
        if table is not self.table:
            return
        if not self._course:
            table.empty_text = "No course chosen yet: press s"
        else:
            table.empty_text = self.empty_message(table)
        self.query_one("#status", Static).update(Text(" · ".join(self.status_line(table))))

    def action_next_section(self) -> None:
        table = self.table
        sections = sorted({self.section_of(r) for r in table.records}, key=str.casefold)
        if not sections:
            return
        if self.section is None or self.section not in sections:
            self.section = sections[0]
        else:
            index = sections.index(self.section) + 1
            self.section = sections[index] if index < len(sections) else None
        chosen = self.section
        table.set_scope(None if chosen is None else (lambda r: self.section_of(r) == chosen))

    def view_hints(self, table: RecordTable[Any]) -> list[str]:
        """The sort column and, while filtering, how to get back: the end of a status line."""
        parts = []
        if self.section is not None:
            parts.append(f"section {self.section or '(none)'} only (S: next)")
        column = next((c for c in table.columns if c.key == table.sort_column), None)
        if column is not None:
            parts.append(f"sorted by {column.label} {'▼' if table.sort_reverse else '▲'}")
        if table.filter_text.strip():
            parts.append("enter: to the list · esc clears the filter")
        return parts

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
