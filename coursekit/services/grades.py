"""Grade views (Canvas-style Current/Final) and the two grade edits: override and extension."""

from __future__ import annotations

import math
from datetime import datetime

from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import col, select

from coursekit.db import models as m
from coursekit.domain.engine_records import GradeRow, StudentGrades
from coursekit.domain.enums import ScoreStatus
from coursekit.domain.grading import GradeCalculator
from coursekit.services.audit import record_changes
from coursekit.services.context import Conflict, NotFound, ServiceContext, ServiceError, paused_gc
from coursekit.services.engine_data import (
    ASSESSMENT,
    course_of_enrollment,
    load_course,
    load_scores,
    load_students,
    resolve_now,
)

_CHANGED = "this student's record was changed by someone else; reload and retry"
_SCORE_CHANGED = "this score was changed by someone else; reload and retry"
MAX_OVERRIDE = 200.0  # percent; overrides above 100 are legal (extra credit) but capped


def grade_rows(
    ctx: ServiceContext,
    course: str | None = None,
    *,
    now: datetime | None = None,
    section: str | None = None,
) -> list[GradeRow]:
    """Every active student's Current/Final grade, by sortable name."""
    at = resolve_now(now)
    with paused_gc():
        with ctx.read() as session:
            data = load_course(ctx, session, course)
            students = load_students(session, data.id, section=section)
            scores = load_scores(session, data.id)
        calc = GradeCalculator(data.syllabus.grading, data.syllabus.assessments)
        empty: dict = {}
        return [
            GradeRow(
                s.ref,
                calc.grade(
                    scores.get(s.ref.enrollment_id, empty),
                    now=at,
                    override_percent=s.override_percent,
                ),
                s.version,
            )
            for s in students
        ]


def student_grades(
    ctx: ServiceContext, enrollment_id: int, *, now: datetime | None = None
) -> StudentGrades:
    """One student's grade with the per-assessment detail (late, missing, dropped)."""
    at = resolve_now(now)
    with ctx.read() as session:
        data = load_course(ctx, session, course_of_enrollment(session, enrollment_id))
        students = load_students(session, data.id, enrollment_id=enrollment_id)
        facts = load_scores(session, data.id, enrollment_id=enrollment_id).get(enrollment_id, {})
    student = students[0]
    calc = GradeCalculator(data.syllabus.grading, data.syllabus.assessments)
    grade = calc.grade(facts, now=at, override_percent=student.override_percent)
    titles = {a.key: a.title for a in data.syllabus.assessments}
    return StudentGrades(
        GradeRow(student.ref, grade, student.version),
        tuple(calc.item_grades(facts, now=at)),
        titles,
    )


def set_override(
    ctx: ServiceContext,
    enrollment_id: int,
    percent: float | None,
    expected_version: int,
    *,
    now: datetime | None = None,
) -> GradeRow:
    """Set (or clear, with None) a student's manual final-grade override; audited."""
    if percent is not None and not (math.isfinite(percent) and 0 <= percent <= MAX_OVERRIDE):
        raise ServiceError(f"override must be a percent between 0 and {MAX_OVERRIDE:g}")
    try:
        with ctx.transaction() as session:
            enrollment = session.get(m.Enrollment, enrollment_id)
            if enrollment is None:
                raise NotFound(f"no enrollment {enrollment_id}")
            if enrollment.version != expected_version:
                raise Conflict(_CHANGED)
            old = enrollment.override_percent
            if old != percent:
                enrollment.override_percent = percent
                session.add(enrollment)
                session.flush()
                assert enrollment.id is not None
                record_changes(
                    session,
                    actor=ctx.settings.actor,
                    entity="enrollment",
                    entity_id=enrollment.id,
                    student_pk=enrollment.student_pk,
                    changes={"override_percent": (old, percent)},
                )
    except StaleDataError:
        raise Conflict(_CHANGED) from None
    return student_grades(ctx, enrollment_id, now=now).row


def set_extension(
    ctx: ServiceContext,
    enrollment_id: int,
    assessment_key: str,
    due_at: datetime | None,
    *,
    expected_version: int | None = None,
    now: datetime | None = None,
) -> StudentGrades:
    """Give one student a personal due date for one assessment (None removes it); audited.

    ``expected_version`` is the score row's version when the caller showed it; the
    returned view is computed at ``now`` (default: the clock).
    """
    if due_at is not None and due_at.tzinfo is None:
        raise ServiceError("the extended due date needs a time zone")
    try:
        with ctx.transaction() as session:
            enrollment = session.get(m.Enrollment, enrollment_id)
            if enrollment is None:
                raise NotFound(f"no enrollment {enrollment_id}")
            a = ASSESSMENT.c
            assessment_id = (
                session.connection()
                .execute(
                    select(a.id).where(a.course_id == enrollment.course_id, a.key == assessment_key)
                )
                .scalar_one_or_none()
            )
            if assessment_id is None:
                raise NotFound(f"no assessment {assessment_key!r} in this course")
            score = session.exec(
                select(m.Score).where(
                    col(m.Score.enrollment_id) == enrollment_id,
                    col(m.Score.assessment_id) == assessment_id,
                )
            ).first()
            if score is not None and expected_version not in (None, score.version):
                raise Conflict(_SCORE_CHANGED)
            old = score.extended_due_at if score is not None else None
            if old != due_at:
                if score is None:
                    score = m.Score(
                        enrollment_id=enrollment_id,
                        assessment_id=assessment_id,
                        points=None,
                        status=ScoreStatus.MISSING.value,
                    )
                score.extended_due_at = due_at
                session.add(score)
                session.flush()
                assert score.id is not None
                record_changes(
                    session,
                    actor=ctx.settings.actor,
                    entity="score",
                    entity_id=score.id,
                    student_pk=enrollment.student_pk,
                    changes={"extended_due_at": (old, due_at)},
                )
    except StaleDataError:
        raise Conflict(_SCORE_CHANGED) from None
    return student_grades(ctx, enrollment_id, now=now)
