"""Import batches and their audit rows: create, lock, read back as ``BatchInfo``,
list, mark undone; the audit rows a batch wrote and those written after it."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, or_, select
from sqlmodel import Session, col

from coursekit.db import models as m
from coursekit.db.bulk import bulk_insert, insert_rows
from coursekit.db.tables import AUDIT_EVENT, IMPORT_BATCH
from coursekit.domain.enums import ImportKind
from coursekit.domain.imports import BatchInfo

AUDIT_COLUMNS = (
    "at",
    "actor",
    "batch_id",
    "entity",
    "entity_id",
    "student_pk",
    "field",
    "old",
    "new",
)


def lock_course(session: Session, *, course_id: int) -> bool:
    """Lock the course row for this transaction (``FOR UPDATE``); False when it is gone."""
    found = session.execute(
        select(col(m.Course.id)).where(col(m.Course.id) == course_id).with_for_update()
    ).first()
    return found is not None


def first_course_id(conn: Connection) -> int | None:
    """The oldest course (a merge of students enrolled nowhere is filed under it)."""
    course_id: int | None = conn.execute(
        select(col(m.Course.id)).order_by(col(m.Course.id))
    ).scalar()
    return course_id


def insert_batch(
    conn: Connection,
    *,
    course_id: int,
    kind: str,
    file_name: str,
    sha256: str,
    counts: Mapping[str, int],
    actor: str,
    imported_at: datetime,
) -> int:
    """A new ImportBatch row; its id."""
    inserted = conn.execute(
        IMPORT_BATCH.insert().values(
            course_id=course_id,
            kind=kind,
            file_name=file_name,
            sha256=sha256,
            counts=counts,
            actor=actor,
            imported_at=imported_at,
        )
    ).inserted_primary_key
    assert inserted is not None  # an INSERT reports the key it made
    batch_id: int = inserted[0]
    return batch_id


def set_batch_counts(conn: Connection, *, batch_id: int, counts: Mapping[str, int]) -> None:
    conn.execute(IMPORT_BATCH.update().where(IMPORT_BATCH.c.id == batch_id).values(counts=counts))


def mark_undone(conn: Connection, *, batch_id: int, at: datetime) -> None:
    conn.execute(IMPORT_BATCH.update().where(IMPORT_BATCH.c.id == batch_id).values(undone_at=at))


def find_batch(session: Session, *, batch_id: int) -> m.ImportBatch | None:
    return session.get(m.ImportBatch, batch_id)


def reload_batch(session: Session, batch: m.ImportBatch) -> m.ImportBatch:
    """``batch`` read again (after Core statements changed its row)."""
    assert batch.id is not None
    session.expire(batch)
    fresh = session.get(m.ImportBatch, batch.id)
    assert fresh is not None
    return fresh


def batch_info(session: Session, batch: m.ImportBatch) -> BatchInfo:
    course = session.get(m.Course, batch.course_id)
    assert batch.id is not None
    return BatchInfo(
        batch.id,
        course.code if course else "?",
        ImportKind(batch.kind),
        batch.file_name,
        batch.sha256,
        dict(batch.counts or {}),
        batch.actor,
        batch.imported_at,
        batch.undone_at,
    )


def batch_infos(session: Session, *, course_id: int | None) -> list[BatchInfo]:
    """Import batches, newest first (all courses when ``course_id`` is None)."""
    query = select(m.ImportBatch).order_by(col(m.ImportBatch.id).desc())
    if course_id is not None:
        query = query.where(col(m.ImportBatch.course_id) == course_id)
    return [batch_info(session, b) for b in session.execute(query).scalars()]


def insert_audit(conn: Connection, rows: Iterable[Sequence[Any]]) -> None:
    """Audit rows as tuples in ``AUDIT_COLUMNS`` order."""
    bulk_insert(conn, AUDIT_EVENT, AUDIT_COLUMNS, rows)


def insert_audit_dicts(conn: Connection, rows: Iterable[dict[str, Any]]) -> None:
    """Audit rows as dicts (undo's reverse rows)."""
    insert_rows(conn, AUDIT_EVENT, rows)


AuditRow = tuple[int, str, int, int | None, str, str | None, str | None]


def batch_audit(conn: Connection, *, batch_id: int) -> Sequence[AuditRow]:
    """The audit rows a batch wrote, in order: (id, entity, entity id, student pk,
    field, old, new)."""
    a = AUDIT_EVENT
    rows: Sequence[AuditRow] = conn.execute(
        select(a.c.id, a.c.entity, a.c.entity_id, a.c.student_pk, a.c.field, a.c.old, a.c.new)
        .where(a.c.batch_id == batch_id)
        .order_by(a.c.id)
    ).all()
    return rows


def later_changes(conn: Connection, *, after_audit: int) -> Iterable[tuple[str, int, int | None]]:
    """(entity, entity id, batch id or None for a hand edit) of every audit row after
    ``after_audit`` that still stands (by hand, or by a batch not undone)."""
    a, b = AUDIT_EVENT, IMPORT_BATCH
    return conn.execute(
        select(a.c.entity, a.c.entity_id, a.c.batch_id)
        .select_from(a.outerjoin(b, b.c.id == a.c.batch_id))
        .where(a.c.id > after_audit, or_(a.c.batch_id.is_(None), b.c.undone_at.is_(None)))
    )
