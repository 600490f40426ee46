"""Why a grade is what it is: every item, every deduction, every drop, and the arithmetic.

``explain`` turns what ``GradeCalculator`` computed (the ``GradeResult`` and the per-item
``ItemGrade`` rows) into one plain record that the CLI (``grades --explain``), the TUI
scores tab and the reports all show. It recomputes nothing that decides a grade: the
totals are the engine's own, the arithmetic lines re-derive them from the category sums
for reading (and a test checks that they agree).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from coursekit.domain.enums import CANVAS_MARKS, ScoreStatus
from coursekit.domain.grading import GradeResult, ItemGrade, round2
from coursekit.domain.syllabus import AssessmentSpec, GradingPolicy, LatePer

_PERIOD = {LatePer.DAY: (86_400, "day"), LatePer.HOUR: (3_600, "hour")}


@dataclass(frozen=True, slots=True)
class ItemExplanation:
    key: str
    title: str
    possible: float
    status: str  # ScoreStatus value
    raw: float | None  # the score as entered
    late_deduction: float
    effective: float | None  # what counts after the late / missing policy (None: ungraded)
    due_at: datetime | None  # the student's due date (extension applied)
    extended: bool  # the student has a personal due date
    submitted_at: datetime | None
    current: str  # "counted", "dropped", "excused", "not assigned", "not graded yet"
    final: str  # the same, for Final ("counted as 0" for ungraded work)
    why: str  # one sentence: the late arithmetic, the missing policy, the drop, ...


@dataclass(frozen=True, slots=True)
class CategoryExplanation:
    name: str
    weight: float | None
    items: tuple[ItemExplanation, ...]
    current_points: float
    current_possible: float
    current_percent: float | None
    final_points: float
    final_possible: float
    final_percent: float | None


@dataclass(frozen=True, slots=True)
class TotalExplanation:
    """One side (Current or Final) of the course total, as arithmetic a person can redo."""

    percent: float | None
    letter: str | None
    terms: tuple[str, ...]  # one line per category that counts
    weight_sum: float | None  # weighted mode: Σ weights of the counting categories
    formula: str  # the last step, e.g. "(25.50 + 27.00) × 100 / 60 = 87.50"


@dataclass(frozen=True, slots=True)
class GradeExplanation:
    student_id: str
    name: str
    weighted: bool
    categories: tuple[CategoryExplanation, ...]
    current: TotalExplanation
    final: TotalExplanation
    late_deductions: float
    override_percent: float | None
    letter: str | None  # the transcript letter (from the override when there is one)
    letter_rule: str  # which cut-off gave it

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data (datetimes as ISO text)."""
        return {key: _plain(value) for key, value in asdict(self).items()}


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, datetime):
        return value.isoformat()
    return value


def _num(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".") if value == round(value, 2) else f"{value:.4f}"


def _late_why(item: ItemGrade, policy: GradingPolicy) -> str:
    late = policy.late
    assert item.submitted_at is not None and item.due_at is not None
    seconds, unit = _PERIOD[LatePer(late.per)]
    periods = math.ceil((item.submitted_at - item.due_at).total_seconds() / seconds)
    share = min(100.0, periods * late.deduction_percent)
    full = item.possible * share / 100
    text = (
        f"submitted {periods} {unit}{'s' if periods != 1 else ''} late: {periods} × "
        f"{_num(late.deduction_percent)} % = {_num(share)} % of {_num(item.possible)} = "
        f"{_num(full)} points off"
    )
    if item.late_deduction < full - 1e-9:
        floor = item.possible * late.floor_percent / 100
        text += (
            f", limited to {_num(item.late_deduction)} by the {_num(late.floor_percent)} % "
            f"floor ({_num(floor)} points)"
        )
    return text


def _item(
    item: ItemGrade,
    spec: AssessmentSpec | None,
    policy: GradingPolicy,
    dropped_current: bool,
    dropped_final: bool,
) -> ItemExplanation:
    title = spec.title if spec is not None else item.key
    extended = spec is not None and item.due_at is not None and item.due_at != spec.due_at
    status = item.status
    if status in (ScoreStatus.EXCUSED, ScoreStatus.NOT_ASSIGNED):
        word = "excused" if status == ScoreStatus.EXCUSED else "not assigned"
        why = f"{CANVAS_MARKS[status]}: left out of points and points possible"
        current = final = word
    elif item.effective_points is None:
        current, final = "not graded yet", "counted as 0"
        why = "no score yet: ignored by Current, 0 in Final"
        if dropped_final:
            final = "dropped"
    else:
        current = final = "counted"
        if item.missing_applied:
            given = _num(policy.late.missing_percent or 0)
            why = (
                f"missing past the due date: the policy gives {given} % = "
                f"{_num(item.effective_points)} points"
            )
        elif item.late_deduction > 0:
            why = _late_why(item, policy)
        elif item.points is not None and item.points > item.possible:
            why = "above points possible: the extra counts as extra credit"
        else:
            why = "on time" if item.submitted_at is not None else "scored"
        if dropped_current:
            current = "dropped"
        if dropped_final:
            final = "dropped"
    if dropped_current or dropped_final:
        sides = " and ".join(
            side for side, on in (("Current", dropped_current), ("Final", dropped_final)) if on
        )
        why += f"; dropped from {sides} (lowest in its category)"
    if extended:
        why += "; personal due date (extension)"
    return ItemExplanation(
        item.key,
        title,
        item.possible,
        status,
        item.points,
        item.late_deduction,
        item.effective_points,
        item.due_at,
        extended,
        item.submitted_at,
        current,
        final,
        why,
    )


