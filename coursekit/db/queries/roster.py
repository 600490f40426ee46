"""The roster: enrollments with their students, and one student's audit trail."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from coursekit.db import models as m
from coursekit.domain.records import RosterRow


def _roster_query(course_id: int) -> sa.Select[*tuple[Any, ...]]:
    return (
        sa.select(
            col(m.Enrollment.id),
            col(m.Student.id),
            col(m.Student.student_id),
            col(m.Student.name),
            col(m.Student.sortable_name),
            col(m.Student.email),
            col(m.Enrollment.section),
            col(m.Enrollment.status),
            col(m.Student.version),
            col(m.Enrollment.version),
        )
        .join(m.Student, col(m.Student.id) == col(m.Enrollment.student_pk))
        .where(col(m.Enrollment.course_id) == course_id)
        .order_by(col(m.Student.sortable_name), col(m.Student.student_id))
    )


def roster_rows(session: Session, *, course_id: int) -> list[RosterRow]:
    """Every enrollment of the course (active and dropped), by sortable name."""
    return [RosterRow(*row) for row in session.execute(_roster_query(course_id))]


def roster_row(session: Session, *, course_id: int, enrollment_id: int) -> RosterRow | None:
    """One enrollment of the course as a roster row (None: not of this course)."""
    row = session.execute(
        _roster_query(course_id).where(col(m.Enrollment.id) == enrollment_id)
    ).one_or_none()
    return None if row is None else RosterRow(*row)


def student_by_student_id(session: Session, *, student_id: str) -> m.Student | None:
    return session.exec(select(m.Student).where(m.Student.student_id == student_id)).first()


def enrollment_of(session: Session, *, course_id: int, student_pk: int) -> m.Enrollment | None:
    """The student's enrollment in the course, active or dropped (None: never enrolled)."""
    return session.exec(
        select(m.Enrollment).where(
            m.Enrollment.course_id == course_id, m.Enrollment.student_pk == student_pk
        )
    ).first()


def student_audit_trail(
    session: Session, *, student_pk: int
) -> list[tuple[datetime, str, str, str, str | None, str | None]]:
    """(at, actor, entity, field, old, new) of the student's audit rows, newest first."""
    rows = session.execute(
        sa.select(
            col(m.AuditEvent.at),
            col(m.AuditEvent.actor),
            col(m.AuditEvent.entity),
            col(m.AuditEvent.field),
            col(m.AuditEvent.old),
            col(m.AuditEvent.new),
        )
        .where(col(m.AuditEvent.student_pk) == student_pk)
        .order_by(col(m.AuditEvent.at).desc(), col(m.AuditEvent.id).desc())
    ).all()
    return [(r[0], r[1], r[2], r[3], r[4], r[5]) for r in rows]


@dataclass(frozen=True, slots=True)
class Contact:
    """How to reach a student: e-mail, Canvas user id, SIS login."""

    email: str | None
    lms_id: str | None
    login: str | None


def contacts(session: Session, *, course_id: int) -> dict[int, Contact]:
    """enrollment id -> the student's contact fields, for every enrollment of the course."""
    e, s = m.Enrollment, m.Student
    return {
        eid: Contact(email, lms_id, login)
        for eid, email, lms_id, login in session.execute(
            sa.select(col(e.id), col(s.email), col(s.lms_id), col(s.login))
            .join(s, col(s.id) == col(e.student_pk))
            .where(col(e.course_id) == course_id)
        )
    }
