"""How a lab state looks in a cell: a symbol (reads without colour) plus a colour.

Shared by the labs matrix, the dashboard and the student's Labs tab so that ``✓ ~ · ! ex``
mean the same everywhere. Labs get short codes (G1…, C1…: guided / challenge, in syllabus
order) for narrow matrix columns; the legend maps them back to titles.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text

from coursekit.domain.labs import LabCell, LabState

PASSED = ("✓", "bold green")
BELOW = ("~", "yellow")
NOT_STARTED = ("·", "dim")
OVERDUE = ("!", "bold red")
EXCUSED = ("ex", "dim")

LEGEND: tuple[tuple[str, str, str], ...] = (
    (*PASSED, "passed"),
    (*BELOW, "below the pass threshold"),
    (*NOT_STARTED, "not started"),
    (*OVERDUE, "overdue (due date past, not passed)"),
    (*EXCUSED, "excused / not assigned"),
)

_PREFIX = {"guided_lab": "G", "challenge_lab": "C"}


def cell_symbol(cell: LabCell) -> tuple[str, str]:
    """(symbol, style) of one student × lab cell; overdue wins over not started / below."""
    if cell.state is LabState.PASSED:
        return PASSED
    if cell.state is LabState.EXCUSED:
        return EXCUSED
    if cell.overdue:
        return OVERDUE
    if cell.state is LabState.BELOW_THRESHOLD:
        return BELOW
    return NOT_STARTED


def cell_text(cell: LabCell) -> Text:
    symbol, style = cell_symbol(cell)
    return Text(symbol, style=style, no_wrap=True, end="")


def state_word(cell: LabCell) -> str:
    """The state in words (the student's Labs tab)."""
    if cell.state is LabState.PASSED:
        return "passed"
    if cell.state is LabState.EXCUSED:
        return "excused"
    word = "below threshold" if cell.state is LabState.BELOW_THRESHOLD else "not started"
    return f"{word}, overdue" if cell.overdue else word


def lab_codes(kinds: Sequence[str]) -> list[str]:
    """Short column codes, numbered per kind in the given order: G1, G2, …, C1, …"""
    seen: dict[str, int] = {}
    codes = []
    for kind in kinds:
        prefix = _PREFIX.get(kind, "L")
        seen[prefix] = seen.get(prefix, 0) + 1
        codes.append(f"{prefix}{seen[prefix]}")
    return codes


def legend_text() -> Text:
    out = Text(no_wrap=False, end="")
    for index, (symbol, style, meaning) in enumerate(LEGEND):
        if index:
            out.append("  ")
        out.append(symbol, style)
        out.append(f" {meaning}")
    return out
