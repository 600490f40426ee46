"""Small text charts: horizontal bars of block characters, with an optional marker line.

Pictures that read faster than numbers (a distribution, a share, a domain against the passing
line) without a plotting dependency: every chart is a ``rich.text.Text`` (never markup), so it
goes into any Static, table cell or snapshot, and its numbers are printed beside it so it reads
without colour too.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text

from coursekit.tui.text import clean

EIGHTHS = " ▏▎▍▌▋▊▉"
FULL = "█"
TRACK = "·"
MARKER = "│"


def bar(fraction: float | None, width: int, style: str = "", *, track: bool = True) -> Text:
    """``fraction`` (0-1, clamped) of ``width`` cells filled, to 1/8 of a cell; the rest is a
    dim dotted track (or blank). ``None`` gives an empty track."""
    width = max(1, width)
    eighths = 0 if fraction is None else round(max(0.0, min(1.0, fraction)) * width * 8)
    full, part = divmod(eighths, 8)
    text = Text(FULL * full, style=style, no_wrap=True, end="")
    used = full
    if part:
        text.append(EIGHTHS[part], style)
        used += 1
    if used < width:
        text.append((TRACK if track else " ") * (width - used), "dim")
    return text


def marked_bar(
    fraction: float | None, marker: float, width: int, style: str = "", marker_style: str = ""
) -> Text:
    """A ``bar`` with a vertical line at ``marker`` (0-1): e.g. a domain vs the passing line."""
    text = bar(fraction, width, style)
    position = min(width - 1, max(0, round(max(0.0, min(1.0, marker)) * width)))
    filled = 0 if fraction is None else max(0.0, min(1.0, fraction)) * width
    # Over the filled part the marker takes the bar's colour reversed, so it stays visible.
    style_at = f"{marker_style} reverse" if position < filled and marker_style else marker_style
    plain = text.plain
    out = Text(no_wrap=True, end="")
    out.append_text(text[:position])
    out.append(MARKER if plain[position] in (TRACK, " ") else plain[position], style_at or "bold")
    out.append_text(text[position + 1 :])
    return out


def bar_rows(
    rows: Sequence[tuple[str, float, str]],
    *,
    width: int,
    label_width: int | None = None,
    total: float | None = None,
    value_format: str = "{:g}",
) -> Text:
    """One labelled bar per row (label, value, style), scaled to ``total`` (default: the
    largest value); labels are shown literally. The value comes before the bar, so a
    panel narrower than the bar (80 columns) cuts the bar, never the number."""
    labels = [clean(label) for label, _, _ in rows]
    label_width = label_width or max((len(label) for label in labels), default=0)
    scale = total if total else max((value for _, value, _ in rows), default=0) or 1
    values = [value_format.format(value) for _, value, _ in rows]
    value_width = max((len(v) for v in values), default=0)
    out = Text(no_wrap=True, end="")
    for index, ((_, value, style), label) in enumerate(zip(rows, labels, strict=True)):
        if index:
            out.append("\n")
        out.append(label[:label_width].ljust(label_width) + " ")
        out.append(values[index].rjust(value_width) + " ")
        out.append_text(bar(value / scale, width, style))
    return out


def percent(value: float | None, digits: int = 0) -> str:
    """``0.715`` → ``"72 %"``; None → ``"–"``."""
    return "–" if value is None else f"{value * 100:.{digits}f} %"
