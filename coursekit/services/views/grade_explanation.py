"""One student's grade explained (``domain.grade_explanation``), loading only that student."""

from __future__ import annotations

from datetime import datetime

from coursekit.db.queries.course_data import enrolled_students, score_facts
from coursekit.domain.grade_explanation import GradeExplanation, explain
from coursekit.domain.grading import GradeCalculator
from coursekit.services.context import ServiceContext
from coursekit.services.courses import find_course_row
from coursekit.services.student_lookup import resolve_enrollment
from coursekit.services.views.engine_data import course_of_enrollment, load_course, resolve_now


def explain_grade(
    ctx: ServiceContext, enrollment_id: int, *, now: datetime | None = None
) -> GradeExplanation:
    """Why this enrollment's grade is what it is at ``now`` (default: the clock)."""
    at = resolve_now(now)
    with ctx.read() as session:
        data = load_course(ctx, session, course_of_enrollment(session, enrollment_id))
        student = enrolled_students(session, course_id=data.id, enrollment_id=enrollment_id)[0]
        facts = score_facts(session, course_id=data.id, enrollment_id=enrollment_id).get(
            enrollment_id, {}
        )
    syllabus = data.syllabus
    calc = GradeCalculator(syllabus.grading, syllabus.assessments)
    return explain(
        student_id=student.ref.student_id,
        name=student.ref.name,
        policy=syllabus.grading,
        assessments=syllabus.assessments,
        grade=calc.grade(facts, now=at, override_percent=student.override_percent),
        items=calc.item_grades(facts, now=at),
    )


def explain_student(
    ctx: ServiceContext, course: str | None, who: str, *, now: datetime | None = None
) -> GradeExplanation:
    """``explain_grade`` for a student named by id, e-mail, SIS login or Canvas id."""
    with ctx.read() as session:
        enrollment, _ = resolve_enrollment(session, find_course_row(session, course), who)
        assert enrollment.id is not None
        enrollment_id = enrollment.id
    return explain_grade(ctx, enrollment_id, now=now)
