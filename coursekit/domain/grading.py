"""Course grades computed the way Canvas computes its gradebook totals.

Per category (Canvas "assignment group"):

- excused (``EX``) and not-assigned (``N/A``) items leave numerator AND denominator;
- **Current** counts graded items only; **Final** also counts ungraded ones as 0;
- drop-lowest-N keeps the subset with the best category ratio (``dropping.keep_best``),
  never-drop items always stay, at least one droppable item is always kept;
  the drop is decided separately for Current and Final, as Canvas does;
- extra credit: points above points possible and zero-point items simply add score.

Course total: weighted mode (syllabus weights) sums ``score/possible × weight``
over categories that have points possible and scales by 100/Σ(those weights)
when it is below 100; points mode (no weights) is Σ score / Σ possible. Totals are
rounded half-up to 2 decimals like Canvas's computed columns.

Before totals, the late policy is applied to each graded item (Canvas "late
policy"): ``ceil(late / period) × deduction %`` of points possible, capped at
100 %, never taking the score below ``floor_percent`` of points possible (and
never raising a score already under it). Past-due items with no submission get
``missing_percent`` of points possible when the policy sets it. Due dates honour
per-student extensions (``ScoreFact.extended_due_at``). A manual override
(Enrollment.override_percent) replaces the final percent for the letter grade.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

from coursekit.domain.dropping import apply_drop
from coursekit.domain.enums import ScoreStatus
from coursekit.domain.syllabus import AssessmentSpec, GradingPolicy, LatePer, LatePolicy

_PERIOD_SECONDS = {LatePer.DAY: 86_400, LatePer.HOUR: 3_600}
_SKIPPED = frozenset({ScoreStatus.EXCUSED.value, ScoreStatus.NOT_ASSIGNED.value})


class ScoreFact(NamedTuple):
    """One student's result on one assessment, as stored.

    A NamedTuple rather than a dataclass: services build hundreds of thousands
    straight from database rows, and tuple construction is several times cheaper.
    """

    assessment_key: str
    points: float | None  # None: no score yet
    status: str = ScoreStatus.GRADED  # a ScoreStatus value
    submitted_at: datetime | None = None
    extended_due_at: datetime | None = None  # a per-student extension


@dataclass(frozen=True, slots=True)
class CategoryGrade:
    name: str
    weight: float | None
    current_points: float
    current_possible: float
    final_points: float
    final_possible: float
    dropped_current: tuple[str, ...]
    dropped_final: tuple[str, ...]

    @property
    def current_percent(self) -> float | None:
        return percent(self.current_points, self.current_possible)

    @property
    def final_percent(self) -> float | None:
        return percent(self.final_points, self.final_possible)


@dataclass(frozen=True, slots=True)
class ItemGrade:
    """One assessment of one student after the late and missing policies."""

    key: str
    category: str
    possible: float
    status: str  # ScoreStatus value ("missing" when there is no score row)
    points: float | None  # as stored
    effective_points: float | None  # after late deduction / missing policy; None: ungraded
    late_deduction: float
    missing_applied: bool
    due_at: datetime | None  # effective: the extension when there is one
    submitted_at: datetime | None


@dataclass(frozen=True, slots=True)
class GradeResult:
    current_percent: float | None  # ungraded work ignored (None: nothing graded yet)
    final_percent: float | None  # ungraded work counts as zero
    override_percent: float | None
    categories: tuple[CategoryGrade, ...]
    late_deductions: float  # points taken off by the late policy
    letter: str | None  # from the override if set, else from the final percent
    current_letter: str | None
    final_letter: str | None

    @property
    def effective_percent(self) -> float | None:
        """The grade that goes on the transcript: the override when one is set."""
        return self.override_percent if self.override_percent is not None else self.final_percent


def round2(value: float) -> float:
    """Round half-up to 2 decimals (Canvas shows 84.125 as 84.13; ``round`` gives 84.12).

    Magnitudes a float cannot hold to a cent (and non-finite values) come back as they
    are: Decimal's 28-digit context would raise InvalidOperation on them."""
    if not -1e15 < value < 1e15:
        return value
    return float(Decimal(repr(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def percent(points: float, possible: float) -> float | None:
    return round2(points * 100 / possible) if possible > 0 else None


def late_deduction(
    points: float, possible: float, late_seconds: float, policy: LatePolicy
) -> float:
    """Points taken off a score submitted ``late_seconds`` after its due date."""
    return _deduction(
        points,
        possible,
        late_seconds,
        policy.deduction_percent,
        _PERIOD_SECONDS[LatePer(policy.per)],
        policy.floor_percent,
    )


def _deduction(
    points: float,
    possible: float,
    late_seconds: float,
    percent_per_period: float,
    period_seconds: int,
    floor_percent: float,
) -> float:
    if possible <= 0 or late_seconds <= 0 or percent_per_period <= 0:
        return 0.0
    periods = math.ceil(late_seconds / period_seconds)
    deduction = possible * min(100.0, periods * percent_per_period) / 100
    return max(0.0, min(deduction, points - possible * floor_percent / 100))


class _Item(NamedTuple):
    key: str
    possible: float
    due_at: datetime | None


@dataclass(frozen=True, slots=True)
class _Category:
    name: str
    weight: float | None
    drop_lowest: int
    items: tuple[_Item, ...]
    never_drop: frozenset[str]
    equal_points: bool  # every item has the same positive points: drop = lowest scores


class GradeCalculator:
    """The grading rules of one syllabus, prepared once and applied per student."""

    def __init__(self, policy: GradingPolicy, assessments: Sequence[AssessmentSpec]) -> None:
        self.policy = policy
        by_category: dict[str, list[_Item]] = {c.name: [] for c in policy.categories}
        for spec in assessments:
            if spec.category in by_category:
                by_category[spec.category].append(_Item(spec.key, spec.points, spec.due_at))
        self._categories = tuple(
            _Category(
                c.name,
                c.weight,
                c.drop_lowest,
                tuple(by_category[c.name]),
                frozenset(c.never_drop),
                len({i.possible for i in by_category[c.name]}) == 1
                and by_category[c.name][0].possible > 0,
            )
            for c in policy.categories
        )
        self._late = policy.late
        self._late_on = policy.late.deduction_percent > 0
        self._missing = policy.late.missing_percent
        self._period = _PERIOD_SECONDS[LatePer(policy.late.per)]
        self._weighted = policy.weighted

    def grade(
        self,
        facts: Mapping[str, ScoreFact] | Iterable[ScoreFact],
        *,
        now: datetime,
        override_percent: float | None = None,
    ) -> GradeResult:
        """Grade one student. ``facts`` maps assessment key → ScoreFact (or is an iterable
        of facts); assessments without a fact count as "no score yet"."""
        if not isinstance(facts, Mapping):
            facts = {f.assessment_key: f for f in facts}
        categories = []
        late_total = 0.0
        for cat in self._categories:
            grade, late = self._category(cat, facts, now)
            categories.append(grade)
            late_total += late
        current = self._total(categories, final=False)
        final = self._total(categories, final=True)
        letter_source = override_percent if override_percent is not None else final
        return GradeResult(
            current_percent=current,
            final_percent=final,
            override_percent=override_percent,
            categories=tuple(categories),
            late_deductions=late_total,
            letter=self.policy.letter_for(letter_source),
            current_letter=self.policy.letter_for(current),
            final_letter=self.policy.letter_for(final),
        )

    def item_grades(self, facts: Mapping[str, ScoreFact], *, now: datetime) -> list[ItemGrade]:
        """Per-assessment detail (the student screen), in syllabus order per category."""
        rows = []
        for cat in self._categories:
            for key, possible, due_at in cat.items:
                fact = facts.get(key)
                status = fact.status if fact is not None else ScoreStatus.MISSING
                due = due_at
                if fact is not None and fact.extended_due_at is not None:
                    due = fact.extended_due_at
                if status in _SKIPPED:
                    effective, late = None, 0.0
                else:
                    effective, late = self._effective(possible, due_at, fact, now)
                raw = None if fact is None else fact.points
                rows.append(
                    ItemGrade(
                        key,
                        cat.name,
                        possible,
                        str(status),
                        raw,
                        effective,
                        late,
                        raw is None and effective is not None,
                        due,
                        None if fact is None else fact.submitted_at,
                    )
                )
        return rows

    def _effective(
        self, possible: float, due: datetime | None, fact: ScoreFact | None, now: datetime
    ) -> tuple[float | None, float]:
        """(points after the late/missing policy, or None when ungraded; late deduction)."""
        if fact is None:
            points = submitted = None
        else:
            _key, points, _status, submitted, extended = fact
            if extended is not None:
                due = extended
        if points is None:
            missing = self._missing
            if missing is not None and submitted is None and due is not None and now > due:
                return possible * missing / 100, 0.0
            return None, 0.0
        if submitted is not None and self._late_on and due is not None and submitted > due:
            late = self._late
            deduction = _deduction(
                points,
                possible,
                (submitted - due).total_seconds(),
                late.deduction_percent,
                self._period,
                late.floor_percent,
            )
            return points - deduction, deduction
        return points, 0.0

    def _category(
        self, cat: _Category, facts: Mapping[str, ScoreFact], now: datetime
    ) -> tuple[CategoryGrade, float]:
        # Hot loop (every student × assessment): plain tuples and local names on purpose.
        get, effective = facts.get, self._effective
        cur_pts = cur_pos = fin_pts = fin_pos = late_total = 0.0
        graded: list[tuple[str, float, float]] = []  # (key, points, possible), drop rules only
        ungraded: list[tuple[str, float, float]] = []
        keep_lists = cat.drop_lowest > 0
        for key, possible, due in cat.items:
            fact = get(key)
            if fact is None:
                points, late = effective(possible, due, None, now)
            else:
                if fact[2] in _SKIPPED:
                    continue
                points = fact[1]
                if points is None or fact[3] is not None:  # else: a score, nothing to check
                    points, late = effective(possible, due, fact, now)
                    late_total += late
            fin_pos += possible
            if points is None:
                if keep_lists:
                    ungraded.append((key, 0.0, possible))
                continue
            cur_pts += points
            cur_pos += possible
            fin_pts += points
            if keep_lists:
                graded.append((key, points, possible))
        cur_drop: tuple[str, ...] = ()
        fin_drop: tuple[str, ...] = ()
        if keep_lists:
            cur_pts, cur_pos, cur_drop = apply_drop(
                graded, cat.drop_lowest, cat.never_drop, equal_points=cat.equal_points
            )
            if ungraded:
                fin_pts, fin_pos, fin_drop = apply_drop(
                    graded + ungraded,
                    cat.drop_lowest,
                    cat.never_drop,
                    equal_points=cat.equal_points,
                )
            else:  # nothing ungraded: Final sees exactly what Current sees
                fin_pts, fin_pos, fin_drop = cur_pts, cur_pos, cur_drop
        grade = CategoryGrade(
            cat.name, cat.weight, cur_pts, cur_pos, fin_pts, fin_pos, cur_drop, fin_drop
        )
        return grade, late_total

    def _total(self, categories: list[CategoryGrade], *, final: bool) -> float | None:
        total = possible_sum = weight_sum = 0.0
        for cat in categories:
            pts, pos = (
                (cat.final_points, cat.final_possible)
                if final
                else (cat.current_points, cat.current_possible)
            )
            if not self._weighted:
                total += pts
                possible_sum += pos
            elif pos > 0 and cat.weight is not None:
                total += pts / pos * cat.weight
                weight_sum += cat.weight
        if not self._weighted:
            return percent(total, possible_sum)
        if weight_sum == 0:
            return None
        if weight_sum < 100:
            total = total * 100 / weight_sum
        return round2(total)


def compute_grade(
    policy: GradingPolicy,
    assessments: Sequence[AssessmentSpec],
    facts: Mapping[str, ScoreFact] | Iterable[ScoreFact],
    *,
    now: datetime,
    override_percent: float | None = None,
) -> GradeResult:
    """Grade one student (convenience wrapper around ``GradeCalculator``)."""
    calculator = GradeCalculator(policy, assessments)
    return calculator.grade(facts, now=now, override_percent=override_percent)
