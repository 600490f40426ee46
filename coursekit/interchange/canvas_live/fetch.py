"""Read a course from Canvas: sections, student enrollments, assignments and
every student's submissions (one grouped, paginated listing), as a
``CourseSnapshot``. canvasapi follows the ``Link`` pagination headers."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from canvasapi import Canvas

from coursekit.interchange.canvas_live.client import canvas_errors
from coursekit.interchange.canvas_live.snapshot import (
    CanvasAssignment,
    CanvasEnrollment,
    CanvasSubmission,
    CanvasUser,
    CourseSnapshot,
)

Progress = Callable[[int, int], None]
PER_PAGE = 100  # Canvas's usual maximum page size
STUDENT_STATES = ["active", "invited", "inactive", "completed"]


def _float(value: Any) -> float | None:
    return None if value is None or value == "" else float(value)


def parse_time(value: Any) -> datetime | None:
    if not value:
        return None
    parsed = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _user(raw: dict[str, Any], fallback_id: Any) -> CanvasUser:
    return CanvasUser(
        id=str(raw.get("id", fallback_id)),
        name=str(raw.get("name") or ""),
        sortable_name=str(raw.get("sortable_name") or ""),
        sis_user_id=(str(raw["sis_user_id"]) if raw.get("sis_user_id") else None),
        login_id=(str(raw["login_id"]) if raw.get("login_id") else None),
    )


def _enrollment(raw: Any, sections: dict[str, str]) -> CanvasEnrollment:
    grades = getattr(raw, "grades", None) or {}
    return CanvasEnrollment(
        user=_user(getattr(raw, "user", None) or {}, raw.user_id),
        section=sections.get(str(getattr(raw, "course_section_id", "")), ""),
        state=str(getattr(raw, "enrollment_state", "active")),
        current_score=_float(grades.get("current_score")),
        final_score=_float(grades.get("final_score")),
        current_grade=grades.get("current_grade"),
        final_grade=grades.get("final_grade"),
        unposted_current_score=_float(grades.get("unposted_current_score")),
        unposted_final_score=_float(grades.get("unposted_final_score")),
    )


def _assignment(raw: Any) -> CanvasAssignment:
    return CanvasAssignment(
        id=str(raw.id),
        name=str(raw.name),
        points=float(getattr(raw, "points_possible", 0) or 0),
        due_at=parse_time(getattr(raw, "due_at", None)),
        group_id=str(raw.assignment_group_id)
        if getattr(raw, "assignment_group_id", None)
        else None,
        position=int(getattr(raw, "position", 0) or 0),
        omit_from_final_grade=bool(getattr(raw, "omit_from_final_grade", False)),
    )


def submission_of(raw: Any, user_id: str) -> CanvasSubmission:
    return CanvasSubmission(
        user_id=user_id,
        assignment_id=str(raw.assignment_id),
        score=_float(getattr(raw, "score", None)),
        excused=bool(getattr(raw, "excused", False)),
        missing=bool(getattr(raw, "missing", False)),
        late=bool(getattr(raw, "late", False)),
        seconds_late=float(getattr(raw, "seconds_late", 0) or 0),
        points_deducted=_float(getattr(raw, "points_deducted", None)),
        workflow_state=str(getattr(raw, "workflow_state", "unsubmitted")),
        submitted_at=parse_time(getattr(raw, "submitted_at", None)),
    )


def fetch_course(
    canvas: Canvas,
    course_id: str,
    *,
    url: str = "",
    scores: bool = True,
    progress: Progress | None = None,
) -> CourseSnapshot:
    """Everything a pull needs. ``progress(done, total)`` counts students whose
    submissions were read (total: the students enrolled)."""
    with canvas_errors(f"Canvas course {course_id}", url):
        course = canvas.get_course(course_id)
        sections = {str(s.id): str(s.name) for s in course.get_sections(per_page=PER_PAGE)}
        enrollments = tuple(
            _enrollment(e, sections)
            for e in course.get_enrollments(
                type=["StudentEnrollment"], state=STUDENT_STATES, per_page=PER_PAGE
            )
        )
        if progress is not None:
            progress(0, len(enrollments))
        assignments: tuple[CanvasAssignment, ...] = ()
        submissions: dict[tuple[str, str], CanvasSubmission] = {}
        skipped: list[str] = []
        if scores:
            listed = [_assignment(a) for a in course.get_assignments(per_page=PER_PAGE)]
            assignments = tuple(sorted(listed, key=lambda a: (a.group_id or "", a.position)))
            submissions = read_submissions(course, None, progress, len(enrollments))
        return CourseSnapshot(
            course_id=str(course.id),
            name=str(getattr(course, "name", "")),
            enrollments=enrollments,
            assignments=assignments,
            submissions=submissions,
            skipped=tuple(skipped),
        )


def read_submissions(
    course: Any,
    assignment_ids: list[str] | None,
    progress: Progress | None = None,
    total: int = 0,
) -> dict[tuple[str, str], CanvasSubmission]:
    """(user id, assignment id) → submission, for every student of the course."""
    kwargs: dict[str, Any] = {"student_ids": ["all"], "grouped": True, "per_page": PER_PAGE}
    if assignment_ids is not None:
        kwargs["assignment_ids"] = assignment_ids
    found: dict[tuple[str, str], CanvasSubmission] = {}
    for done, group in enumerate(course.get_multiple_submissions(**kwargs), 1):
        user_id = str(group.user_id)
        for raw in group.submissions:
            sub = submission_of(raw, user_id)
            found[(user_id, sub.assignment_id)] = sub
        if progress is not None and done % 50 == 0:
            progress(done, total)
    return found
