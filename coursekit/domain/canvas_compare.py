"""Why Canvas's own course total differs from coursekit's, student by student.

Pure rules over what both sides hold; the reasons are checked in order and every
one that applies is given: cells that differ (a local edit not pushed, a Canvas
change not pulled), Canvas assignments coursekit does not grade, Canvas hiding
unposted grades from its totals (a known Canvas quirk), ungraded work counted
differently in the final score, else the grading rules themselves.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

TOLERANCE = 0.01  # Canvas shows totals to two decimals
SHOWN_CELLS = 3


@dataclass(frozen=True, slots=True)
class CellDiff:
    title: str
    canvas: str  # "8.5", "EX", "-"
    local: str


@dataclass(frozen=True, slots=True)
class Totals:
    current: float | None
    final: float | None


@dataclass(frozen=True, slots=True)
class GradeComparison:
    student_id: str
    name: str
    canvas: Totals | None  # None: not enrolled in Canvas
    local: Totals | None  # None: not in coursekit
    reasons: tuple[str, ...] = ()

    @property
    def agrees(self) -> bool:
        return not self.reasons


def same(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= TOLERANCE + 1e-9


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}%"


def explain(
    canvas: Totals,
    local: Totals,
    *,
    cells: Sequence[CellDiff] = (),
    canvas_only: int = 0,
    unposted: Totals | None = None,
) -> tuple[str, ...]:
    """The reasons ``canvas`` and ``local`` differ; () when they agree."""
    current_same, final_same = same(canvas.current, local.current), same(canvas.final, local.final)
    if current_same and final_same:
        return ()
    reasons: list[str] = []
    if cells:
        shown = "; ".join(
            f"{c.title}: Canvas {c.canvas}, coursekit {c.local}" for c in cells[:SHOWN_CELLS]
        )
        more = f" (+{len(cells) - SHOWN_CELLS} more)" if len(cells) > SHOWN_CELLS else ""
        reasons.append(
            f"{len(cells)} item(s) differ — a local edit not pushed or a Canvas change not "
            f"pulled: {shown}{more}"
        )
    if canvas_only:
        reasons.append(
            f"{canvas_only} graded Canvas assignment(s) are not in coursekit's syllabus; "
            "Canvas counts them"
        )
    if unposted is not None and same(unposted.current, local.current) and not current_same:
        reasons.append(
            "Canvas leaves unposted grades out of its total (a known Canvas quirk: manual "
            f"posting policy); with them Canvas shows {_pct(unposted.current)}"
        )
    if not reasons and current_same:
        reasons.append(
            "a missing item: the current scores agree, so ungraded or missing work counts "
            "differently in the final score (syllabus late.missing_percent vs Canvas's zero)"
        )
    if not reasons:
        reasons.append(
            "the grading rules differ (group weights, drop rules, late policy): compare the "
            "syllabus with Canvas's assignment groups (`coursekit canvas syllabus`)"
        )
    return tuple(reasons)
