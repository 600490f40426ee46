"""The course dashboard: one record summing up enrolment, labs, credits, readiness and
checklists, built from per-student results by the pure functions below.

``services/views/course_dashboard.py`` loads the data once and hands the per-student results
here, so the TUI's dashboard is one service call and these counts can be tested without a
database.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from coursekit.domain.credits import CreditFlag, CreditForecast
from coursekit.domain.engine_records import Nudge, StudentRef
from coursekit.domain.labs import LabRate, StudentLabs
from coursekit.domain.readiness import ReadinessResult, ReadinessStatus

if TYPE_CHECKING:  # the checklist rules import the CloudFormation analysis (YAML and all)
    from coursekit.domain.checklist import ClassChecklistRow

# Percent-used buckets of the credit histogram: [0, 25), [25, 50), [50, 75), [75, 90), ≥ 90.
USAGE_EDGES = (25.0, 50.0, 75.0, 90.0)
USAGE_LABELS = ("<25 %", "25–50 %", "50–75 %", "75–90 %", "≥90 %")


@dataclass(frozen=True, slots=True)
class SectionCount:
    section: str
    active: int
    dropped: int


@dataclass(frozen=True, slots=True)
class LabSummary:
    rates: tuple[LabRate, ...]  # per lab, in syllabus order
    kinds: tuple[str, ...]  # AssessmentKind value of each lab, aligned with ``rates``
    passed_due: int  # passes among the labs already due (not excused)
    due: int  # student × lab cells already due (not excused)
    on_pace: int  # students with no lab short of the pace
    with_overdue: int  # students with at least one overdue lab

    @property
    def completion(self) -> float | None:
        """Share of the labs due so far that are passed (0-1); None before any is due."""
        return self.passed_due / self.due if self.due else None


@dataclass(frozen=True, slots=True)
class CreditSummary:
    students: int
    used_75: int  # 75 % ≤ used < 90 %
    used_90: int  # used ≥ 90 % (over budget included)
    runs_out_before_close: int
    stale: int
    no_data: int
    no_usage: int
    spent: float
    budget: float
    usage_buckets: tuple[int, ...]  # students per USAGE_LABELS bucket (students with data)


@dataclass(frozen=True, slots=True)
class ReadinessSummary:
    exam_code: str | None  # the course's target exam (None: the course has none)
    passing_score: int | None
    ready: int
    close: int
    not_yet: int
    no_data: int
    mean_predicted: float | None  # over students with a prediction


@dataclass(frozen=True, slots=True)
class ChecklistSummary:
    students: int
    handed_in: int
    done: int
    waived: int
    open: int
    blocking: int  # open blocking items
    students_blocking: int  # students with at least one open blocking item
    overdue: int  # open items past their due date


@dataclass(frozen=True, slots=True)
class Dashboard:
    course_code: str
    title: str
    term: str
    now: datetime
    starts_on: date
    accounts_close_on: date
    days_to_close: int  # negative once the accounts are closed
    active: int
    dropped: int
    sections: tuple[SectionCount, ...]
    labs: LabSummary
    credits: CreditSummary
    readiness: ReadinessSummary
    checklists: ChecklistSummary
    nudges: tuple[Nudge, ...]  # most behind first


def section_counts(students: Iterable[StudentRef]) -> tuple[SectionCount, ...]:
    """Active and dropped students per section, by section name ("" sorts first)."""
    active: Counter[str] = Counter()
    dropped: Counter[str] = Counter()
    for ref in students:
        (active if ref.status == "active" else dropped)[ref.section] += 1
    names = sorted(set(active) | set(dropped), key=lambda s: (s.casefold(), s))
    return tuple(SectionCount(name, active[name], dropped[name]) for name in names)


def lab_summary(
    rates: Sequence[LabRate],
    kinds: Sequence[str],
    students: Iterable[StudentLabs],
) -> LabSummary:
    """Class-wide lab counts from each student's own (``StudentLabs`` counts the labs due
    so far and the passes among them: summed here, not counted again cell by cell)."""
    passed_due = due = on_pace = with_overdue = 0
    for labs in students:
        due += labs.due_so_far
        passed_due += labs.passed_due
        on_pace += labs.behind == 0
        with_overdue += labs.overdue > 0
    return LabSummary(tuple(rates), tuple(kinds), passed_due, due, on_pace, with_overdue)


def usage_bucket(percent_used: float) -> int:
    for index, edge in enumerate(USAGE_EDGES):
        if percent_used < edge:
            return index
    return len(USAGE_EDGES)


def credit_summary(forecasts: Iterable[CreditForecast]) -> CreditSummary:
    flags: Counter[CreditFlag] = Counter()
    buckets = [0] * len(USAGE_LABELS)
    students = 0
    spent = budget = 0.0
    for forecast in forecasts:
        students += 1
        flags.update(forecast.flags)
        spent += forecast.spent
        budget += forecast.budget
        if forecast.last_snapshot_at is not None and forecast.percent_used is not None:
            buckets[usage_bucket(forecast.percent_used)] += 1
    return CreditSummary(
        students=students,
        used_75=flags[CreditFlag.USED_75],
        used_90=flags[CreditFlag.USED_90],
        runs_out_before_close=flags[CreditFlag.RUNS_OUT_BEFORE_CLOSE],
        stale=flags[CreditFlag.STALE],
        no_data=flags[CreditFlag.NO_DATA],
        no_usage=flags[CreditFlag.NO_USAGE],
        spent=spent,
        budget=budget,
        usage_buckets=tuple(buckets),
    )


def readiness_summary(
    exam_code: str | None, passing_score: int | None, results: Iterable[ReadinessResult]
) -> ReadinessSummary:
    counts: Counter[ReadinessStatus] = Counter()
    predicted: list[float] = []
    for result in results:
        counts[result.status] += 1
        if result.predicted_score is not None:
            predicted.append(result.predicted_score)
    return ReadinessSummary(
        exam_code=exam_code,
        passing_score=passing_score,
        ready=counts[ReadinessStatus.READY],
        close=counts[ReadinessStatus.CLOSE],
        not_yet=counts[ReadinessStatus.NOT_YET],
        no_data=counts[ReadinessStatus.NO_DATA],
        mean_predicted=sum(predicted) / len(predicted) if predicted else None,
    )


def checklist_summary(rows: Iterable[ClassChecklistRow]) -> ChecklistSummary:
    students = handed_in = done = waived = open_items = blocking = students_blocking = 0
    overdue = 0
    for row in rows:
        students += 1
        handed_in += row.handed_in
        done += row.done
        waived += row.waived
        open_items += row.open
        blocking += row.blocking
        students_blocking += row.blocking > 0
        overdue += row.overdue
    return ChecklistSummary(
        students, handed_in, done, waived, open_items, blocking, students_blocking, overdue
    )
