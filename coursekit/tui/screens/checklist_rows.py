"""The Checklists class view's table: columns, what "show" can filter on, urgency order."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text

from coursekit.domain.checklist import ClassChecklistRow
from coursekit.tui.text import literal
from coursekit.tui.widgets.record_table import Column

Row = ClassChecklistRow


def _count(value: int, style: str) -> Text:
    return literal(value, style if value else "dim")


def _template(row: Row) -> Text:
    if row.template is None:
        return literal("— not handed in", "bold yellow")
    if row.parse_error is not None:
        return Text.assemble(literal(row.template), literal(" — does not parse", "bold red"))
    return literal(row.template)


def _days_left(row: Row) -> Text:
    if row.days_left < 0:
        return literal(f"closed {-row.days_left}d ago", "dim")
    return literal(row.days_left, "bold red" if row.days_left <= 7 else "")


def _count_column(key: str, label: str, style: str, *, width: int) -> Column[Row]:
    """A right-aligned count (the ``Row`` attribute ``key``); sorting puts the largest first."""
    return Column(
        key,
        label,
        lambda r: _count(getattr(r, key), style),
        width=width,
        justify="right",
        sort_key=lambda r: -getattr(r, key),
    )


def urgency(row: Row) -> tuple[int, ...]:
    """Most urgent first: no template, then overdue, blocking, open items."""
    return (row.handed_in, -row.overdue, -row.blocking, -row.open)


COLUMNS: tuple[Column[Row], ...] = (
    Column("name", "Name", lambda r: r.name, max_width=32),
    Column("student_id", "Student id", lambda r: r.student_id, max_width=14),
    Column("section", "Section", lambda r: r.section, max_width=22),
    Column("template", "Template", _template, max_width=36, sort_key=lambda r: r.template or ""),
    _count_column("open", "Open", "bold", width=6),
    _count_column("blocking", "Blocking", "bold red", width=9),
    _count_column("overdue", "Overdue", "bold red", width=8),
    _count_column("done", "Done", "green", width=6),
    _count_column("waived", "Waived", "", width=7),
    Column(
        "days_left",
        "Days left",
        _days_left,
        width=10,
        justify="right",
        sort_key=lambda r: r.days_left,
    ),
)

SHOW: dict[str, tuple[str, Callable[[Row], bool]]] = {
    "all": ("every student", lambda r: True),
    "missing": ("no template yet", lambda r: not r.handed_in),
    "blocking": ("blocking items", lambda r: r.blocking > 0),
    "overdue": ("overdue items", lambda r: r.overdue > 0),
    "open": ("open items", lambda r: r.open > 0),
    "clear": ("all items closed", lambda r: r.handed_in and r.open == 0),
}


def search_text(row: Row) -> str:
    return "\t".join((row.name, row.student_id, row.section, row.template or "no template"))
