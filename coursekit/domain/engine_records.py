"""Read-only records of the course engine (grades, labs, credits, readiness views).

Services build them from bulk column queries; the CLI, TUI and reports consume them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from coursekit.domain.credits import CreditForecast
from coursekit.domain.grading import GradeResult, ItemGrade
from coursekit.domain.labs import LabRate, NudgeReasons, StudentLabs
from coursekit.domain.readiness import ReadinessResult


@dataclass(frozen=True, slots=True)
class StudentRef:
    enrollment_id: int
    student_pk: int
    student_id: str
    name: str
    sortable_name: str
    section: str
    status: str  # EnrollmentStatus value


@dataclass(frozen=True, slots=True)
class GradeRow:
    student: StudentRef
    grade: GradeResult
    enrollment_version: int  # pass back to ``set_override`` as expected_version


@dataclass(frozen=True, slots=True)
class StudentGrades:
    row: GradeRow
    items: tuple[ItemGrade, ...]
    titles: dict[str, str]  # assessment key -> title
    # assessment key -> version of the stored score row (absent: no row yet); an edit
    # made from this view sends it back, so a change made since is a conflict
    score_versions: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class LabInfo:
    key: str
    title: str
    kind: str
    due_at: datetime | None
    pass_threshold: float | None


@dataclass(frozen=True, slots=True)
class LabRow:
    student: StudentRef
    labs: StudentLabs


@dataclass(frozen=True, slots=True)
class LabMatrix:
    labs: tuple[LabInfo, ...]  # columns, in syllabus order
    rows: tuple[LabRow, ...]  # one per student, cells aligned with ``labs``
    rates: tuple[LabRate, ...]  # per lab, aligned with ``labs``


@dataclass(frozen=True, slots=True)
class Nudge:
    student: StudentRef
    reasons: NudgeReasons
    passed: int
    due_so_far: int


@dataclass(frozen=True, slots=True)
class CreditRow:
    student: StudentRef
    forecast: CreditForecast


@dataclass(frozen=True, slots=True)
class CreditEventRecord:
    id: int
    at: datetime
    kind: str
    amount_usd: float
    source: str


@dataclass(frozen=True, slots=True)
class StudentCredits:
    row: CreditRow
    events: tuple[CreditEventRecord, ...]  # the ledger, oldest first


@dataclass(frozen=True, slots=True)
class ReadinessRow:
    student: StudentRef
    result: ReadinessResult
