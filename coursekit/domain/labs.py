"""Lab completion: per student × lab state, per-lab rates, per-student counts, nudges.

A lab is an assessment whose kind is a guided or challenge lab. It is *passed*
when its raw score (before any late deduction: a late pass is still a pass)
reaches ``pass_threshold`` % of its points; a lab without a threshold passes
with any positive score (a zero-point lab with any score). *Overdue* means the
(possibly extended) due date is past and the lab is not passed. Excused and
not-assigned labs are left out of every count.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
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
    due = spec.due_at
    if fact is None:
        return LabCell(spec.key, LabState.NOT_STARTED, None, due, due is not None and now > due)
    if fact.extended_due_at is not None:
        due = fact.extended_due_at
    if fact.status in _EXCLUDED:
        return LabCell(spec.key, LabState.EXCUSED, None, due, False)
    points = fact.points
    if points is None:
        return LabCell(spec.key, LabState.NOT_STARTED, None, due, due is not None and now > due)
    pct = None if spec.points <= 0 else points * 100 / spec.points
    if is_passed(points, spec.points, spec.pass_threshold):
        return LabCell(spec.key, LabState.PASSED, pct, due, False)
    return LabCell(spec.key, LabState.BELOW_THRESHOLD, pct, due, due is not None and now > due)


def student_labs(
    labs: Sequence[AssessmentSpec], facts: Mapping[str, ScoreFact], now: datetime
) -> StudentLabs:
    """Every lab's cell and the student's counts, in one pass (the class views call this
    for every student: 10,000 × 22 labs in the dashboard)."""
    cells = []
    passed = overdue = due_so_far = assigned = passed_due = 0
    get = facts.get
    for spec in labs:
        cell = lab_cell(spec, get(spec.key), now)
        cells.append(cell)
        if cell.state is LabState.EXCUSED:
            continue
        assigned += 1
        is_pass = cell.state is LabState.PASSED
        passed += is_pass
        overdue += cell.overdue
        if is_due(cell, now):
            due_so_far += 1
            passed_due += is_pass
    return StudentLabs(tuple(cells), passed, overdue, due_so_far, assigned, passed_due)


def is_due(cell: LabCell, now: datetime) -> bool:
    """The lab's (possibly extended) due date is past: it counts toward the pace."""
    return cell.due_at is not None and now > cell.due_at


def lab_rates(labs: Sequence[AssessmentSpec], students: Iterable[StudentLabs]) -> list[LabRate]:
    passed = [0] * len(labs)
    assigned = [0] * len(labs)
    for student in students:
        for i, cell in enumerate(student.cells):
            if cell.state is not LabState.EXCUSED:
                assigned[i] += 1
                passed[i] += cell.state is LabState.PASSED
    return [LabRate(s.key, s.title, passed[i], assigned[i]) for i, s in enumerate(labs)]


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
    soon = tuple(
        c.key
        for c in student.cells
        if c.state in (LabState.NOT_STARTED, LabState.BELOW_THRESHOLD)
        and c.due_at is not None
        and now <= c.due_at <= horizon
    )
    overdue = tuple(c.key for c in student.cells if c.overdue and c.state is not LabState.EXCUSED)
    short = student.behind if student.behind >= behind else 0
    return NudgeReasons(short, overdue, soon)
