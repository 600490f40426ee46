"""``canvas compare``: Canvas's own current/final scores next to coursekit's for
every student, each difference explained (``domain.canvas_compare``)."""

from __future__ import annotations

from datetime import datetime

from coursekit.db.queries.canvas import canvas_user_ids
from coursekit.db.queries.course_data import enrolled_students, score_facts
from coursekit.domain.canvas_compare import CellDiff, GradeComparison, Totals, explain
from coursekit.domain.enums import ScoreStatus
from coursekit.domain.problems import ProblemCode
from coursekit.interchange.canvas_live.errors import CanvasError
from coursekit.interchange.canvas_live.fetch import fetch_course
from coursekit.interchange.canvas_live.records import status_of, unique_enrollments
from coursekit.interchange.canvas_live.snapshot import CanvasEnrollment
from coursekit.services.canvas.canvas_connection import CanvasSession
from coursekit.services.canvas.canvas_push import NONE, canvas_value, spell
from coursekit.services.context import ServiceContext, ServiceError, paused_gc
from coursekit.services.views.engine_data import load_course, resolve_now
from coursekit.services.views.grades import grade_enrolled


def compare(
    ctx: ServiceContext, session: CanvasSession, *, now: datetime | None = None
) -> list[GradeComparison]:
    """Every active student of either side, by name; reasons empty when both agree."""
    try:
        snapshot = fetch_course(
            session.canvas, session.canvas_course_id, url=session.connection.url
        )
    except CanvasError as exc:
        raise ServiceError(str(exc), code=ProblemCode.CANVAS_FAILED) from None
    at = resolve_now(now)
    with paused_gc(), ctx.read() as db:
        data = load_course(ctx, db, session.connection.course_code)
        students = enrolled_students(db, course_id=data.id)
        facts = score_facts(db, course_id=data.id)
        lms = canvas_user_ids(db)
    grades = {
        g.student.enrollment_id: g.grade
        for g in grade_enrolled(data.syllabus, students, facts, now=at)
    }
    titles = {a.key: a.title for a in data.syllabus.assessments}
    assignments = {a.id: a for a in snapshot.assignments}
    in_canvas: dict[str, CanvasEnrollment] = {
        e.user.id: e for e in unique_enrollments(snapshot) if status_of(e.state).value == "active"
    }
    found: list[GradeComparison] = []
    for student in students:
        ref, grade = student.ref, grades[student.ref.enrollment_id]
        local = Totals(grade.current_percent, grade.final_percent)
        user_id = lms.get(ref.student_pk)
        enrollment = in_canvas.pop(str(user_id), None) if user_id else None
        if enrollment is None:
            found.append(
                GradeComparison(ref.student_id, ref.name, None, local, ("not enrolled in Canvas",))
            )
            continue
        mine = facts.get(ref.enrollment_id, {})
        cells = []
        for key, title in titles.items():
            if key not in assignments:
                continue
            fact = mine.get(key)
            here = (
                NONE
                if fact is None
                else spell(fact.points, fact.status == ScoreStatus.EXCUSED.value)
            )
            there = canvas_value(snapshot.submissions.get((enrollment.user.id, key)))
            if here != there:
                cells.append(CellDiff(title, there, here))
        canvas_only = sum(
            1
            for (uid, aid), sub in snapshot.submissions.items()
            if uid == enrollment.user.id
            and aid not in titles
            and sub.score is not None
            and not (aid in assignments and assignments[aid].omit_from_final_grade)
        )
        canvas = Totals(enrollment.current_score, enrollment.final_score)
        unposted = Totals(enrollment.unposted_current_score, enrollment.unposted_final_score)
        reasons = explain(canvas, local, cells=cells, canvas_only=canvas_only, unposted=unposted)
        found.append(GradeComparison(ref.student_id, ref.name, canvas, local, reasons))
    for enrollment in in_canvas.values():
        user = enrollment.user
        found.append(
            GradeComparison(
                user.sis_user_id or f"canvas:{user.id}",
                user.name,
                Totals(enrollment.current_score, enrollment.final_score),
                None,
                ("not in coursekit: pull the roster from Canvas",),
            )
        )
    return found
