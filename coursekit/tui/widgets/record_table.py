"""RecordTable: a virtualised, sortable, filterable table over an in-memory list of records.

Why our own widget (see benchmarks/README.md "TUI"):

* Textual's ``DataTable`` measures and stores every cell on ``add_rows`` (O(rows × columns)):
  ~1.8 s for 10,000 rows and ~18 s for 100,000, and it rebuilds all of that on every filter
  keystroke (``clear()`` + ``add_rows``).
* ``textual-fastdatatable`` is fast but pulls in pyarrow (~100 MB) for data we already hold as
  Python records, and in a real terminal it ignored the first PageDown after start.

This widget is a Line-API ``ScrollView``: it keeps the records as given, a list of indices for
the current view (filter + sort), and renders only the lines on screen (``render_line``). Loading
is O(rows) for the sort plus a width measurement over a sample; a filter keystroke is one pass
over pre-folded search strings; painting costs the same at 100 or 100,000 rows.

Cells are ``str``/numbers/``None`` (shown literally: control characters replaced, never parsed
as markup) or ``rich.text.Text`` for styled cells (build those with ``coursekit.tui.text.literal``).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from typing import Any, ClassVar, Generic

from rich.segment import Segment
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from coursekit.tui.text import clean
from coursekit.tui.widgets.table_model import Column, T, TableModel
from coursekit.tui.widgets.table_render import PADDING, header_strip, row_strip

__all__ = ["Column", "RecordTable"]


class TableMessage(Message):
    def __init__(self, table: RecordTable[Any], record: Any = None) -> None:
        super().__init__()
        self.table, self.record = table, record

    @property
    def control(self) -> RecordTable[Any]:
        return self.table


class RecordTable(ScrollView, Generic[T], can_focus=True):
    """Only the visible rows are ever rendered; the header stays on top when scrolling."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select", "Open", tooltip="Open the highlighted row"),
        Binding("up", "cursor(-1)", "Up", show=False),
        Binding("down", "cursor(1)", "Down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home,ctrl+home", "jump(0)", "First row", show=False),
        Binding("end,ctrl+end", "jump(-1)", "Last row", show=False),
        Binding(
            "1",
            "sort_column(1)",
            "Sort",
            key_display="1-9",
            tooltip="Sort by column 1…9; press the same digit again to reverse",
        ),
        *(
            Binding(str(n), f"sort_column({n})", f"Sort by column {n}", show=False)
            for n in range(2, 10)
        ),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "record-table--header",
        "record-table--cursor",
        "record-table--even-row",
        "record-table--empty",
    }

    # A reusable widget ships its styles as DEFAULT_CSS (Textual's idiom; screens use .tcss).
    DEFAULT_CSS = """
    RecordTable {
        height: 1fr;
        background: $surface;
        color: $foreground;
        &:focus {
            background-tint: $foreground 5%;
            & > .record-table--cursor {
                background: $block-cursor-background;
                color: $block-cursor-foreground;
                text-style: $block-cursor-text-style;
            }
        }
        & > .record-table--header {
            text-style: bold;
            background: $panel;
            color: $foreground;
        }
        & > .record-table--even-row {
            background: $surface-lighten-1 50%;
        }
        &:dark > .record-table--even-row {
            background: $surface-darken-1 40%;
        }
        & > .record-table--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
        & > .record-table--empty {
            color: $text-muted;
            text-style: italic;
        }
    }
    """

    cursor_row: reactive[int] = reactive(0, always_update=True, init=False)
    """Index of the highlighted row in the current view."""

    class Highlighted(TableMessage):
        """The cursor moved to ``record``."""

    class Selected(TableMessage):
        """Enter (or a click on the highlighted row): open ``record``."""

    class ViewChanged(TableMessage):
        """The rows shown changed (load, filter, sort): update counts and status lines."""

    def __init__(
        self,
        columns: Sequence[Column[T]] = (),
        *,
        key: Callable[[T], Hashable] = id,
        search: Callable[[T], str] | None = None,
        empty_text: str = "Nothing to show",
        zebra_stripes: bool = True,
        selectable: bool = False,
        sortable: bool = True,
        fixed_columns: int = 0,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.model: TableModel[T] = TableModel(columns, key=key, search=search)
        self.empty_text = empty_text
        self.zebra_stripes = zebra_stripes
        self.selectable = selectable  # Enter/click posts Selected (and "Open" shows in the footer)
        self.sortable = sortable  # digits and header clicks sort
        self.fixed_columns = fixed_columns  # leading columns that stay put when scrolling sideways
        self._cache: dict[tuple[int, bool], Strip] = {}

    # ----------------------------------------------------------------- data in

    def set_columns(self, columns: Sequence[Column[T]]) -> None:
        self.model.set_columns(columns)
        self._view_changed(keep=None)

    def set_records(self, records: Sequence[T], *, keep_cursor: bool = True) -> None:
        """Replace the data; the cursor stays on the same record (by key) when it still shows."""
        keep = self._cursor_key() if keep_cursor else None
        self.model.set_records(records)
        self._view_changed(keep=keep)

    def set_filter(self, text: str) -> None:
        """Show only records whose search text contains every word of ``text`` (any case)."""
        if text != self.model.filter_text:
            keep = self._cursor_key()
            self.model.set_filter(text)
            self._view_changed(keep=keep)

    def set_scope(self, scope: Callable[[T], bool] | None) -> None:
        """Show only records for which ``scope`` is true (``None``: all), on top of the filter."""
        keep = self._cursor_key()
        self.model.set_scope(scope)
        self._view_changed(keep=keep)

    def sort_by(self, column: str | None, *, reverse: bool = False) -> None:
        """Sort by the column with key ``column`` (``None``: the order the records came in)."""
        keep = self._cursor_key()
        self.model.sort_by(column, reverse)
        self._view_changed(keep=keep)

    def move_to_key(self, key: Hashable) -> bool:
        """Put the cursor on the record with ``key`` if it is shown."""
        position = self.model.position_of(key)
        if position is not None:
            self.cursor_row = position
        return position is not None

    # ---------------------------------------------------------------- data out

    @property
    def columns(self) -> list[Column[T]]:
        return list(self.model.columns)

    @property
    def records(self) -> list[T]:
        return self.model.records

    @property
    def row_count(self) -> int:
        """Rows shown (after the filter)."""
        return len(self.model.view)

    @property
    def filter_text(self) -> str:
        return self.model.filter_text

    @property
    def sort_column(self) -> str | None:
        return self.model.sort_column

    @property
    def sort_reverse(self) -> bool:
        return self.model.sort_reverse

    def row(self, position: int) -> T:
        """The record shown at ``position`` in the current view."""
        record = self.model.record_at(position)
        if record is None:
            raise IndexError(position)
        return record

    def visible_records(self) -> list[T]:
        return [self.model.records[i] for i in self.model.view]

    @property
    def cursor_record(self) -> T | None:
        return self.model.record_at(self.cursor_row)

    def _cursor_key(self) -> Hashable | None:
        record = self.cursor_record
        return None if record is None else self.model.key(record)

    def _view_changed(self, *, keep: Hashable | None) -> None:
        self._cache.clear()
        width = self.model.total_width + 2 * PADDING * len(self.model.widths)
        self.virtual_size = Size(width, len(self.model.view) + 1)
        position = self.model.position_of(keep) if keep is not None else None
        self.set_reactive(RecordTable.cursor_row, position or 0)
        self._scroll_cursor_into_view(center=True)
        self.refresh()
        self.post_message(self.ViewChanged(self))
        if self.cursor_record is not None:
            self.post_message(self.Highlighted(self, self.cursor_record))

    # ---------------------------------------------------------------- cursor

    def validate_cursor_row(self, value: int) -> int:
        return max(0, min(value, len(self.model.view) - 1))

    def watch_cursor_row(self, old: int, new: int) -> None:
        for position in {old, new}:
            self._cache.pop((position, True), None)
            self._cache.pop((position, False), None)
            self.refresh_line(position + 1)
        self._scroll_cursor_into_view()
        if self.cursor_record is not None:
            self.post_message(self.Highlighted(self, self.cursor_record))

    @property
    def _page_rows(self) -> int:
        return max(1, self.scrollable_content_region.height - 1)

    def _scroll_cursor_into_view(self, *, center: bool = False) -> None:
        if not self.is_mounted:
            return
        rows, row, top = self._page_rows, self.cursor_row, round(self.scroll_y)
        if top <= row < top + rows:
            return
        if center:  # after a reload or filter: show the cursor row mid-screen
            target = max(0, row - rows // 2)
        elif row < top:
            target = row
        else:
            target = row - rows + 1
        self.scroll_to(y=target, animate=False, immediate=True)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "select":
            return self.selectable
        if action == "sort_column":
            return self.sortable
        return True

    def action_cursor(self, delta: int) -> None:
        self.cursor_row += delta

    def action_page(self, direction: int) -> None:
        """Scroll a page and move the cursor a page: it keeps its place on the screen."""
        rows = self._page_rows
        self.scroll_to(
            y=max(0, round(self.scroll_y) + direction * rows), animate=False, immediate=True
        )
        self.cursor_row += direction * rows

    def action_jump(self, position: int) -> None:
        self.cursor_row = position if position >= 0 else len(self.model.view) - 1

    def action_select(self) -> None:
        if self.cursor_record is not None:
            self.post_message(self.Selected(self, self.cursor_record))

    def action_sort_column(self, number: int) -> None:
        if not self.sortable or not 1 <= number <= len(self.model.columns):
            return
        column = self.model.columns[number - 1].key
        self.sort_by(column, reverse=not self.sort_reverse if column == self.sort_column else False)

    # ---------------------------------------------------------------- mouse

    def _fixed_width(self) -> int:
        widths = self.model.widths[: self.fixed_columns]
        return sum(widths) + 2 * PADDING * len(widths)

    def _column_at(self, x: int) -> int | None:
        """The column under content x (a screen position, before horizontal scrolling)."""
        if x >= self._fixed_width():
            x += round(self.scroll_x)
        edge = 0
        for index, width in enumerate(self.model.widths):
            edge += width + 2 * PADDING
            if x < edge:
                return index
        return None

    async def _on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        event.stop()
        if offset.y == 0:
            column = self._column_at(offset.x)
            if column is not None:
                self.action_sort_column(column + 1)
            return
        position = round(self.scroll_y) + offset.y - 1
        if 0 <= position < len(self.model.view):
            if position == self.cursor_row:
                if self.selectable:
                    self.action_select()
            else:
                self.cursor_row = position

    def _on_focus(self, event: events.Focus) -> None:
        self._cache.clear()
        self.refresh()

    def _on_blur(self, event: events.Blur) -> None:
        self._cache.clear()
        self.refresh()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._cache.clear()
        self.refresh()

    # ---------------------------------------------------------------- rendering

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        width = self.size.width
        base = self.rich_style
        if y == 0:
            strip = self._header_strip()
        elif not self.model.view:
            if y != 1:
                return Strip.blank(width, base)
            style = base + self.get_component_rich_style("record-table--empty")
            strip = Strip([Segment(" " + clean(self.empty_text), style)])
            return strip.crop_extend(0, width, base)
        else:
            position = scroll_y + y - 1
            if position >= len(self.model.view):
                return Strip.blank(width, base)
            strip = self._row_strip(position)
        fixed = self._fixed_width()
        if fixed and scroll_x:  # frozen leading columns, the rest scrolled sideways
            strip = Strip.join([strip.crop(0, fixed), strip.crop(fixed + scroll_x)])
            return strip.crop_extend(0, width, base)
        return strip.crop_extend(scroll_x, scroll_x + width, base)

    def _header_strip(self) -> Strip:
        style = self.rich_style + self.get_component_rich_style("record-table--header")
        return header_strip(self.model, style)  # type: ignore[arg-type]

    def _row_strip(self, position: int) -> Strip:
        is_cursor = position == self.cursor_row
        cached = self._cache.get((position, is_cursor))
        if cached is not None:
            return cached
        style = self.rich_style
        if self.zebra_stripes and position % 2:
            style += self.get_component_rich_style("record-table--even-row")
        cursor = self.get_component_rich_style("record-table--cursor") if is_cursor else None
        strip = row_strip(self.model, position, self.app.console, style, cursor)  # type: ignore[arg-type]
        if len(self._cache) > 512:
            self._cache.clear()
        self._cache[(position, is_cursor)] = strip
        return strip
