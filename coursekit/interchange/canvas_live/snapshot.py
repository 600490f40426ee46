"""What a pull read from Canvas, as plain records (no canvasapi objects)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True, slots=True)
class CanvasUser:
    id: str
    name: str
    sortable_name: str
    sis_user_id: str | None
    login_id: str | None


@dataclass(frozen=True, slots=True)
class CanvasEnrollment:
    user: CanvasUser
    section: str
    state: str  # active, invited, inactive, completed, deleted, ...
    current_score: float | None = None  # Canvas's own computed totals (percent)
    final_score: float | None = None
    current_grade: str | None = None
    final_grade: str | None = None
    unposted_current_score: float | None = None  # with grades not yet posted to students
    unposted_final_score: float | None = None


@dataclass(frozen=True, slots=True)
class CanvasAssignment:
    id: str
    name: str
    points: float
    due_at: datetime | None = None
    group_id: str | None = None
    position: int = 0
    omit_from_final_grade: bool = False


@dataclass(frozen=True, slots=True)
class CanvasSubmission:
    user_id: str
    assignment_id: str
    score: float | None
    excused: bool = False
    missing: bool = False
    late: bool = False
    seconds_late: float = 0.0
    points_deducted: float | None = None
    workflow_state: str = "unsubmitted"
    submitted_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class CourseSnapshot:
    course_id: str
    name: str
    enrollments: tuple[CanvasEnrollment, ...]
    assignments: tuple[CanvasAssignment, ...] = ()
    submissions: dict[tuple[str, str], CanvasSubmission] = field(default_factory=dict)
