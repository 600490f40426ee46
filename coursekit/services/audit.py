"""Audit rows: written in the same transaction as the change, never updated."""

from __future__ import annotations

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
    """One AuditEvent per changed field (``changes``: field -> (old, new))."""
    for field_name, (old, new) in changes.items():
        session.add(
            m.AuditEvent(
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
