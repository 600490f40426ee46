"""A ``CourseSnapshot`` → the records the spreadsheet readers produce
(``RosterFile`` / ``GradebookFile`` + row issues), so a pull goes through the
same import plan, identity matching, preview, apply and undo as a file.

"Rows" number the students in the order Canvas listed them, from 2 (as the
gradebook export numbers them under its header); "columns" are the assignment
headers as the export spells them, ``Title (id)``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from coursekit.domain.columns.assessments import match_assessments
from coursekit.domain.columns.points import with_source_points
from coursekit.domain.enums import EnrollmentStatus, ScoreStatus
from coursekit.domain.imports import (
    AssessmentRef,
    GradebookFile,
    RosterFile,
    RowIssue,
    ScoreCell,
    Severity,
    StudentRecord,
)
from coursekit.domain.problems import HintKind, ProblemCode
from coursekit.interchange.canvas_live.snapshot import (
    CanvasEnrollment,
    CanvasSubmission,
    CourseSnapshot,
)

_NOT_ASSIGNED: ScoreCell = (ScoreStatus.NOT_ASSIGNED, None)
_EXCUSED: ScoreCell = (ScoreStatus.EXCUSED, None)
_MISSING: ScoreCell = (ScoreStatus.MISSING, None)
ACTIVE_STATES = frozenset({"active", "invited", "creation_pending"})
FIRST_ROW = 2


def status_of(state: str) -> EnrollmentStatus:
    return EnrollmentStatus.ACTIVE if state in ACTIVE_STATES else EnrollmentStatus.DROPPED


def _record(row: int, enrollment: CanvasEnrollment) -> StudentRecord:
    user = enrollment.user
    login = user.login_id or None
    return StudentRecord(
        row=row,
        student_id=user.sis_user_id or None,
        lms_id=user.id,
        login=login,
        email=login if login and "@" in login else None,
        name=user.name,
        sortable_name=user.sortable_name,
        section=enrollment.section or None,
        status=status_of(enrollment.state),
    )


def unique_enrollments(snapshot: CourseSnapshot) -> list[CanvasEnrollment]:
    """One enrollment per person: Canvas lists a student once per section; the
    active one (first listed) wins."""
    chosen: dict[str, CanvasEnrollment] = {}
    for enrollment in snapshot.enrollments:
        current = chosen.get(enrollment.user.id)
        if current is None or (
            status_of(current.state) != EnrollmentStatus.ACTIVE
            and status_of(enrollment.state) == EnrollmentStatus.ACTIVE
        ):
            chosen[enrollment.user.id] = enrollment
    return list(chosen.values())


def roster_from(snapshot: CourseSnapshot) -> tuple[RosterFile, list[RowIssue]]:
    enrollments = unique_enrollments(snapshot)
    students = tuple(_record(FIRST_ROW + i, e) for i, e in enumerate(enrollments))
    issues = []
    if not students:
        issues.append(
            RowIssue(
                None,
                None,
                "no students enrolled in Canvas",
                Severity.WARNING,
                code=ProblemCode.NO_ROWS,
            )
        )
    return RosterFile((), students), issues


def gradebook_from(
    snapshot: CourseSnapshot, assessments: Sequence[AssessmentRef]
) -> tuple[GradebookFile, list[RowIssue]]:
    """Active students × the assignments the course knows (by Canvas id, then title)."""
    headers = [(i, f"{a.name} ({a.id})") for i, a in enumerate(snapshot.assignments)]
    matches, match_issues = match_assessments(headers, assessments, None)
    issues = [  # a pull maps no columns: the syllabus is where an assignment is added
        replace(i, hint=None) if i.hint is HintKind.MAP_COLUMN else i for i in match_issues
    ]
    imported, ignored, points_issues = with_source_points(
        matches, assessments, lambda m: snapshot.assignments[m.index].points, "Canvas"
    )
    issues += points_issues
    active = [
        e for e in unique_enrollments(snapshot) if status_of(e.state) == EnrollmentStatus.ACTIVE
    ]
    students: list[StudentRecord] = []
    scores: list[tuple[ScoreCell, ...]] = []
    ids = [snapshot.assignments[m.index].id for m in imported]
    subs = snapshot.submissions
    late = deducted = 0
    for position, enrollment in enumerate(active):
        students.append(_record(FIRST_ROW + position, enrollment))
        user = enrollment.user.id
        found = [subs.get((user, aid)) for aid in ids]
        scores.append(tuple(score_cell(sub) for sub in found))
        for sub in found:
            if sub is not None and sub.late:
                late += 1
                deducted += bool(sub.points_deducted)
    if late:
        issues.append(
            RowIssue(
                None,
                None,
                f"{late} late submission(s), {deducted} with a late deduction: the score "
                "pulled is Canvas's score after the deduction, as in the gradebook export",
                Severity.INFO,
                code=ProblemCode.READ_AS,
            )
        )
    if not students:
        issues.append(
            RowIssue(
                None,
                None,
                "no active students in Canvas",
                Severity.WARNING,
                code=ProblemCode.NO_ROWS,
            )
        )
    return GradebookFile(tuple(imported), tuple(students), tuple(scores), tuple(ignored)), issues


def score_cell(sub: CanvasSubmission | None) -> ScoreCell:
    """Canvas submission → (status, points) as the gradebook export would show it:
    no submission object = not assigned (N/A), excused = EX, a score, else missing."""
    if sub is None:
        return _NOT_ASSIGNED
    if sub.excused:
        return _EXCUSED
    if sub.score is not None:
        return (ScoreStatus.GRADED, sub.score)
    return _MISSING