def _total(
    categories: Sequence[CategoryExplanation],
    weighted: bool,
    percent: float | None,
    letter: str | None,
    *,
    final: bool,
) -> TotalExplanation:
    terms: list[str] = []
    if not weighted:
        points = sum(c.final_points if final else c.current_points for c in categories)
        possible = sum(c.final_possible if final else c.current_possible for c in categories)
        for c in categories:
            pts, pos = (
                (c.final_points, c.final_possible)
                if final
                else (c.current_points, c.current_possible)
            )
            terms.append(f"{c.name}: {_num(pts)} / {_num(pos)} points")
        formula = (
            f"{_num(points)} / {_num(possible)} × 100 = {_num(percent)}"
            if percent is not None
            else "nothing graded yet"
        )
        return TotalExplanation(percent, letter, tuple(terms), None, formula)
    parts: list[float] = []
    weight_sum = 0.0
    for c in categories:
        pct, pos = (
            (c.final_percent, c.final_possible)
            if final
            else (
                c.current_percent,
                c.current_possible,
            )
        )
        if pos <= 0 or c.weight is None or pct is None:
            terms.append(f"{c.name}: nothing counts yet, its weight is left out")
            continue
        pts = c.final_points if final else c.current_points
        share = pts / pos * c.weight
        parts.append(share)
        weight_sum += c.weight
        terms.append(f"{c.name}: {_num(pct)} % × weight {_num(c.weight)} = {_num(round2(share))}")
    if not parts:
        return TotalExplanation(None, None, tuple(terms), None, "nothing graded yet")
    total = " + ".join(_num(round2(p)) for p in parts)
    if weight_sum < 100:
        formula = f"({total}) × 100 / {_num(weight_sum)} = {_num(percent or 0)}"
    else:
        formula = f"{total} = {_num(percent or 0)}"
    return TotalExplanation(percent, letter, tuple(terms), weight_sum, formula)


def _letter_rule(policy: GradingPolicy, value: float | None, letter: str | None) -> str:
    if value is None or letter is None:
        return "no letter yet"
    for grade in policy.letters:
        if grade.letter == letter:
            return f"{_num(value)} % ≥ {_num(grade.min_percent)} % → {letter}"
    return f"{_num(value)} % → {letter}"


def explain(
    *,
    student_id: str,
    name: str,
    policy: GradingPolicy,
    assessments: Sequence[AssessmentSpec],
    grade: GradeResult,
    items: Sequence[ItemGrade],
) -> GradeExplanation:
    """The explanation of ``grade`` (the engine's result for these ``items``)."""
    specs: Mapping[str, AssessmentSpec] = {a.key: a for a in assessments}
    by_category: dict[str, list[ItemGrade]] = {}
    for item in items:
        by_category.setdefault(item.category, []).append(item)
    categories = []
    for cat in grade.categories:
        dropped_c, dropped_f = set(cat.dropped_current), set(cat.dropped_final)
        categories.append(
            CategoryExplanation(
                cat.name,
                cat.weight,
                tuple(
                    _item(i, specs.get(i.key), policy, i.key in dropped_c, i.key in dropped_f)
                    for i in by_category.get(cat.name, ())
                ),
                cat.current_points,
                cat.current_possible,
                cat.current_percent,
                cat.final_points,
                cat.final_possible,
                cat.final_percent,
            )
        )
    weighted = policy.weighted
    source = grade.override_percent if grade.override_percent is not None else grade.final_percent
    rule = _letter_rule(policy, source, grade.letter)
    if grade.override_percent is not None:
        rule = f"override {rule}"
    return GradeExplanation(
        student_id=student_id,
        name=name,
        weighted=weighted,
        categories=tuple(categories),
        current=_total(
            categories, weighted, grade.current_percent, grade.current_letter, final=False
        ),
        final=_total(categories, weighted, grade.final_percent, grade.final_letter, final=True),
        late_deductions=grade.late_deductions,
        override_percent=grade.override_percent,
        letter=grade.letter,
        letter_rule=rule,
    )


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
