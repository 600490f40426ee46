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

from sqlalchemy import Connection

from coursekit.db.audit_codec import encode
from coursekit.db.bulk import IN_CHUNK, chunks
from coursekit.db.queries import batches
from coursekit.db.queries import entity_rows as rows
from coursekit.db.queries import undo as q
from coursekit.domain.import_values import score_text
from coursekit.domain.imports import BatchInfo
from coursekit.domain.problems import ProblemCode
from coursekit.services.context import NotFound, ServiceContext, ServiceError
from coursekit.services.courses import find_course_row
from coursekit.services.importing.batch_writer import SCORES_CREATED

RESTORE_ORDER = ("student", "enrollment", "score", "checklistitem", "studentidentifier")
DELETE_ORDER = ("score", "creditevent", "practiceattempt", "enrollment", "student")
DEPENDENTS = ("score", "creditevent", "practiceattempt")  # an enrollment's rows a batch writes
DELETED = "deleted"  # a row a merge deleted: ``old`` holds its snapshot
_REVERSED = {"created": "deleted", SCORES_CREATED: "scores_deleted"}
RESTORED = "restored"  # reverse of a merge's "deleted" (the row is back, ``new`` holds it)


def list_batches(ctx: ServiceContext, course: str | None = None) -> list[BatchInfo]:
    """Import batches, newest first (all courses when ``course`` is None)."""
    with ctx.read() as session:
        course_id = None if course is None else find_course_row(session, course).id
        return batches.batch_infos(session, course_id=course_id)


def _check_later_changes(
    conn: Connection, batch_id: int, last_audit: int, touched: set[tuple[str, int]]
) -> None:
    later = batches.later_changes(conn, after_audit=last_audit)
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
        for entity in DEPENDENTS:
            ids = rows.row_ids_of_enrollments(conn, entity=entity, enrollment_ids=part)
            if any(i not in created[entity] for i in ids):
                raise ServiceError(
                    f"cannot undo batch {batch_id}: students it added have newer "
                    "data; undo the later batches first",
                    code=ProblemCode.BLOCKED,
                )
        for entity in ("templatesubmission", "checklistitem"):
            if rows.any_row_of_enrollments(conn, entity=entity, enrollment_ids=part):
                raise ServiceError(
                    f"cannot undo batch {batch_id}: students it added have "
                    "submissions or checklists now",
                    code=ProblemCode.BLOCKED,
                )
    for part in chunks(sorted(created["student"]), IN_CHUNK):
        ids = q.enrollments_of_students(conn, student_pks=part)
        if any(i not in created["enrollment"] for i in ids):
            raise ServiceError(
                f"cannot undo batch {batch_id}: people it added are enrolled elsewhere now",
                code=ProblemCode.BLOCKED,
            )


def undo_batch(ctx: ServiceContext, batch_id: int) -> BatchInfo:
    with ctx.transaction() as session:
        batch = batches.find_batch(session, batch_id=batch_id)
        if batch is None:
            raise NotFound(f"no import batch {batch_id} (see `coursekit imports`)")
        if batch.undone_at is not None:
            raise ServiceError(
                f"batch {batch_id} was already undone on {batch.undone_at:%Y-%m-%d %H:%M}",
                code=ProblemCode.ALREADY_DONE,
            )
        batches.lock_course(session, course_id=batch.course_id)
        conn = session.connection()
        events = batches.batch_audit(conn, batch_id=batch_id)
        now = datetime.now(UTC)
        if events:
            _restore(conn, batch_id, batch.course_id, events)
            batches.insert_audit_dicts(
                conn,
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
        batches.mark_undone(conn, batch_id=batch_id, at=now)
        return batches.batch_info(session, batches.reload_batch(session, batch))


def _created_scores(
    conn: Connection, batch_id: int, course_id: int, listed: list[tuple[int, dict[str, str]]]
) -> set[int]:
    """Ids of the scores the batch created, each checked to still hold what the
    batch wrote (same batch, same value, not edited by hand)."""
    keys = q.assessment_ids_by_key(conn, course_id=course_id)
    wanted = {
        (eid, keys.get(key)): value for eid, values in listed for key, value in values.items()
    }
    found: set[int] = set()
    enrollments = sorted({eid for eid, _ in listed})
    for sid, eid, aid, status, points, manual, owner in q.score_owners(
        conn, enrollment_ids=enrollments
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
    for entity in rows.ENTITY_TABLES:
        ids = sorted(
            {i for (e, i) in changed if e == entity}
            | (created[entity] if entity != "score" else set())
        )
        current = rows.rows_by_id(conn, entity=entity, ids=ids)
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
    q.delete_batch_identifiers(conn, batch_id=batch_id)
    if deleted:  # a merge: the kept student's id first, then the deleted rows, then moves
        first = {k: v for k, v in changed.items() if k[0] == "student"}
        rows.restore_fields(conn, changed=first, now=datetime.now(UTC))
        for entity in RESTORE_ORDER:
            for text in deleted.get(entity, ()):
                rows.insert_snapshot(conn, entity=entity, text=text)
        changed = {k: v for k, v in changed.items() if k[0] != "student"}
    rows.restore_fields(conn, changed=changed, now=datetime.now(UTC))
    for entity in DELETE_ORDER:
        rows.delete_rows(conn, entity=entity, ids=sorted(created[entity]))
