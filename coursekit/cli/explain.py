"""``coursekit grades --explain STUDENT [--json]``: the grade explanation as text or JSON."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import typer

from coursekit.cli.support import print_json, service_context
from coursekit.domain.enums import CANVAS_MARKS

if TYPE_CHECKING:
    from coursekit.domain.grade_explanation import GradeExplanation, TotalExplanation


def _pts(value: float | None) -> str:
    return "-" if value is None else f"{value:g}"


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f} %"


def explanation_lines(ex: GradeExplanation) -> list[str]:
    """The explanation as plain lines (no markup: names come from spreadsheets)."""
    out = [f"{ex.name} ({ex.student_id})", ""]
    for cat in ex.categories:
        weight = f"weight {cat.weight:g}" if cat.weight is not None else "points"
        out.append(
            f"{cat.name} ({weight}): Current {_pts(round(cat.current_points, 2))}/"
            f"{_pts(cat.current_possible)} = {_pct(cat.current_percent)} · Final "
            f"{_pts(round(cat.final_points, 2))}/{_pts(cat.final_possible)} = "
            f"{_pct(cat.final_percent)}"
        )
        for item in cat.items:
            counted = (
                item.current if item.current == item.final else f"{item.current} / {item.final}"
            )
            score = CANVAS_MARKS.get(item.status) or _pts(item.raw)
            late = f" −{item.late_deduction:g}" if item.late_deduction else ""
            out.append(
                f"  {item.key} {item.title}: {score}{late} of {_pts(item.possible)} → "
                f"{_pts(None if item.effective is None else round(item.effective, 2))} "
                f"[{counted}] — {item.why}"
            )
        out.append("")

    def total(label: str, t: TotalExplanation) -> None:
        out.append(f"{label}: {_pct(t.percent)} ({t.letter or '-'})")
        out.extend(f"  {term}" for term in t.terms)
        out.append(f"  {t.formula}")

    total("Current (graded work only)", ex.current)
    total("Final (ungraded work counts 0)", ex.final)
    if ex.late_deductions:
        out.append(f"Late deductions in all: {ex.late_deductions:g} points")
    if ex.override_percent is not None:
        out.append(f"Override: {_pct(ex.override_percent)} replaces Final for the letter")
    out.append(f"Letter: {ex.letter or '-'} ({ex.letter_rule})")
    return out


def show_explanation(course: str | None, who: str, now: datetime | None, *, as_json: bool) -> None:
    from coursekit.services.grade_explanation import explain_student

    with service_context() as ctx:
        ex = explain_student(ctx, course, who, now=now)
    if as_json:
        print_json(ex.to_dict())
        return
    for line in explanation_lines(ex):
        typer.echo(line)
