"""The roster: list, add, edit and drop students of a course (audited, version-checked)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from coursekit.db import models as m
from coursekit.db.queries.courses import student_by_pk
from coursekit.db.queries.roster import (
    enrollment_of,
    roster_row,
    roster_rows,
    student_audit_trail,
    student_by_student_id,
)
from coursekit.domain.enums import EnrollmentStatus
from coursekit.domain.problems import ProblemCode
from coursekit.domain.records import RosterRow
from coursekit.domain.student_fields import clean_field, field_problem
from coursekit.services.audit import record_changes, save_audited
from coursekit.services.context import Conflict, ServiceContext, ServiceError, conflict_on_stale
from coursekit.services.courses import find_course_row, find_enrollment_row

_CHANGED = "this student was changed by someone else since you opened it; reload and retry"


@dataclass(frozen=True, slots=True)
class StudentEdit:
    """Fields a person may edit; ``None`` leaves a field as it is."""

    name: str | None = None
    sortable_name: str | None = None
    email: str | None = None
    section: str | None = None


def list_roster(ctx: ServiceContext, course: str | None = None) -> list[RosterRow]:
    """Every enrollment of the course (active and dropped), by sortable name."""
    with ctx.read() as session:
        course_row = find_course_row(session, course)
        assert course_row.id is not None
        return roster_rows(session, course_id=course_row.id)


def get_roster_row(ctx: ServiceContext, enrollment_id: int) -> RosterRow:
    with ctx.read() as session:
        enrollment = find_enrollment_row(session, enrollment_id)
        row = roster_row(session, course_id=enrollment.course_id, enrollment_id=enrollment_id)
        assert row is not None  # the enrollment was just found, in its own course
        return row


def _checked(value: str, field: str) -> str:
    """``value`` as kept (``clean_field``), or the refusal the forms give for it
    (``domain.student_fields``: one rule for the CLI, the add/edit forms and the Profile
    tab)."""
    kept = clean_field(value)
    problem = field_problem(field, value)
    if problem is not None:
        code = ProblemCode.INVALID_VALUE if kept else ProblemCode.MISSING_VALUE
        raise ServiceError(problem, code=code, field=field)
    return kept


def add_student(
    ctx: ServiceContext,
    course: str | None,
    *,
    student_id: str,
    name: str,
    email: str | None = None,
    section: str = "",
    sortable_name: str | None = None,
) -> RosterRow:
    """Enroll a student (creating the person if new); re-enrolls a dropped one."""
    sid = _checked(student_id, "student_id")
    display = _checked(name, "name")
    email = (_checked(email, "email") or None) if email else None
    section = _checked(section, "section")
    if sortable_name:
        sortable_name = _checked(sortable_name, "sortable_name")
    with ctx.transaction() as session:
        course_row = find_course_row(session, course)
        student = student_by_student_id(session, student_id=sid)
        if student is None:
            parts = display.rsplit(" ", 1)
            student = m.Student(
                student_id=sid,
                name=display,
                email=email or None,
                sortable_name=sortable_name
                or (f"{parts[1]}, {parts[0]}" if len(parts) == 2 else display),
            )
            session.add(student)
            session.flush()
        assert student.id is not None and course_row.id is not None
        enrollment = enrollment_of(session, course_id=course_row.id, student_pk=student.id)
        if enrollment is not None and enrollment.status == EnrollmentStatus.ACTIVE:
            raise ServiceError(
                f"student {sid} is already enrolled in {course_row.code}",
                code=ProblemCode.ALREADY_DONE,
                field="student_id",
            )
        if enrollment is None:
            enrollment = m.Enrollment(
                course_id=course_row.id, student_pk=student.id, section=section
            )
        old_status = enrollment.status if enrollment.id else None
        enrollment.status, enrollment.dropped_at = EnrollmentStatus.ACTIVE.value, None
        save_audited(
            session,
            enrollment,
            actor=ctx.settings.actor,
            entity="enrollment",
            student_pk=student.id,
            changes={"status": (old_status, EnrollmentStatus.ACTIVE.value)},
        )
        assert enrollment.id is not None
        enrollment_id = enrollment.id
    return get_roster_row(ctx, enrollment_id)


def edit_student(
    ctx: ServiceContext,
    enrollment_id: int,
    edit: StudentEdit,
    *,
    expected_version: int,
    expected_enrollment_version: int | None = None,
) -> RosterRow:
    """Apply ``edit`` if nobody changed the student since ``expected_version`` was read —
    nor, for a section change, the enrollment since ``expected_enrollment_version``
    (``RosterRow.enrollment_version``; issue 16: a stale form silently overwrote a
    section someone else had just set)."""
    with conflict_on_stale(_CHANGED), ctx.transaction() as session:
        enrollment = find_enrollment_row(session, enrollment_id)
        student = student_by_pk(session, student_pk=enrollment.student_pk)
        assert student is not None and student.id is not None
        if student.version != expected_version:
            raise Conflict(_CHANGED)
        if expected_enrollment_version not in (None, enrollment.version):
            raise Conflict(_CHANGED)
        changes: dict[str, tuple[object, object]] = {}
        for field_name in ("name", "sortable_name", "email"):
            new = getattr(edit, field_name)
            if new is not None:
                new = _checked(new, field_name) or None
                if field_name == "sortable_name" and new is None:
                    new = student.sortable_name
                if new != getattr(student, field_name):
                    changes[field_name] = (getattr(student, field_name), new)
                    setattr(student, field_name, new)
        if changes:
            save_audited(
                session,
                student,
                actor=ctx.settings.actor,
                entity="student",
                student_pk=student.id,
                changes=changes,
            )
        section = _checked(edit.section, "section") if edit.section is not None else None
        if section is not None and section != enrollment.section:
            record_changes(
                session,
                actor=ctx.settings.actor,
                entity="enrollment",
                entity_id=enrollment_id,
                student_pk=student.id,
                changes={"section": (enrollment.section, section)},
            )
            enrollment.section = section
            session.add(enrollment)
    return get_roster_row(ctx, enrollment_id)


def drop_student(ctx: ServiceContext, enrollment_id: int) -> RosterRow:
    """Mark an enrollment dropped; scores and history are kept."""
    with ctx.transaction() as session:
        enrollment = find_enrollment_row(session, enrollment_id)
        if enrollment.status != EnrollmentStatus.DROPPED:
            record_changes(
                session,
                actor=ctx.settings.actor,
                entity="enrollment",
                entity_id=enrollment_id,
                student_pk=enrollment.student_pk,
                changes={"status": (enrollment.status, EnrollmentStatus.DROPPED.value)},
            )
            enrollment.status = EnrollmentStatus.DROPPED.value
            enrollment.dropped_at = datetime.now(UTC)
            session.add(enrollment)
    return get_roster_row(ctx, enrollment_id)


def student_history(
    ctx: ServiceContext, student_pk: int
) -> list[tuple[datetime, str, str, str, str | None, str | None]]:
    """The audit trail of one student: (at, actor, entity, field, old, new), newest first."""
    with ctx.read() as session:
        return student_audit_trail(session, student_pk=student_pk)
