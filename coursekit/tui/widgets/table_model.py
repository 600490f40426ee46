"""The data side of ``RecordTable``: records, columns, widths, sort order and filter (no Textual).

Kept apart from the widget so it stays small and can be tested without an app. All operations
are O(rows) or O(rows log rows) over plain Python lists; nothing per cell is stored.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, Literal, TypeVar

from rich.cells import cell_len, set_cell_size
from rich.text import Text

from coursekit.tui.text import clean

T = TypeVar("T")
Cell = str | int | float | Text | None
Justify = Literal["left", "center", "right"]

SAMPLE = 2000  # rows measured to size columns without a fixed width
ELLIPSIS = "…"


@dataclass(frozen=True, slots=True)
class Column(Generic[T]):
    """One column: ``value(record)`` gives the cell; ``sort_key(record)`` (default: the value)."""

    key: str
    label: str
    value: Callable[[T], Cell]
    width: int | None = None  # fixed width; None: measured from the data, capped by max_width
    max_width: int = 40
    justify: Justify = "left"
    sort_key: Callable[[T], Any] | None = None


def plain(value: Cell) -> str:
    """The text of a cell as shown (control characters replaced)."""
    return value.plain if isinstance(value, Text) else clean(value)


def default_sort_key(value: Cell) -> tuple[bool, Any]:
    """Text case-folded, numbers as numbers; ``(True, "")`` marks an empty cell."""
    if isinstance(value, Text):
        value = value.plain
    if value is None or value == "":
        return (True, "")
    if isinstance(value, str):
        return (False, value.casefold())
    return (False, value)


def fit(text: str, width: int, justify: Justify) -> str:
    """``text`` cropped (with an ellipsis) or padded to exactly ``width`` cells."""
    length = cell_len(text)
    if length > width:
        return set_cell_size(text, width - 1) + ELLIPSIS if width > 1 else ELLIPSIS[:width]
    gap = width - length
    if justify == "right":
        return " " * gap + text
    if justify == "center":
        return " " * (gap // 2) + text + " " * (gap - gap // 2)
    return text + " " * gap


class TableModel(Generic[T]):
    """Records plus the current view: indices of the records shown, in display order."""

    def __init__(
        self,
        columns: Sequence[Column[T]],
        *,
        key: Callable[[T], Hashable],
        search: Callable[[T], str] | None,
    ) -> None:
        self.columns: list[Column[T]] = list(columns)
        self.key = key
        self._search = search
        self.records: list[T] = []
        self.widths: list[int] = []
        self.view: list[int] = []
        self.filter_text = ""
        self.scope: Callable[[T], bool] | None = None  # e.g. one section; None: every record
        self.sort_column: str | None = None
        self.sort_reverse = False
        self._haystack: list[str] | None = None  # folded search text, built on the first filter
        self._order: list[int] | None = None  # all record indices in sort order (cached)
        self.measure()

    def set_columns(self, columns: Sequence[Column[T]]) -> None:
        self.columns = list(columns)
        if self.sort_column not in {c.key for c in self.columns}:
            self.sort_column = None
        self._order = self._haystack = None
        self.measure()
        self.rebuild()

    def set_records(self, records: Sequence[T]) -> None:
        self.records = list(records)
        self._order = self._haystack = None
        self.measure()
        self.rebuild()

    def set_filter(self, text: str) -> None:
        self.filter_text = text
        self.rebuild()

    def set_scope(self, scope: Callable[[T], bool] | None) -> None:
        """Show only records for which ``scope`` is true (on top of the filter)."""
        self.scope = scope
        self.rebuild()

    def sort_by(self, column: str | None, reverse: bool) -> None:
        self.sort_column, self.sort_reverse = column, reverse
        self._order = None
        self.rebuild()

    def record_at(self, position: int) -> T | None:
        if 0 <= position < len(self.view):
            return self.records[self.view[position]]
        return None

    def position_of(self, key: Hashable) -> int | None:
        records, key_of = self.records, self.key
        for position, index in enumerate(self.view):
            if key_of(records[index]) == key:
                return position
        return None

    @property
    def total_width(self) -> int:
        return sum(self.widths)

    def measure(self) -> None:
        """Column widths from the labels and a sample of the rows (fixed widths win)."""
        step = max(1, len(self.records) // SAMPLE)
        sample = self.records[::step]
        widths = []
        for column in self.columns:
            if column.width is not None:
                widths.append(column.width)
                continue
            label = cell_len(column.label) + 2  # room for the sort arrow
            value = column.value
            widest = max((cell_len(plain(value(r))) for r in sample), default=0)
            widths.append(max(1, min(column.max_width, max(label, widest))))
        self.widths = widths

    def _search_text(self, record: T) -> str:
        if self._search is not None:
            return self._search(record)
        return "\t".join(plain(c.value(record)) for c in self.columns)

    def _sorted(self) -> list[int]:
        if self._order is None:
            indices = list(range(len(self.records)))
            column = next((c for c in self.columns if c.key == self.sort_column), None)
            if column is not None:
                records = self.records
                if column.sort_key is not None:
                    custom = column.sort_key
                    indices.sort(key=lambda i: custom(records[i]), reverse=self.sort_reverse)
                else:  # empty cells stay last in both directions
                    keys = [default_sort_key(column.value(r)) for r in records]
                    indices.sort(key=keys.__getitem__, reverse=self.sort_reverse)
                    if self.sort_reverse:
                        indices = [i for i in indices if not keys[i][0]] + [
                            i for i in indices if keys[i][0]
                        ]
            self._order = indices
        return self._order

    def rebuild(self) -> None:
        """Recompute the view: every word of the filter must occur in a record's search text,
        and the record must be in scope."""
        self._filter()
        scope = self.scope
        if scope is not None:
            records = self.records
            self.view = [i for i in self.view if scope(records[i])]

    def _filter(self) -> None:
        order = self._sorted()
        words = self.filter_text.casefold().split()
        if not words:
            self.view = order
            return
        if self._haystack is None:
            self._haystack = [self._search_text(r).casefold() for r in self.records]
        hay = self._haystack
        if len(words) == 1:
            word = words[0]
            self.view = [i for i in order if word in hay[i]]
        else:
            self.view = [i for i in order if all(w in hay[i] for w in words)]
