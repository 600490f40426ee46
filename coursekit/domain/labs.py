"""Lab completion: per student × lab state, per-lab rates, per-student counts, nudges.

A lab is an assessment whose kind is a guided or challenge lab. It is *passed*
when its raw score (before any late deduction: a late pass is still a pass)
reaches ``pass_threshold`` % of its points; a lab without a threshold passes
with any positive score (a zero-point lab with any score). *Overdue* means the
(possibly extended) due date is past and the lab is not passed. Excused and
not-assigned labs are left out of every count.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from operator import itemgetter
from typing import NamedTuple

from coursekit.domain.enums import ScoreStatus
from coursekit.domain.grading import ScoreFact
from coursekit.domain.syllabus import AssessmentSpec

EXCLUDED_STATUSES = frozenset({ScoreStatus.EXCUSED.value, ScoreStatus.NOT_ASSIGNED.value})
_EXCLUDED = EXCLUDED_STATUSES  # excused and not-assigned labs count nowhere


class LabState(StrEnum):
    PASSED = "passed"
    BELOW_THRESHOLD = "below_threshold"  # attempted, not enough points
    NOT_STARTED = "not_started"
    EXCUSED = "excused"  # EX or N/A: not counted


class LabCell(NamedTuple):
    """One lab of one student (a NamedTuple: the class views build 10,000 × 22 of them, and a
    frozen dataclass costs three times as much to make)."""

    key: str
    state: LabState
    percent: float | None  # raw score as % of points possible
    due_at: datetime | None  # effective (extension applied)
    overdue: bool


@dataclass(frozen=True, slots=True)
class StudentLabs:
    cells: tuple[LabCell, ...]  # in syllabus order
    passed: int  # all passes, early ones included
    overdue: int
    due_so_far: int  # labs (not excused) whose due date has passed
    assigned: int  # labs not excused
    passed_due: int = 0  # passes among the labs due so far (the pace's numerator)

    @property
    def behind(self) -> int:
        """How many labs short of the pace: labs due so far minus those of them passed.

        A lab passed before it is due does not make up for an overdue one: both sides of
        the subtraction count the same labs (the ones already due)."""
        return max(0, self.due_so_far - self.passed_due)


@dataclass(frozen=True, slots=True)
class LabRate:
    key: str
    title: str
    passed: int
    assigned: int  # students for whom the lab counts

    @property
    def rate(self) -> float | None:
        return self.passed / self.assigned if self.assigned else None


def lab_specs(assessments: Iterable[AssessmentSpec]) -> tuple[AssessmentSpec, ...]:
    return tuple(a for a in assessments if a.kind.is_lab)


def is_passed(points: float | None, possible: float, threshold: float | None) -> bool:
    if points is None:
        return False
    if possible <= 0:
        return True
    if threshold is None:
        return points > 0
    return points * 100 / possible >= threshold - 1e-9


def lab_cell(spec: AssessmentSpec, fact: ScoreFact | None, now: datetime) -> LabCell:
    """One lab for one student: state, raw percent, effective due date, overdue."""
    return student_labs((spec,), {} if fact is None else {spec.key: fact}, now).cells[0]


def student_labs(
    labs: Sequence[AssessmentSpec], facts: Mapping[str, ScoreFact], now: datetime
) -> StudentLabs:
    """Every lab's cell and the student's counts, in one pass: the one home of the lab-state
    rules (``lab_cell`` is this for one lab). The class views call it for every student —
    10,000 × 22 labs in the dashboard — so the cells are built inline as plain tuples."""
    cells: list[LabCell] = []
    add = cells.append
    new = tuple.__new__
    passed = overdue = due_so_far = assigned = passed_due = 0
    get = facts.get
    for spec in labs:
        key, due = spec.key, spec.due_at
        fact = get(key)
        if fact is not None:  # ScoreFact read by index: (key, points, status, submitted, extended)
            if fact[4] is not None:
                due = fact[4]
            if fact[2] in _EXCLUDED:
                add(new(LabCell, (key, LabState.EXCUSED, None, due, False)))
                continue
        assigned += 1
        is_due = due is not None and now > due
        due_so_far += is_due
        points = None if fact is None else fact[1]
        if points is None:
            overdue += is_due
            add(new(LabCell, (key, LabState.NOT_STARTED, None, due, is_due)))
            continue
        possible = spec.points
        pct = None if possible <= 0 else points * 100 / possible
        if is_passed(points, possible, spec.pass_threshold):
            passed += 1
            passed_due += is_due
            add(new(LabCell, (key, LabState.PASSED, pct, due, False)))
        else:
            overdue += is_due
            add(new(LabCell, (key, LabState.BELOW_THRESHOLD, pct, due, is_due)))
    return StudentLabs(tuple(cells), passed, overdue, due_so_far, assigned, passed_due)


def is_due(cell: LabCell, now: datetime) -> bool:
    """The lab's (possibly extended) due date is past: it counts toward the pace."""
    return cell.due_at is not None and now > cell.due_at


def lab_rates(labs: Sequence[AssessmentSpec], students: Iterable[StudentLabs]) -> list[LabRate]:
    """Per lab, the students who passed it among those for whom it counts (not excused).

    Counted a column at a time (``zip`` of every student's cells, ``Counter`` of the
    states: both in C), since the class views pass 10,000 students × 22 labs."""
    columns = list(zip(*(student.cells for student in students), strict=True))
    rates = []
    for index, spec in enumerate(labs):
        column = columns[index] if columns else ()
        states = Counter(map(_STATE, column))
        assigned = len(column) - states[LabState.EXCUSED]
        rates.append(LabRate(spec.key, spec.title, states[LabState.PASSED], assigned))
    return rates


_STATE = itemgetter(1)  # LabCell.state


@dataclass(frozen=True, slots=True)
class NudgeReasons:
    behind: int  # labs short of the pace (0 unless it reached the threshold)
    overdue: tuple[str, ...]  # keys of overdue labs
    due_soon: tuple[str, ...]  # keys of labs due within the window, not passed

    def __bool__(self) -> bool:
        return bool(self.behind or self.overdue or self.due_soon)


def nudge_reasons(
    student: StudentLabs, now: datetime, *, behind: int = 2, days: float = 3
) -> NudgeReasons:
    """Why a student needs a nudge (falsy when they do not): behind the pace by
    ``behind`` labs or more, an overdue lab, or a lab due within ``days`` not yet passed."""
    horizon = now + timedelta(days=days)
    short = student.behind if student.behind >= behind else 0
    if not student.overdue and student.assigned == student.passed:
        return NudgeReasons(short, (), ())  # nothing overdue, nothing left to pass
    soon: list[str] = []
    late: list[str] = []
    for key, state, _pct, due, is_overdue in student.cells:
        if is_overdue and state is not LabState.EXCUSED:
            late.append(key)
        if (
            due is not None
            and (state is LabState.NOT_STARTED or state is LabState.BELOW_THRESHOLD)
            and now <= due <= horizon
        ):
            soon.append(key)
    return NudgeReasons(short, tuple(late), tuple(soon))
