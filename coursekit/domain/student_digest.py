"""Everything coursekit knows about one student of one course, in one record: the input
of the messages to students and of their progress sheets. Built by a service from the
class-wide views; holds only that student's data, so whatever is rendered from it
cannot leak another student's."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from coursekit.domain.checklist import ChecklistEntry, ClassChecklistRow
from coursekit.domain.credits import CreditFlag, CreditForecast
from coursekit.domain.engine_records import StudentRef
from coursekit.domain.grade_explanation import GradeExplanation
from coursekit.domain.grading import GradeResult
from coursekit.domain.labs import NudgeReasons
from coursekit.domain.readiness import ReadinessResult, ReadinessStatus


@dataclass(frozen=True, slots=True)
class LabLine:
    key: str
    title: str
    state: str  # LabState value
    percent: float | None
    due_at: datetime | None
    overdue: bool


@dataclass(frozen=True, slots=True)
class StudentDigest:
    student: StudentRef
    email: str | None
    course_code: str
    course_title: str
    accounts_close_on: date
    grade: GradeResult | None
    labs: tuple[LabLine, ...]
    nudge: NudgeReasons | None  # None: nothing to nudge about on labs
    credits: CreditForecast | None
    readiness: tuple[ReadinessResult, ...]  # the target exam first
    target_exam: str | None
    checklist: ClassChecklistRow | None
    checklist_items: tuple[ChecklistEntry, ...] = ()
    labs_passed_due: int = 0  # of the labs due so far, those passed (one rule: labs.py)
    labs_due_so_far: int = 0  # labs (not excused) whose due date has passed
    explanation: GradeExplanation | None = None  # progress sheets: why the grade is what it is

    def lab_title(self, key: str) -> str:
        return next((lab.title for lab in self.labs if lab.key == key), key)


CREDIT_REASONS = (CreditFlag.RUNS_OUT_BEFORE_CLOSE, CreditFlag.USED_90, CreditFlag.USED_75)
READINESS_REASONS = (ReadinessStatus.NOT_YET, ReadinessStatus.CLOSE)


def reasons(digest: StudentDigest) -> tuple[str, ...]:
    """Why this student gets a message, in message order: ``labs`` (behind, overdue or
    due soon), ``credits`` (runs out before the accounts close, or 75 %/90 % used),
    ``checklist`` (blocking or overdue export items), ``readiness`` (the course's exam
    predicted below passing)."""
    found: list[str] = []
    if digest.nudge:
        found.append("labs")
    if digest.credits is not None and any(f in digest.credits.flags for f in CREDIT_REASONS):
        found.append("credits")
    if digest.checklist is not None and (digest.checklist.blocking or digest.checklist.overdue):
        found.append("checklist")
    target = target_readiness(digest)
    if target is not None and target.status in READINESS_REASONS:
        found.append("readiness")
    return tuple(found)


def target_readiness(digest: StudentDigest) -> ReadinessResult | None:
    return next((r for r in digest.readiness if r.exam_code == digest.target_exam), None)
