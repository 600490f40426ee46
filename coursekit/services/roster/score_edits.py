"""Hand edits of one student's scores: set, excuse, clear, extend (audited, version-checked).

A hand edit marks the score ``manual``: it outranks what a later gradebook import brings
(see ``services/importing/import_apply.py``). Every change writes one audit row per field, which
``coursekit history`` shows and ``coursekit revert`` can take back.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from coursekit.db import models as m
from coursekit.db.queries.courses import assessments_in_order
from coursekit.db.queries.scores import score_row
from coursekit.domain.enums import ScoreStatus
from coursekit.domain.import_values import score_text
from coursekit.domain.problems import ProblemCode
from coursekit.services.audit import save_audited
from coursekit.services.context import Conflict, ServiceContext, ServiceError, conflict_on_stale
from coursekit.services.courses import find_course_row
from coursekit.services.student_lookup import resolve_assessment, resolve_enrollment
from coursekit.services.views.engine_data import resolve_now

_SCORE_CHANGED = "this score was changed by someone else since you read it; reload and retry"
MAX_POINTS_FACTOR = 10.0  # points above 10 × points possible are a typo, not extra credit


@dataclass(frozen=True, slots=True)
class ScoreChange:
    """What one edit did, in the words the CLI prints."""

    student_id: str
    name: str
    key: str
    title: str
    old: str  # Canvas spelling ("8.5", "EX", "N/A", "-")
    new: str
    extended_due_at: datetime | None
    version: int  # the score row's version after the edit


def _edit(
    ctx: ServiceContext,
    course: str | None,
    who: str,
    assessment: str,
    *,
    points: float | None,
    status: ScoreStatus,
    expected_version: int | None,
) -> ScoreChange:
    with conflict_on_stale(_SCORE_CHANGED), ctx.transaction() as session:
        course_row = find_course_row(session, course)
        enrollment, student = resolve_enrollment(session, course_row, who)
        spec = resolve_assessment(session, course_row, assessment)
        assert enrollment.id is not None and spec.id is not None
        if points is not None and not (
            math.isfinite(points)
            and 0 <= points <= max(1.0, spec.points_possible) * MAX_POINTS_FACTOR
        ):
            raise ServiceError(
                f"{points:g} is not a score for {spec.key} ({spec.points_possible:g} points)",
                code=ProblemCode.INVALID_VALUE,
                field="points",
            )
        score = score_row(session, enrollment_id=enrollment.id, assessment_id=spec.id)
        if score is not None and expected_version not in (None, score.version):
            raise Conflict(_SCORE_CHANGED)
        old_points = score.points if score is not None else None
        old_status = score.status if score is not None else ScoreStatus.MISSING.value
        old_text = score_text(old_status, old_points) if score is not None else "-"
        if score is None:
            score = m.Score(enrollment_id=enrollment.id, assessment_id=spec.id, points=None)
            score.status = ScoreStatus.MISSING.value
        changes: dict[str, tuple[object, object]] = {}
        if old_points != points:
            changes["points"] = (old_points, points)
        if old_status != status.value:
            changes["status"] = (old_status, status.value)
        if changes:
            if not score.manual:
                changes["manual"] = (False, True)
            score.points, score.status, score.manual = points, status.value, True
            score.updated_at = resolve_now(None)
            save_audited(
                session,
                score,
                actor=ctx.settings.actor,
                entity="score",
                student_pk=student.id,
                changes=changes,
            )
        return ScoreChange(
            student.student_id,
            student.name,
            spec.key,
            spec.title,
            old_text,
            score_text(status.value, points),
            score.extended_due_at,
            score.version or 1,
        )


def set_score(
    ctx: ServiceContext,
    course: str | None,
    who: str,
    assessment: str,
    points: float,
    *,
    expected_version: int | None = None,
) -> ScoreChange:
    """Give ``who`` ``points`` on ``assessment`` (graded, a hand edit)."""
    return _edit(
        ctx,
        course,
        who,
        assessment,
        points=points,
        status=ScoreStatus.GRADED,
        expected_version=expected_version,
    )


def excuse_score(
    ctx: ServiceContext,
    course: str | None,
    who: str,
    assessment: str,
    *,
    expected_version: int | None = None,
) -> ScoreChange:
    """Excuse ``who`` from ``assessment`` (Canvas ``EX``: out of every count)."""
    return _edit(
        ctx,
        course,
        who,
        assessment,
        points=None,
        status=ScoreStatus.EXCUSED,
        expected_version=expected_version,
    )


def clear_score(
    ctx: ServiceContext,
    course: str | None,
    who: str,
    assessment: str,
    *,
    expected_version: int | None = None,
) -> ScoreChange:
    """Take ``who``'s score on ``assessment`` away: no score (missing once past due).

    The row stays marked as a hand edit: an import refuses to overwrite it without --force."""
    return _edit(
        ctx,
        course,
        who,
        assessment,
        points=None,
        status=ScoreStatus.MISSING,
        expected_version=expected_version,
    )


@dataclass(frozen=True, slots=True)
class Extension:
    key: str
    title: str
    due_at: datetime | None  # the syllabus due date
    extended_due_at: datetime | None  # the student's own


def extend(
    ctx: ServiceContext,
    course: str | None,
    who: str,
    assessment: str,
    until: datetime | None,
    *,
    expected_version: int | None = None,
) -> Extension:
    """Give ``who`` a personal due date for ``assessment`` (None takes it away)."""
    from coursekit.services.views.grades import set_extension

    if until is not None and until.tzinfo is None:
        raise ServiceError.bad_input(
            "until needs a time zone (e.g. 2026-10-04T23:59-04:00 or ...Z)", "until"
        )
    with ctx.read() as session:
        course_row = find_course_row(session, course)
        enrollment, _ = resolve_enrollment(session, course_row, who)
        spec = resolve_assessment(session, course_row, assessment)
        assert enrollment.id is not None
        if until is not None and spec.due_at is not None and until <= spec.due_at:
            raise ServiceError.bad_input(
                f"{until.isoformat()} is not after the due date of {spec.key} "
                f"({spec.due_at.isoformat()}); an extension moves it later",
                "until",
            )
        key, title, due_at, enrollment_id = spec.key, spec.title, spec.due_at, enrollment.id
    set_extension(ctx, enrollment_id, key, until, expected_version=expected_version)
    return Extension(key, title, due_at, until)


def extend_all_future(
    ctx: ServiceContext,
    course: str | None,
    who: str,
    days: float,
    *,
    now: datetime | None = None,
) -> list[Extension]:
    """A standing accommodation: every assessment due after ``now`` gets ``days`` more days
    for ``who`` (one audited extension per assessment, in one transaction).

    Assessments whose due date is already past are left alone; a student's existing later
    personal due date is kept (an accommodation never shortens an extension)."""
    if not (math.isfinite(days) and 0 < days <= 365):
        raise ServiceError.bad_input("days must be more than 0 and at most 365", "days")
    at = resolve_now(now)
    out: list[Extension] = []
    with conflict_on_stale(_SCORE_CHANGED), ctx.transaction() as session:
        course_row = find_course_row(session, course)
        enrollment, student = resolve_enrollment(session, course_row, who)
        assert enrollment.id is not None
        upcoming = assessments_in_order(session, course_id=course_row.id)
        for spec in upcoming:
            if spec.due_at is None or spec.due_at <= at:
                continue
            assert spec.id is not None
            new_due = spec.due_at + timedelta(days=days)
            score = score_row(session, enrollment_id=enrollment.id, assessment_id=spec.id)
            old = score.extended_due_at if score is not None else None
            if old is not None and old >= new_due:
                continue
            if score is None:
                score = m.Score(enrollment_id=enrollment.id, assessment_id=spec.id, points=None)
                score.status = ScoreStatus.MISSING.value
            score.extended_due_at = new_due
            save_audited(
                session,
                score,
                actor=ctx.settings.actor,
                entity="score",
                student_pk=student.id,
                changes={"extended_due_at": (old, new_due)},
            )
            out.append(Extension(spec.key, spec.title, spec.due_at, new_due))
    return out
