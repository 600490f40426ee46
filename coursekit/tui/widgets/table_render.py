"""Painting one line of a ``RecordTable``: the header or a record (plain Rich segments).

Plain cells (str, numbers, None) are cropped/padded as strings and joined into one segment —
the fast path; ``Text`` cells keep their styles. Every cell passes through ``clean`` (control
characters replaced) and none is ever parsed as markup.
"""

from __future__ import annotations

from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.strip import Strip

from coursekit.tui.text import clean
from coursekit.tui.widgets.table_model import TableModel, fit

PADDING = 1  # blank cells either side of every column
PAD = " " * PADDING


def header_strip(model: TableModel[object], style: Style) -> Strip:
    """Column labels, with ▲/▼ on the sort column."""
    parts = []
    for column, width in zip(model.columns, model.widths, strict=False):
        label = clean(column.label)
        if column.key == model.sort_column:
            label = f"{label} {'▼' if model.sort_reverse else '▲'}"
        parts.append(PAD + fit(label, width, column.justify) + PAD)
    return Strip([Segment("".join(parts), style)])


def row_strip(
    model: TableModel[object],
    position: int,
    console: Console,
    style: Style,
    post_style: Style | None = None,
) -> Strip:
    """The record shown at ``position``; ``post_style`` (the cursor) wins over cell styles."""
    record = model.records[model.view[position]]
    segments: list[Segment] = []
    plain: list[str] = []  # consecutive plain cells become one segment
    for column, width in zip(model.columns, model.widths, strict=False):
        value = column.value(record)
        if isinstance(value, Text):
            if plain:
                segments.append(Segment("".join(plain), style))
                plain = []
            text = Text(clean(value.plain), style=value.style, spans=value.spans)
            text.overflow, text.no_wrap, text.end = "ellipsis", True, ""
            text.align(column.justify, width)
            segments.append(Segment(PAD, style))
            segments.extend(Segment.apply_style(text.render(console), style))
            segments.append(Segment(PAD, style))
        else:
            plain.append(PAD + fit(clean(value), width, column.justify) + PAD)
    if plain:
        segments.append(Segment("".join(plain), style))
    if post_style is not None:
        segments = list(Segment.apply_style(segments, post_style=post_style))
    return Strip(segments)
