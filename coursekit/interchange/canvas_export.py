"""Grades as a Canvas gradebook import csv (reference/canvas-gradebook.md).

Layout Canvas's importer expects: ``Student, ID, SIS User ID, SIS Login ID,
Section``, then one ``<title> (<assignment id>)`` column per assignment, then
read-only totals; a ``    Points Possible`` row (four leading spaces) carries each
assignment's points and ``(read only)`` under computed columns. Scores: points
with up to 2 decimals, ``EX`` excused, ``N/A`` not assigned, blank no score.

Every field is quoted and text cells are formula-escaped (``'`` prefix) like every
csv coursekit writes; Canvas matches students by ID / SIS ids and assignments by
the ``(id)`` suffix, so an escaped name or title does not break the upload.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from coursekit.domain.cell_safety import escape
from coursekit.domain.enums import CANVAS_MARKS, ScoreStatus
from coursekit.interchange.report_csv import format_number, write_rows_csv

STUDENT_COLUMNS = ("Student", "ID", "SIS User ID", "SIS Login ID", "Section")
TOTAL_COLUMNS = ("Current Score", "Final Score", "Final Grade")
POINTS_POSSIBLE = "    Points Possible"
READ_ONLY = "(read only)"
EXCUSED, NOT_ASSIGNED = CANVAS_MARKS["excused"], CANVAS_MARKS["not_assigned"]

Progress = Callable[[int], None]


@dataclass(frozen=True, slots=True)
class CanvasAssignment:
    key: str  # Canvas assignment id
    title: str
    points: float


@dataclass(frozen=True, slots=True)
class CanvasScore:
    points: float | None
    status: str = ScoreStatus.GRADED  # a ScoreStatus value


@dataclass(frozen=True, slots=True)
class CanvasStudent:
    name: str  # "Last, First" as Canvas shows it
    canvas_id: str  # Canvas user id ("" when unknown: Canvas then matches SIS User ID)
    sis_user_id: str
    sis_login_id: str
    section: str
    scores: Sequence[CanvasScore | None]  # one per assignment, in assignment order
    current_score: float | None = None
    final_score: float | None = None
    final_grade: str | None = None


def assignment_header(assignment: CanvasAssignment) -> str:
    return f"{assignment.title} ({assignment.key})"


def score_text(score: CanvasScore | None) -> str:
    if score is None:
        return ""
    if score.status == ScoreStatus.EXCUSED:
        return EXCUSED
    if score.status == ScoreStatus.NOT_ASSIGNED:
        return NOT_ASSIGNED
    return "" if score.points is None else format_number(score.points, 2)


def canvas_header(assignments: Sequence[CanvasAssignment], *, totals: bool) -> list[str]:
    header = [*STUDENT_COLUMNS, *(assignment_header(a) for a in assignments)]
    return header + list(TOTAL_COLUMNS) if totals else header


def _rows(
    assignments: Sequence[CanvasAssignment], students: Sequence[CanvasStudent], totals: bool
) -> Iterator[list[str]]:
    points = [POINTS_POSSIBLE, "", "", "", ""]
    points += [format_number(a.points, 2) for a in assignments]
    yield [escape(cell) for cell in points] + ([READ_ONLY] * len(TOTAL_COLUMNS) if totals else [])
    width = len(assignments)
    for student in students:
        if len(student.scores) != width:
            raise ValueError("one score per assignment expected")
        info = (
            student.name,
            student.canvas_id,
            student.sis_user_id,
            student.sis_login_id,
            student.section,
        )
        row = [escape(text) for text in info]
        row += [score_text(score) for score in student.scores]
        if totals:
            row += [
                "" if student.current_score is None else format_number(student.current_score),
                "" if student.final_score is None else format_number(student.final_score),
                escape(student.final_grade or ""),
            ]
        yield row


def write_canvas_csv(
    assignments: Sequence[CanvasAssignment],
    students: Sequence[CanvasStudent],
    path: Path,
    *,
    totals: bool = True,
    progress: Progress | None = None,
) -> Path:
    """Write the Canvas import file atomically (0600)."""
    return write_rows_csv(
        path,
        canvas_header(assignments, totals=totals),
        _rows(assignments, students, totals),
        progress=progress,
    )
