"""Undo an import batch from its audit rows, and list batches.

Undo restores exactly the state before the batch: rows it created are deleted,
fields it changed get their old values back, and a reverse audit row is added
for each original one (audit rows are never updated or deleted). It refuses
when something changed those rows afterwards — a later batch that is not
undone, or an edit by hand — or when a row it created is now needed by later
data; undo the later batch first.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Table, bindparam, or_, select
from sqlmodel import Session, col

from coursekit.db import models as m
from coursekit.db.tables import ASSESSMENT, CHECKLIST_ITEM, TEMPLATE_SUBMISSION
from coursekit.domain.enums import ImportKind
from coursekit.domain.import_values import score_text
from coursekit.domain.imports import BatchInfo
from coursekit.domain.problems import ProblemCode
from coursekit.services.context import NotFound, ServiceContext, ServiceError
from coursekit.services.courses import find_course_row
from coursekit.services.importing.batch_writer import (
    SCORES_CREATED,
    T_AUDIT,
    T_BATCH,
    T_CREDIT,
    T_ENROLL,
    T_IDENT,
    T_PRACTICE,
    T_SCORE,
    T_STUDENT,
)
from coursekit.services.importing.import_codec import (
    IN_CHUNK,
    chunks,
    decode,
    encode,
    from_snapshot,
    insert_rows,
)

TABLES: dict[str, Table] = {
    "student": T_STUDENT,
    "enrollment": T_ENROLL,
    "score": T_SCORE,
    "creditevent": T_CREDIT,
    "practiceattempt": T_PRACTICE,
    # moved by `student merge`:
    "studentidentifier": T_IDENT,
    "templatesubmission": TEMPLATE_SUBMISSION,
    "checklistitem": CHECKLIST_ITEM,
    "auditevent": T_AUDIT,
}
RESTORE_ORDER = ("student", "enrollment", "score", "checklistitem", "studentidentifier")
VERSIONED = {"student", "enrollment", "score"}
DELETE_ORDER = ("score", "creditevent", "practiceattempt", "enrollment", "student")
T_ASSESSMENT = ASSESSMENT
DELETED = "deleted"  # a row a merge deleted: ``old`` holds its snapshot
_REVERSED = {"created": "deleted", SCORES_CREATED: "scores_deleted"}
RESTORED = "restored"  # reverse of a merge's "deleted" (the row is back, ``new`` holds it)


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


def list_batches(ctx: ServiceContext, course: str | None = None) -> list[BatchInfo]:
    """Import batches, newest first (all courses when ``course`` is None)."""
    with ctx.read() as session:
        query = select(m.ImportBatch).order_by(col(m.ImportBatch.id).desc())
        if course is not None:
            course_id = find_course_row(session, course).id
            query = query.where(col(m.ImportBatch.course_id) == course_id)
        return [batch_info(session, b) for b in session.execute(query).scalars()]


def _current_rows(conn: Connection, entity: str, ids: list[int]) -> dict[int, dict[str, Any]]:
    table = TABLES[entity]
    found: dict[int, dict[str, Any]] = {}
    for part in chunks(ids, IN_CHUNK):
        for row in conn.execute(select(table).where(table.c.id.in_(part))).mappings():
            found[row["id"]] = dict(row)
    return found


def _check_later_changes(
    conn: Connection, batch_id: int, last_audit: int, touched: set[tuple[str, int]]
) -> None:
    a, b = T_AUDIT, T_BATCH
    later = conn.execute(
        select(a.c.entity, a.c.entity_id, a.c.batch_id)
        .select_from(a.outerjoin(b, b.c.id == a.c.batch_id))
        .where(a.c.id > last_audit, or_(a.c.batch_id.is_(None), b.c.undone_at.is_(None)))
    )
    blockers = sorted(
        {bid for entity, eid, bid in later if (entity, eid) in touched},
        key=lambda v: (v is None, v or 0),
    )
    if blockers:
        who = "an edit by hand" if blockers[0] is None else f"batch {blockers[0]}"
        raise ServiceError(
            f"cannot undo batch {batch_id}: {who} changed the same rows since; "
            f"undo that first{' (newest first)' if blockers[0] is not None else ''}",
            code=ProblemCode.BLOCKED,
        )


def _check_dependents(conn: Connection, batch_id: int, created: dict[str, set[int]]) -> None:
    """Rows created by this batch that later data now hangs on."""
    enrollments = sorted(created["enrollment"])
    for part in chunks(enrollments, IN_CHUNK):
        for entity, table in (
            ("score", T_SCORE),
            ("creditevent", T_CREDIT),
            ("practiceattempt", T_PRACTICE),
        ):
            ids = conn.execute(select(table.c.id).where(table.c.enrollment_id.in_(part))).scalars()
            if any(i not in created[entity] for i in ids):
                raise ServiceError(
                    f"cannot undo batch {batch_id}: students it added have newer "
                    "data; undo the later batches first",
                    code=ProblemCode.BLOCKED,
                )
        for table in (TEMPLATE_SUBMISSION, CHECKLIST_ITEM):
            if conn.execute(select(table.c.id).where(table.c.enrollment_id.in_(part))).first():
                raise ServiceError(
                    f"cannot undo batch {batch_id}: students it added have "
                    "submissions or checklists now",
                    code=ProblemCode.BLOCKED,
                )
    for part in chunks(sorted(created["student"]), IN_CHUNK):
        ids = conn.execute(select(T_ENROLL.c.id).where(T_ENROLL.c.student_pk.in_(part))).scalars()
        if any(i not in created["enrollment"] for i in ids):
            raise ServiceError(
                f"cannot undo batch {batch_id}: people it added are enrolled elsewhere now",
                code=ProblemCode.BLOCKED,
            )


def undo_batch(ctx: ServiceContext, batch_id: int) -> BatchInfo:
    with ctx.transaction() as session:
        batch = session.get(m.ImportBatch, batch_id)
        if batch is None:
            raise NotFound(f"no import batch {batch_id} (see `coursekit imports`)")
        if batch.undone_at is not None:
            raise ServiceError(
                f"batch {batch_id} was already undone on {batch.undone_at:%Y-%m-%d %H:%M}",
                code=ProblemCode.ALREADY_DONE,
            )
        session.execute(
            select(col(m.Course.id)).where(col(m.Course.id) == batch.course_id).with_for_update()
        )
        conn = session.connection()
        a = T_AUDIT
        events = conn.execute(
            select(a.c.id, a.c.entity, a.c.entity_id, a.c.student_pk, a.c.field, a.c.old, a.c.new)
            .where(a.c.batch_id == batch_id)
            .order_by(a.c.id)
        ).all()
        now = datetime.now(UTC)
        if events:
            _restore(conn, batch_id, batch.course_id, events)
            insert_rows(
                conn,
                T_AUDIT,
                (
                    {
                        "at": now,
                        "actor": ctx.settings.actor,
                        "batch_id": batch_id,
                        "entity": entity,
                        "entity_id": eid,
                        "student_pk": pk,
                        "field": RESTORED if field == DELETED else _REVERSED.get(field, field),
                        "old": new,
                        "new": None if field in _REVERSED else old,
                    }
                    for _, entity, eid, pk, field, old, new in reversed(events)
                ),
            )
        conn.execute(T_BATCH.update().where(T_BATCH.c.id == batch_id).values(undone_at=now))
        session.expire(batch)
        batch = session.get(m.ImportBatch, batch_id)
        assert batch is not None
        return batch_info(session, batch)


def _created_scores(
    conn: Connection, batch_id: int, course_id: int, listed: list[tuple[int, dict[str, str]]]
) -> set[int]:
    """Ids of the scores the batch created, each checked to still hold what the
    batch wrote (same batch, same value, not edited by hand)."""
    keys = {
        k: i
        for k, i in conn.execute(
            select(T_ASSESSMENT.c.key, T_ASSESSMENT.c.id).where(
                T_ASSESSMENT.c.course_id == course_id
            )
        )
    }
    wanted = {
        (eid, keys.get(key)): value for eid, values in listed for key, value in values.items()
    }
    found: set[int] = set()
    sc = T_SCORE
    for part in chunks(sorted({eid for eid, _ in listed}), IN_CHUNK):
        for sid, eid, aid, status, points, manual, owner in conn.execute(
            select(
                sc.c.id,
                sc.c.enrollment_id,
                sc.c.assessment_id,
                sc.c.status,
                sc.c.points,
                sc.c.manual,
                sc.c.batch_id,
            ).where(sc.c.enrollment_id.in_(part))
        ):
            value = wanted.get((eid, aid))
            if value is None:
                continue
            if owner != batch_id and owner is not None:
                raise ServiceError(
                    f"cannot undo batch {batch_id}: batch {owner} changed scores it "
                    "added since; undo that first (newest first)",
                    code=ProblemCode.BLOCKED,
                )
            if owner != batch_id or manual or score_text(status, points) != value:
                raise ServiceError(
                    f"cannot undo batch {batch_id}: an edit by hand changed scores it added since",
                    code=ProblemCode.BLOCKED,
                )
            found.add(sid)
    if len(found) != len(wanted):
        raise ServiceError(
            f"cannot undo batch {batch_id}: scores it added were deleted since",
            code=ProblemCode.BLOCKED,
        )
    return found


def _restore(conn: Connection, batch_id: int, course_id: int, events: Sequence[Any]) -> None:
    created: dict[str, set[int]] = defaultdict(set)
    changed: dict[tuple[str, int], dict[str, tuple[str | None, str | None]]] = defaultdict(dict)
    listed: list[tuple[int, dict[str, str]]] = []
    deleted: dict[str, list[str]] = defaultdict(list)  # entity -> snapshots (merges)
    for _, entity, eid, _, field, old, new in events:
        if field == DELETED:
            deleted[entity].append(old)
        elif field == SCORES_CREATED:
            listed.append((eid, json.loads(new)))
        elif field == "created":
            created[entity].add(eid)
        else:
            previous = changed[(entity, eid)].get(field)
            changed[(entity, eid)][field] = (previous[0] if previous else old, new)
    touched = {(e, i) for e, ids in created.items() for i in ids} | set(changed)
    _check_later_changes(conn, batch_id, max(e[0] for e in events), touched)
    created["score"] = _created_scores(conn, batch_id, course_id, listed)
    _check_dependents(conn, batch_id, created)
    for entity in TABLES:
        ids = sorted(
            {i for (e, i) in changed if e == entity}
            | (created[entity] if entity != "score" else set())
        )
        current = _current_rows(conn, entity, ids)
        for eid in ids:
            row = current.get(eid)
            if row is None:
                raise ServiceError(
                    f"cannot undo batch {batch_id}: a {entity} it wrote was deleted since",
                    code=ProblemCode.BLOCKED,
                )
            for field, (_, new) in changed.get((entity, eid), {}).items():
                if encode(row[field]) != new:
                    raise ServiceError(
                        f"cannot undo batch {batch_id}: {entity} {field} values it "
                        "set were changed since",
                        code=ProblemCode.BLOCKED,
                    )
    conn.execute(T_IDENT.delete().where(T_IDENT.c.batch_id == batch_id))
    if deleted:  # a merge: the kept student's id first, then the deleted rows, then moves
        first = {k: v for k, v in changed.items() if k[0] == "student"}
        _write_back(conn, first)
        for entity in RESTORE_ORDER:
            table = TABLES[entity]
            for text in deleted.get(entity, ()):
                conn.execute(table.insert().values(**from_snapshot(table, text)))
        changed = {k: v for k, v in changed.items() if k[0] != "student"}
    _write_back(conn, changed)
    for entity in DELETE_ORDER:
        table = TABLES[entity]
        for part in chunks(sorted(created[entity]), IN_CHUNK):
            conn.execute(table.delete().where(table.c.id.in_(part)))


def _write_back(
    conn: Connection, changed: dict[tuple[str, int], dict[str, tuple[Any, Any]]]
) -> None:
    """Old values back, grouped by (entity, field set) into executemany updates."""
    groups: dict[tuple[str, tuple[str, ...]], list[dict[str, Any]]] = defaultdict(list)
    for (entity, eid), fields in changed.items():
        names = tuple(sorted(fields))
        params = {f"v_{f}": decode(entity, f, fields[f][0]) for f in names}
        groups[(entity, names)].append({"b_id": eid, **params})
    now = datetime.now(UTC)
    for (entity, names), rows in groups.items():
        table = TABLES[entity]
        values: dict[str, Any] = {f: bindparam(f"v_{f}") for f in names}
        if entity in VERSIONED:
            values["version"] = table.c.version + 1
        if entity == "score":
            values["updated_at"] = now
        conn.execute(table.update().where(table.c.id == bindparam("b_id")).values(**values), rows)
