"""Audit rows: written in the same transaction as the change, never updated."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlmodel import Session

from coursekit.db import models as m


def as_text(value: Any) -> str | None:
    return None if value is None else str(value)


def record_changes(
    session: Session,
    *,
    actor: str,
    entity: str,
    entity_id: int,
    changes: dict[str, tuple[Any, Any]],
    student_pk: int | None = None,
    batch_id: int | None = None,
) -> None:
    """One AuditEvent per changed field (``changes``: field -> (old, new)), all with the same
    time: rows written together are one change (``domain.history.group_changes``)."""
    at = datetime.now(UTC)
    for field_name, (old, new) in changes.items():
        session.add(
            m.AuditEvent(
                at=at,
                actor=actor,
                batch_id=batch_id,
                entity=entity,
                entity_id=entity_id,
                student_pk=student_pk,
                field=field_name,
                old=as_text(old),
                new=as_text(new),
            )
        )


def save_audited(
    session: Session,
    row: Any,
    *,
    actor: str,
    entity: str,
    student_pk: int | None,
    changes: dict[str, tuple[Any, Any]],
) -> None:
    """Write ``row`` now, then audit ``changes`` against its id.

    The flush runs the version check (a concurrent edit fails here, before anything is
    audited) and gives a new row its id.
    """
    session.add(row)
    session.flush()
    assert row.id is not None
    record_changes(
        session,
        actor=actor,
        entity=entity,
        entity_id=row.id,
        student_pk=student_pk,
        changes=changes,
    )
