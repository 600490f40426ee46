"""TableFooter: one line under a RecordTable, aligned with its columns (totals, rates).

It reads the table's column widths and follows its horizontal scrolling, frozen leading
columns included, so a per-column figure stays under its column. Cells are plain strings or
``(text, style)`` pairs, shown literally.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip
from textual.widget import Widget

from coursekit.tui.text import clean
from coursekit.tui.widgets.record_table import RecordTable
from coursekit.tui.widgets.table_model import fit
from coursekit.tui.widgets.table_render import PAD, PADDING

FooterCell = str | tuple[str, str]


class TableFooter(Widget):
    # A reusable widget ships its styles as DEFAULT_CSS (Textual's idiom; screens use .tcss).
    DEFAULT_CSS = """
    TableFooter {
        height: 1;
        background: $panel;
        color: $foreground;
        text-style: bold;
    }
    """

    def __init__(self, table: RecordTable[Any], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.table = table
        self.cells: list[FooterCell] = []

    def on_mount(self) -> None:
        self.watch(self.table, "scroll_x", self._table_scrolled, init=False)

    def _table_scrolled(self, _scroll_x: float) -> None:
        self.refresh()

    def set_cells(self, cells: Sequence[FooterCell]) -> None:
        """One cell per table column, in column order (missing cells are blank)."""
        self.cells = list(cells)
        self.refresh()

    def render_line(self, y: int) -> Strip:
        base = self.rich_style
        width = self.size.width
        if y != 0:
            return Strip.blank(width, base)
        model = self.table.model
        segments: list[Segment] = []
        for index, (column, column_width) in enumerate(
            zip(model.columns, model.widths, strict=False)
        ):
            cell = self.cells[index] if index < len(self.cells) else ""
            text, style = (cell, "") if isinstance(cell, str) else cell
            segments.append(
                Segment(
                    PAD + fit(clean(text), column_width, column.justify) + PAD,
                    base + Style.parse(style) if style else base,
                )
            )
        strip = Strip(segments)
        fixed_widths = model.widths[: self.table.fixed_columns]
        fixed = sum(fixed_widths) + 2 * PADDING * len(fixed_widths)
        scroll_x = round(self.table.scroll_x)
        if fixed and scroll_x:
            strip = Strip.join([strip.crop(0, fixed), strip.crop(fixed + scroll_x)])
            return strip.crop_extend(0, width, base)
        return strip.crop_extend(scroll_x, scroll_x + width, base)
