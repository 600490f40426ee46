"""Drop and reactivate a student of a course by how the instructor names them (audited,
version-checked against the enrollment's version counter)."""

from __future__ import annotations

from datetime import UTC, datetime

from coursekit.domain.enums import EnrollmentStatus
from coursekit.domain.problems import ProblemCode
from coursekit.domain.records import RosterRow
from coursekit.services.audit import save_audited
from coursekit.services.context import Conflict, ServiceContext, ServiceError, conflict_on_stale
from coursekit.services.courses import find_course_row
from coursekit.services.roster.roster import get_roster_row
from coursekit.services.student_lookup import resolve_enrollment

_CHANGED = "this enrollment was changed by someone else since you read it; reload and retry"


def find_student(ctx: ServiceContext, course: str | None, who: str) -> RosterRow:
    """The roster row of ``who`` (student id, e-mail, SIS login or Canvas id)."""
    with ctx.read() as session:
        enrollment, _ = resolve_enrollment(session, find_course_row(session, course), who)
        assert enrollment.id is not None
        enrollment_id = enrollment.id
    return get_roster_row(ctx, enrollment_id)


def set_enrolled(
    ctx: ServiceContext,
    course: str | None,
    who: str,
    status: EnrollmentStatus,
    *,
    expected_version: int | None = None,
) -> RosterRow:
    """Drop (scores and history are kept) or reactivate a student; refuses a no-op."""
    with conflict_on_stale(_CHANGED), ctx.transaction() as session:
        course_row = find_course_row(session, course)
        enrollment, student = resolve_enrollment(session, course_row, who)
        if expected_version is not None and enrollment.version != expected_version:
            raise Conflict(_CHANGED)
        if enrollment.status == status.value:
            word = "dropped" if status is EnrollmentStatus.DROPPED else "active"
            raise ServiceError(
                f"{student.student_id} is already {word} in {course_row.code}",
                code=ProblemCode.ALREADY_DONE,
            )
        changes: dict[str, tuple[object, object]] = {"status": (enrollment.status, status.value)}
        enrollment.status = status.value
        enrollment.dropped_at = datetime.now(UTC) if status is EnrollmentStatus.DROPPED else None
        save_audited(
            session,
            enrollment,
            actor=ctx.settings.actor,
            entity="enrollment",
            student_pk=student.id,
            changes=changes,
        )
        assert enrollment.id is not None
        enrollment_id = enrollment.id
    return get_roster_row(ctx, enrollment_id)
