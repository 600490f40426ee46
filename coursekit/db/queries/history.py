"""The audit log read back: a course's people, audit rows by student or by record, and the
audited records themselves (by the entity name an audit row carries)."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, SQLModel, col, select

from coursekit.db import models as m
from coursekit.domain.history import AuditRow

_ROW_COLUMNS = (
    col(m.AuditEvent.id),
    col(m.AuditEvent.at),
    col(m.AuditEvent.actor),
    col(m.AuditEvent.batch_id),
    col(m.AuditEvent.entity),
    col(m.AuditEvent.entity_id),
    col(m.AuditEvent.field),
    col(m.AuditEvent.old),
    col(m.AuditEvent.new),
)

# The tables an audit row's ``entity`` names.
AUDITED_TABLES: dict[str, type[SQLModel]] = {
    "score": m.Score,
    "enrollment": m.Enrollment,
    "student": m.Student,
    "checklistitem": m.ChecklistItem,
    "templatesubmission": m.TemplateSubmission,
}


def audited_record(session: Session, *, entity: str, entity_id: int) -> Any | None:
    """The row an audit entry is about (None: an unknown entity, or the row is gone)."""
    table = AUDITED_TABLES.get(entity)
    return session.get(table, entity_id) if table is not None else None


def audit_event_by_id(session: Session, *, event_id: int) -> m.AuditEvent | None:
    return session.get(m.AuditEvent, event_id)


def course_people(
    session: Session, *, course_id: int | None
) -> Sequence[tuple[int | None, int | None, str, str]]:
    """(enrollment id, student pk, student id, name) of every enrollment of the course."""
    return session.exec(
        select(col(m.Enrollment.id), col(m.Student.id), m.Student.student_id, m.Student.name)
        .join(m.Student, col(m.Student.id) == col(m.Enrollment.student_pk))
        .where(col(m.Enrollment.course_id) == course_id)
    ).all()


def audit_rows_of_students(
    session: Session, *, student_pks: Collection[int], hand_only: bool
) -> list[tuple[AuditRow, int | None]]:
    """(audit row, student pk) of the students' audit log, oldest first; ``hand_only``
    leaves out the rows an import wrote."""
    query = (
        sa.select(*_ROW_COLUMNS, col(m.AuditEvent.student_pk))
        .where(col(m.AuditEvent.student_pk).in_(list(student_pks)))
        .order_by(col(m.AuditEvent.id))
    )
    if hand_only:
        query = query.where(col(m.AuditEvent.batch_id).is_(None))
    return [(AuditRow(*r[:-1]), r[-1]) for r in session.execute(query).all()]


def audit_rows_of_record(session: Session, *, entity: str, entity_id: int) -> list[AuditRow]:
    """Every audit row of one record, oldest first."""
    return [
        AuditRow(*r)
        for r in session.execute(
            sa.select(*_ROW_COLUMNS)
            .where(
                col(m.AuditEvent.entity) == entity,
                col(m.AuditEvent.entity_id) == entity_id,
            )
            .order_by(col(m.AuditEvent.id))
        ).all()
    ]
