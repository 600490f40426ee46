"""Rows named the way audit rows name them (``entity``, ``entity_id``): read, set
a field, delete with a snapshot, insert a snapshot back, restore old values.

Merge moves rows field by field and undo puts them back from the audit trail;
both go through these, so the table behind an audit ``entity`` has one home."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Table, bindparam, select

from coursekit.db import tables as t
from coursekit.db.audit_codec import decode, from_snapshot, snapshot
from coursekit.db.bulk import IN_CHUNK, chunks

ENTITY_TABLES: dict[str, Table] = {
    "student": t.STUDENT,
    "enrollment": t.ENROLLMENT,
    "score": t.SCORE,
    "creditevent": t.CREDIT_EVENT,
    "practiceattempt": t.PRACTICE_ATTEMPT,
    # moved by `student merge`:
    "studentidentifier": t.STUDENT_IDENTIFIER,
    "templatesubmission": t.TEMPLATE_SUBMISSION,
    "checklistitem": t.CHECKLIST_ITEM,
    "auditevent": t.AUDIT_EVENT,
}
VERSIONED = frozenset({"student", "enrollment", "score"})  # tables with a version counter


def field_value(conn: Connection, *, entity: str, row_id: int, field: str) -> Any:
    table = ENTITY_TABLES[entity]
    return conn.execute(select(table.c[field]).where(table.c.id == row_id)).scalar()


def set_field(conn: Connection, *, entity: str, row_id: int, field: str, value: Any) -> None:
    table = ENTITY_TABLES[entity]
    conn.execute(table.update().where(table.c.id == row_id).values({field: value}))


def delete_row(conn: Connection, *, entity: str, row_id: int) -> str:
    """Delete one row; its snapshot (JSON text that ``insert_snapshot`` puts back)."""
    table = ENTITY_TABLES[entity]
    row = conn.execute(select(table).where(table.c.id == row_id)).mappings().one()
    conn.execute(table.delete().where(table.c.id == row_id))
    return snapshot(table, row)


def insert_snapshot(conn: Connection, *, entity: str, text: str) -> None:
    table = ENTITY_TABLES[entity]
    conn.execute(table.insert().values(**from_snapshot(table, text)))


def rows_by_id(conn: Connection, *, entity: str, ids: list[int]) -> dict[int, dict[str, Any]]:
    """The rows of ``ids`` that still exist, as column -> value."""
    table = ENTITY_TABLES[entity]
    found: dict[int, dict[str, Any]] = {}
    for part in chunks(ids, IN_CHUNK):
        for row in conn.execute(select(table).where(table.c.id.in_(part))).mappings():
            found[row["id"]] = dict(row)
    return found


def delete_rows(conn: Connection, *, entity: str, ids: list[int]) -> None:
    table = ENTITY_TABLES[entity]
    for part in chunks(ids, IN_CHUNK):
        conn.execute(table.delete().where(table.c.id.in_(part)))


def restore_fields(
    conn: Connection,
    *,
    changed: Mapping[tuple[str, int], Mapping[str, tuple[str | None, Any]]],
    now: datetime,
) -> None:
    """Old values (audit text, decoded to the column's type) back, grouped by
    (entity, field set) into executemany updates; versioned rows get their
    counter bumped, scores ``updated_at = now``."""
    groups: dict[tuple[str, tuple[str, ...]], list[dict[str, Any]]] = defaultdict(list)
    for (entity, eid), fields in changed.items():
        names = tuple(sorted(fields))
        params = {f"v_{f}": decode(entity, f, fields[f][0]) for f in names}
        groups[(entity, names)].append({"b_id": eid, **params})
    for (entity, names), rows in groups.items():
        table = ENTITY_TABLES[entity]
        values: dict[str, Any] = {f: bindparam(f"v_{f}") for f in names}
        if entity in VERSIONED:
            values["version"] = table.c.version + 1
        if entity == "score":
            values["updated_at"] = now
        conn.execute(table.update().where(table.c.id == bindparam("b_id")).values(**values), rows)


def row_ids_of_enrollments(
    conn: Connection, *, entity: str, enrollment_ids: Sequence[int]
) -> list[int]:
    """Ids of the rows of ``entity`` held by these enrollments (one IN list)."""
    table = ENTITY_TABLES[entity]
    return list(
        conn.execute(select(table.c.id).where(table.c.enrollment_id.in_(enrollment_ids))).scalars()
    )


def any_row_of_enrollments(conn: Connection, *, entity: str, enrollment_ids: Sequence[int]) -> bool:
    table = ENTITY_TABLES[entity]
    found = conn.execute(select(table.c.id).where(table.c.enrollment_id.in_(enrollment_ids)))
    return found.first() is not None
