"""The import batch writer: rows written in one transaction with an audit row per
created row or changed field, and the table handles it writes through.

Its own module so that apply, undo and merge (which all write batches) share it
without importing each other."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection

from coursekit.db import tables
from coursekit.services.importing.import_codec import bulk_insert, encode

T_STUDENT, T_ENROLL = tables.STUDENT, tables.ENROLLMENT
T_SCORE, T_BATCH = tables.SCORE, tables.IMPORT_BATCH
T_CREDIT, T_PRACTICE = tables.CREDIT_EVENT, tables.PRACTICE_ATTEMPT
T_AUDIT = tables.AUDIT_EVENT
T_IDENT = tables.STUDENT_IDENTIFIER
IDENT_COLUMNS = ("student_pk", "kind", "value", "source", "batch_id", "created_at")
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
        bulk_insert(self.conn, T_AUDIT, AUDIT_COLUMNS, self.audit)
        self.audit.clear()
