"""Read a course from Canvas: sections, student enrollments, assignments and
every student's submissions (one grouped, paginated listing), as a
``CourseSnapshot``.

Listings go through canvasapi's ``PaginatedList`` (it follows the ``Link``
headers, through the retrying requester) but keep each element as its JSON
dict: canvasapi's ``CanvasObject`` tries to parse *every* attribute as a date
(arrow, about a millisecond each), which alone would take a quarter of an hour
for the 80,000 submissions of a 2,000-student, 40-assignment course.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from canvasapi import Canvas
from canvasapi.paginated_list import PaginatedList
from canvasapi.util import combine_kwargs

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


class Raw(dict[str, Any]):
    """A listing element as Canvas sent it (see the module docstring)."""

    def __init__(self, requester: Any, attributes: dict[str, Any]) -> None:
        super().__init__(attributes)


def listing(canvas: Canvas, endpoint: str, **params: Any) -> PaginatedList:
    """Every element of a paginated Canvas listing, as dicts."""
    requester = canvas._Canvas__requester
    params.setdefault("per_page", PER_PAGE)
    return PaginatedList(Raw, requester, "GET", endpoint, _kwargs=combine_kwargs(**params))


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


def _enrollment(raw: dict[str, Any], sections: dict[str, str]) -> CanvasEnrollment:
    grades = raw.get("grades") or {}
    return CanvasEnrollment(
        user=_user(raw.get("user") or {}, raw.get("user_id")),
        section=sections.get(str(raw.get("course_section_id", "")), ""),
        state=str(raw.get("enrollment_state") or "active"),
        current_score=_float(grades.get("current_score")),
        final_score=_float(grades.get("final_score")),
        current_grade=grades.get("current_grade"),
        final_grade=grades.get("final_grade"),
        unposted_current_score=_float(grades.get("unposted_current_score")),
        unposted_final_score=_float(grades.get("unposted_final_score")),
    )


def assignment_of(raw: dict[str, Any]) -> CanvasAssignment:
    group = raw.get("assignment_group_id")
    return CanvasAssignment(
        id=str(raw["id"]),
        name=str(raw.get("name") or ""),
        points=float(raw.get("points_possible") or 0),
        due_at=parse_time(raw.get("due_at")),
        group_id=str(group) if group else None,
        position=int(raw.get("position") or 0),
        omit_from_final_grade=bool(raw.get("omit_from_final_grade", False)),
    )


def submission_of(raw: dict[str, Any], user_id: str) -> CanvasSubmission:
    return CanvasSubmission(
        user_id=user_id,
        assignment_id=str(raw["assignment_id"]),
        score=_float(raw.get("score")),
        excused=bool(raw.get("excused")),
        missing=bool(raw.get("missing")),
        late=bool(raw.get("late")),
        seconds_late=float(raw.get("seconds_late") or 0),
        points_deducted=_float(raw.get("points_deducted")),
        workflow_state=str(raw.get("workflow_state") or "unsubmitted"),
        submitted_at=parse_time(raw.get("submitted_at")),
    )


def list_assignments(canvas: Canvas, course_id: str) -> list[CanvasAssignment]:
    return [assignment_of(a) for a in listing(canvas, f"courses/{course_id}/assignments")]


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
        base = f"courses/{course.id}"
        sections = {str(s["id"]): str(s["name"]) for s in listing(canvas, f"{base}/sections")}
        enrollments = tuple(
            _enrollment(e, sections)
            for e in listing(
                canvas, f"{base}/enrollments", type=["StudentEnrollment"], state=STUDENT_STATES
            )
        )
        if progress is not None:
            progress(0, len(enrollments))
        assignments: tuple[CanvasAssignment, ...] = ()
        submissions: dict[tuple[str, str], CanvasSubmission] = {}
        if scores:
            listed = list_assignments(canvas, str(course.id))
            assignments = tuple(sorted(listed, key=lambda a: (a.group_id or "", a.position)))
            submissions = read_submissions(canvas, str(course.id), None, progress, len(enrollments))
        return CourseSnapshot(
            course_id=str(course.id),
            name=str(getattr(course, "name", "")),
            enrollments=enrollments,
            assignments=assignments,
            submissions=submissions,
        )


def read_submissions(
    canvas: Canvas,
    course_id: str,
    assignment_ids: list[str] | None,
    progress: Progress | None = None,
    total: int = 0,
) -> dict[tuple[str, str], CanvasSubmission]:
    """(user id, assignment id) → submission, for every student of the course
    (``GET /courses/:id/students/submissions?grouped=true&student_ids[]=all``)."""
    params: dict[str, Any] = {"student_ids": ["all"], "grouped": True}
    if assignment_ids is not None:
        params["assignment_ids"] = assignment_ids
    found: dict[tuple[str, str], CanvasSubmission] = {}
    pages = listing(canvas, f"courses/{course_id}/students/submissions", **params)
    for done, group in enumerate(pages, 1):
        user_id = str(group["user_id"])
        for raw in group.get("submissions") or ():
            sub = submission_of(raw, user_id)
            found[(user_id, sub.assignment_id)] = sub
        if progress is not None and done % 50 == 0:
            progress(done, total)
    if progress is not None:
        progress(total, total)
    return found
