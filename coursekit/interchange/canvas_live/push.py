"""Write grades to Canvas through the bulk grade update, follow its Progress
object to the end, and read the cells back."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from canvasapi import Canvas

from coursekit.interchange.canvas_live import fetch
from coursekit.interchange.canvas_live.client import canvas_errors
from coursekit.interchange.canvas_live.errors import CanvasError
from coursekit.interchange.canvas_live.snapshot import CanvasAssignment, CanvasSubmission

MAX_POLLS = 600


@dataclass(frozen=True, slots=True)
class GradeWrite:
    user_id: str
    assignment_id: str
    points: float | None  # None with ``excused``
    excused: bool = False


def posted_grade(points: float) -> str:
    return f"{points:.2f}".rstrip("0").rstrip(".")


def list_assignments(canvas: Canvas, course_id: str, url: str = "") -> list[CanvasAssignment]:
    with canvas_errors(f"assignments of Canvas course {course_id}", url):
        return fetch.list_assignments(canvas, course_id)


def read_cells(
    canvas: Canvas, course_id: str, assignment_ids: Sequence[str], url: str = ""
) -> dict[tuple[str, str], CanvasSubmission]:
    with canvas_errors(f"submissions of Canvas course {course_id}", url):
        return fetch.read_submissions(canvas, course_id, list(assignment_ids))


Report = Callable[[int, int], None]


def follow(
    progress: Any, sleep: Callable[[float], None], every: float = 1.0, report: Report | None = None
) -> str:
    """Poll a Progress object until it ends; its final ``workflow_state``.
    ``report(completion, 100)`` after each poll."""
    state = str(getattr(progress, "workflow_state", "queued"))
    polls = 0
    while state not in ("completed", "failed"):
        if polls >= MAX_POLLS:
            raise CanvasError("Canvas's bulk update did not finish in time")
        sleep(every)
        progress = progress.query()
        state = str(progress.workflow_state)
        polls += 1
        if report is not None:
            report(int(float(getattr(progress, "completion", 0) or 0)), 100)
    return state


def write_grades(
    canvas: Canvas,
    course_id: str,
    writes: Sequence[GradeWrite],
    *,
    sleep: Callable[[float], None],
    every: float = 1.0,
    url: str = "",
    report: Report | None = None,
) -> str:
    """One bulk update (``POST /courses/:id/submissions/update_grades``); the final
    state of its progress object, ``completed`` or ``failed``."""
    grade_data: dict[str, dict[str, dict[str, Any]]] = {}
    for w in writes:
        cell: dict[str, Any] = (
            {"excuse": True} if w.excused else {"posted_grade": posted_grade(w.points or 0.0)}
        )
        grade_data.setdefault(w.assignment_id, {})[w.user_id] = cell
    with canvas_errors(f"writing grades to Canvas course {course_id}", url):
        course = canvas.get_course(course_id)
        progress = course.submissions_bulk_update(grade_data=grade_data)
        return follow(progress, sleep, every, report)


# ---- custom gradebook columns -------------------------------------------------------


def find_column(canvas: Canvas, course_id: str, title: str, url: str = "") -> str | None:
    """The id of the course's custom gradebook column called ``title``."""
    with canvas_errors(f"custom columns of Canvas course {course_id}", url):
        course = canvas.get_course(course_id)
        for column in course.get_custom_columns(per_page=100):
            if str(column.title) == title:
                return str(column.id)
    return None


def create_column(canvas: Canvas, course_id: str, title: str, url: str = "") -> str:
    with canvas_errors(f"creating the column {title!r} in Canvas course {course_id}", url):
        course = canvas.get_course(course_id)
        return str(course.create_custom_column(column={"title": title}).id)


def read_column(canvas: Canvas, course_id: str, column_id: str, url: str = "") -> dict[str, str]:
    """Canvas user id → the column's content."""
    with canvas_errors(f"column data of Canvas course {course_id}", url):
        entries = fetch.listing(
            canvas, f"courses/{course_id}/custom_gradebook_columns/{column_id}/data"
        )
        return {str(e["user_id"]): str(e.get("content") or "") for e in entries}


def write_column(
    canvas: Canvas,
    course_id: str,
    column_id: str,
    values: dict[str, str],
    *,
    sleep: Callable[[float], None],
    every: float = 1.0,
    url: str = "",
    report: Report | None = None,
) -> str:
    """One bulk column update (``PUT /courses/:id/custom_gradebook_column_data``); the
    final state of its progress object."""
    data = [
        {"column_id": int(column_id), "user_id": int(user), "content": content}
        for user, content in values.items()
    ]
    with canvas_errors(f"writing a column to Canvas course {course_id}", url):
        course = canvas.get_course(course_id)
        return follow(course.column_data_bulk_update(column_data=data), sleep, every, report)
