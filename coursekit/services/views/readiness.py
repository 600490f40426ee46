"""Certification readiness views: per student and exam (the course's target exam, plus
any other exam the student has practice attempts for)."""

from __future__ import annotations

from datetime import datetime

from coursekit.db.queries.course_data import Enrolled, attempt_facts, enrolled_students, score_facts
from coursekit.domain.engine_records import ReadinessRow
from coursekit.domain.grading import ScoreFact
from coursekit.domain.labs import lab_specs, student_labs
from coursekit.domain.readiness import AttemptFact, LabCoverageCalculator, assess
from coursekit.services.context import ServiceContext, gc_paused
from coursekit.services.courses import exam as find_exam
from coursekit.services.courses import exams as all_exams
from coursekit.services.views.engine_data import (
    CourseData,
    course_of_enrollment,
    load_course,
    resolve_now,
)
from coursekit.services.views.labs import LAB_KINDS


def _rows(
    ctx: ServiceContext,
    data: CourseData,
    students: list[Enrolled],
    attempts: dict[int, list[AttemptFact]],
    scores: dict[int, dict[str, ScoreFact]],
    exam: str | None,
    at: datetime,
) -> list[ReadinessRow]:
    syllabus = data.syllabus
    target = syllabus.course.exam_code
    labs = lab_specs(syllabus.assessments)
    coverage_of = LabCoverageCalculator(labs)
    blueprints = all_exams(ctx)
    empty_attempts: list[AttemptFact] = []
    rows: list[ReadinessRow] = []
    for student in students:
        eid = student.ref.enrollment_id
        mine = attempts.get(eid, empty_attempts)
        if exam is not None:
            codes = [exam]
        else:
            codes = [target] if target else []
            codes += sorted(({a.exam_code for a in mine} - set(codes)) & blueprints.keys())
        for code in codes:
            blueprint = blueprints[code]
            if code == target:
                coverage = coverage_of(student_labs(labs, scores.get(eid, {}), at))
                result = assess(blueprint, mine, syllabus.readiness, now=at, coverage=coverage)
            else:
                result = assess(blueprint, mine, syllabus.readiness, now=at)
            rows.append(ReadinessRow(student.ref, result))
    return rows


@gc_paused
def readiness_rows(
    ctx: ServiceContext,
    course: str | None = None,
    *,
    exam: str | None = None,
    now: datetime | None = None,
    section: str | None = None,
) -> list[ReadinessRow]:
    """One row per active student and exam: the target exam for everyone, plus other
    exams a student practised for (or only ``exam`` when given)."""
    at = resolve_now(now)
    if exam is not None:
        find_exam(ctx, exam)  # NotFound for an unknown code
    with ctx.read() as session:
        data = load_course(ctx, session, course)
        students = enrolled_students(session, course_id=data.id, section=section)
        attempts = attempt_facts(session, course_id=data.id, exam_code=exam)
        needs_labs = exam is None or exam == data.syllabus.course.exam_code
        scores = (
            score_facts(session, course_id=data.id, kinds=LAB_KINDS, with_times=False)
            if needs_labs
            else {}
        )
    return _rows(ctx, data, students, attempts, scores, exam, at)


def student_readiness(
    ctx: ServiceContext,
    enrollment_id: int,
    *,
    exam: str | None = None,
    now: datetime | None = None,
) -> list[ReadinessRow]:
    """One student's readiness for the target exam and every exam they practised for."""
    at = resolve_now(now)
    if exam is not None:
        find_exam(ctx, exam)
    with ctx.read() as session:
        data = load_course(ctx, session, course_of_enrollment(session, enrollment_id))
        students = enrolled_students(session, course_id=data.id, enrollment_id=enrollment_id)
        attempts = attempt_facts(
            session, course_id=data.id, exam_code=exam, enrollment_id=enrollment_id
        )
        scores = score_facts(
            session, course_id=data.id, kinds=LAB_KINDS, enrollment_id=enrollment_id
        )
    return _rows(ctx, data, students, attempts, scores, exam, at)


def exam_warning(ctx: ServiceContext, course: str | None = None) -> str | None:
    """A warning when the course targets an exam that is retired, or retires before the
    course ends (None when it does not, or the course targets no exam)."""
    from coursekit.domain.exams import retirement_warning

    with ctx.read() as session:
        spec = load_course(ctx, session, course).syllabus.course
    if not spec.exam_code:
        return None
    return retirement_warning(find_exam(ctx, spec.exam_code), spec.ends_on)
