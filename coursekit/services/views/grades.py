"""Grade views (Canvas-style Current/Final) and the two grade edits: override and extension."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from datetime import datetime

from coursekit.db import models as m
from coursekit.db.queries.course_data import Enrolled, enrolled_students, score_facts
from coursekit.db.queries.scores import assessment_id_by_key, score_row, score_versions
from coursekit.domain.engine_records import GradeRow, StudentGrades
from coursekit.domain.enums import ScoreStatus
from coursekit.domain.grading import GradeCalculator, ScoreFact
from coursekit.domain.problems import ProblemCode
from coursekit.domain.syllabus import Syllabus
from coursekit.services.audit import save_audited
from coursekit.services.context import (
    Conflict,
    NotFound,
    ServiceContext,
    ServiceError,
    conflict_on_stale,
    gc_paused,
)
from coursekit.services.courses import find_enrollment_row
from coursekit.services.views.engine_data import course_of_enrollment, load_course, resolve_now

_CHANGED = "this student's record was changed by someone else; reload and retry"
_SCORE_CHANGED = "this score was changed by someone else; reload and retry"
MAX_OVERRIDE = 200.0  # percent; overrides above 100 are legal (extra credit) but capped


def grade_enrolled(
    syllabus: Syllabus,
    students: Sequence[Enrolled],
    scores: Mapping[int, Mapping[str, ScoreFact]],
    *,
    now: datetime,
) -> list[GradeRow]:
    """Each student's Current/Final grade from already loaded scores (enrollment id ->
    assessment key -> fact); the grades view and the grades report both use it."""
    calc = GradeCalculator(syllabus.grading, syllabus.assessments)
    empty: dict[str, ScoreFact] = {}
    return [
        GradeRow(
            s.ref,
            calc.grade(
                scores.get(s.ref.enrollment_id, empty),
                now=now,
                override_percent=s.override_percent,
            ),
            s.version,
        )
        for s in students
    ]


@gc_paused
def grade_rows(
    ctx: ServiceContext,
    course: str | None = None,
    *,
    now: datetime | None = None,
    section: str | None = None,
) -> list[GradeRow]:
    """Every active student's Current/Final grade, by sortable name."""
    at = resolve_now(now)
    with ctx.read() as session:
        data = load_course(ctx, session, course)
        students = enrolled_students(session, course_id=data.id, section=section)
        scores = score_facts(session, course_id=data.id)
    return grade_enrolled(data.syllabus, students, scores, now=at)


def student_grades(
    ctx: ServiceContext, enrollment_id: int, *, now: datetime | None = None
) -> StudentGrades:
    """One student's grade with the per-assessment detail (late, missing, dropped)."""
    at = resolve_now(now)
    with ctx.read() as session:
        data = load_course(ctx, session, course_of_enrollment(session, enrollment_id))
        students = enrolled_students(session, course_id=data.id, enrollment_id=enrollment_id)
        facts = score_facts(session, course_id=data.id, enrollment_id=enrollment_id).get(
            enrollment_id, {}
        )
        versions = score_versions(session, enrollment_id=enrollment_id)
    student = students[0]
    calc = GradeCalculator(data.syllabus.grading, data.syllabus.assessments)
    grade = calc.grade(facts, now=at, override_percent=student.override_percent)
    titles = {a.key: a.title for a in data.syllabus.assessments}
    return StudentGrades(
        GradeRow(student.ref, grade, student.version),
        tuple(calc.item_grades(facts, now=at)),
        titles,
        versions,
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
        raise ServiceError(
            f"override must be a percent between 0 and {MAX_OVERRIDE:g}",
            code=ProblemCode.INVALID_VALUE,
            field="percent",
        )
    with conflict_on_stale(_CHANGED), ctx.transaction() as session:
        enrollment = find_enrollment_row(session, enrollment_id)
        if enrollment.version != expected_version:
            raise Conflict(_CHANGED)
        old = enrollment.override_percent
        if old != percent:
            enrollment.override_percent = percent
            save_audited(
                session,
                enrollment,
                actor=ctx.settings.actor,
                entity="enrollment",
                student_pk=enrollment.student_pk,
                changes={"override_percent": (old, percent)},
            )
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
        raise ServiceError(
            "the extended due date needs a time zone",
            code=ProblemCode.INVALID_VALUE,
            field="due_at",
        )
    with conflict_on_stale(_SCORE_CHANGED), ctx.transaction() as session:
        enrollment = find_enrollment_row(session, enrollment_id)
        assessment_id = assessment_id_by_key(
            session, course_id=enrollment.course_id, key=assessment_key
        )
        if assessment_id is None:
            raise NotFound(f"no assessment {assessment_key!r} in this course")
        score = score_row(session, enrollment_id=enrollment_id, assessment_id=assessment_id)
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
            save_audited(
                session,
                score,
                actor=ctx.settings.actor,
                entity="score",
                student_pk=enrollment.student_pk,
                changes={"extended_due_at": (old, due_at)},
            )
    return student_grades(ctx, enrollment_id, now=now)
