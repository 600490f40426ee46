"""The import batch writer: rows written in one transaction with an audit row per
created row or changed field.

Its own module so that apply, undo and merge (which all write batches) share it
without importing each other."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection

from coursekit.db.audit_codec import encode
from coursekit.db.queries.batches import insert_audit

SCORES_CREATED = "scores_created"  # one audit row per enrollment: {assessment key: value}


class BatchWriter:
    """Collects audit rows and writes them in chunks, in the same transaction."""

    def __init__(self, conn: Connection, batch_id: int, actor: str, now: datetime) -> None:
        self.conn, self.batch_id, self.actor, self.now = conn, batch_id, actor, now
        self.audit: list[tuple[Any, ...]] = []
        self.pk_by_sid: dict[str, int] = {}  # students this batch created, by student id

    def log(
        self, entity: str, entity_id: int, student_pk: int | None, field: str, old: Any, new: Any
    ) -> None:
        self.audit.append(
            (
                self.now,
                self.actor,
                self.batch_id,
                entity,
                entity_id,
                student_pk,
                field,
                encode(old),
                encode(new),
            )
        )

    def flush(self) -> None:
        insert_audit(self.conn, self.audit)
        self.audit.clear()
