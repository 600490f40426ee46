"""Merge two student records that are one person (``coursekit student merge``).

Everything OTHER has — identifiers, enrollments, scores, credit events,
practice attempts, template submissions, checklist items, audit history — moves
to KEEP in one transaction, and OTHER is deleted. The merge is an ImportBatch
of kind ``merge`` with one audit row per moved field and a snapshot of every
deleted row, so ``coursekit undo BATCH`` restores both students exactly.
It refuses when both hold different scores for the same assessment.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection

from coursekit.db.queries import entity_rows as rows
from coursekit.db.queries import merge as q
from coursekit.db.queries.batches import first_course_id, insert_batch, set_batch_counts
from coursekit.db.queries.import_write import insert_identifiers, update_student
from coursekit.domain.enums import ImportKind
from coursekit.domain.identity import IdentifierKind, normalise
from coursekit.domain.import_values import same_points, score_text
from coursekit.domain.problems import HintKind, ProblemCode
from coursekit.services.context import NotFound, ServiceContext, ServiceError
from coursekit.services.importing.batch_writer import BatchWriter
from coursekit.services.importing.identity import find_student, is_derived

MOVED = ("creditevent", "practiceattempt", "templatesubmission")  # rows of an enrollment
DELETED = "deleted"  # audit field: ``old`` holds the deleted row (undo inserts it back)


@dataclass(frozen=True, slots=True)
class MergeResult:
    batch_id: int
    keep: str  # student id after the merge
    other: str
    moved: dict[str, int]  # what moved, by kind of row


def merge_students(ctx: ServiceContext, keep: str, other: str) -> MergeResult:
    """Merge student OTHER into student KEEP (student ids, or any identifier)."""
    with ctx.transaction() as session:
        keep_pk = find_student(session, keep)
        other_pk = find_student(session, other)
        if keep_pk == other_pk:
            raise ServiceError(
                f"{keep} and {other} are the same student already", code=ProblemCode.ALREADY_DONE
            )
        conn = session.connection()
        keep_row = q.student_row(conn, student_pk=keep_pk)
        other_row = q.student_row(conn, student_pk=other_pk)
        keep_enr = q.enrollments_of(conn, student_pk=keep_pk)
        other_enr = q.enrollments_of(conn, student_pk=other_pk)
        _refuse_conflicts(conn, keep_enr, other_enr, keep_row, other_row)
        course_id = next(iter(keep_enr or other_enr), None)
        if course_id is None:
            course_id = first_course_id(conn)
        if course_id is None:
            raise NotFound("no course yet", hint=HintKind.CREATE_COURSE)
        now = datetime.now(UTC)
        batch_id = insert_batch(
            conn,
            course_id=course_id,
            kind=ImportKind.MERGE.value,
            file_name=f"merge {other_row.student_id} into {keep_row.student_id}",
            sha256="",
            counts={},
            actor=ctx.settings.actor,
            imported_at=now,
        )
        w = BatchWriter(conn, batch_id, ctx.settings.actor, now)
        moved = fold(w, keep_pk, other_pk)
        w.flush()
        set_batch_counts(conn, batch_id=batch_id, counts=moved)
        new_id = q.student_id_of(conn, student_pk=keep_pk)
        return MergeResult(batch_id, new_id, other_row.student_id, moved)


def fold(w: BatchWriter, keep_pk: int, other_pk: int) -> dict[str, int]:
    """Move everything of student ``other_pk`` to ``keep_pk`` and delete it, on
    the writer's connection (its transaction), logging each move for undo."""
    conn = w.conn
    keep_row = q.student_row(conn, student_pk=keep_pk)
    other_row = q.student_row(conn, student_pk=other_pk)
    keep_enr = q.enrollments_of(conn, student_pk=keep_pk)
    other_enr = q.enrollments_of(conn, student_pk=other_pk)
    _refuse_conflicts(conn, keep_enr, other_enr, keep_row, other_row)
    moved: dict[str, int] = {}
    for course, other_eid in other_enr.items():
        keep_eid = keep_enr.get(course)
        if keep_eid is None:
            _set(w, "enrollment", other_eid, keep_pk, "student_pk", keep_pk)
            moved["enrollments"] = moved.get("enrollments", 0) + 1
        else:
            _move_enrollment(w, keep_pk, other_eid, keep_eid, moved)
    _move_identifiers(w, keep_pk, other_pk, other_row, moved)
    for audit_id in q.audit_ids_of(conn, student_pk=other_pk):
        _set(w, "auditevent", audit_id, keep_pk, "student_pk", keep_pk)
        moved["audit events"] = moved.get("audit events", 0) + 1
    _delete(w, "student", other_pk, keep_pk)
    _fill_student(w, keep_row, other_row)
    return moved


def _refuse_conflicts(
    conn: Connection, keep_enr: dict[int, int], other_enr: dict[int, int], keep: Any, other: Any
) -> None:
    clashes: list[str] = []
    for course, other_eid in other_enr.items():
        keep_eid = keep_enr.get(course)
        if keep_eid is None:
            continue
        scores = {eid: q.score_facts(conn, enrollment_id=eid) for eid in (keep_eid, other_eid)}
        for aid, (status, points, title) in scores[other_eid].items():
            mine = scores[keep_eid].get(aid)
            if mine and (mine[0] != status or not same_points(mine[1], points)):
                clashes.append(
                    f"{title}: {score_text(mine[0], mine[1])} ({keep.student_id}) vs "
                    f"{score_text(status, points)} ({other.student_id})"
                )
    if clashes:
        raise ServiceError(
            f"not merged: {keep.student_id} and {other.student_id} hold different scores for "
            f"{len(clashes)} assessment(s): "
            + "; ".join(clashes)
            + " — correct one of them first (`coursekit score`), then merge",
            code=ProblemCode.BLOCKED,
        )


def _set(w: BatchWriter, entity: str, eid: int, pk: int, field: str, value: Any) -> None:
    old = rows.field_value(w.conn, entity=entity, row_id=eid, field=field)
    rows.set_field(w.conn, entity=entity, row_id=eid, field=field, value=value)
    w.log(entity, eid, pk, field, old, value)


def _delete(w: BatchWriter, entity: str, eid: int, pk: int) -> None:
    row = rows.delete_row(w.conn, entity=entity, row_id=eid)
    w.log(entity, eid, pk, DELETED, row, None)


def _move_enrollment(
    w: BatchWriter, keep_pk: int, other_eid: int, keep_eid: int, moved: dict[str, int]
) -> None:
    conn = w.conn
    kept_scores = q.scored_assessments(conn, enrollment_id=keep_eid)
    for sid, aid in q.scores_of(conn, enrollment_id=other_eid):
        if aid in kept_scores:  # the same value (conflicts were refused): one copy is enough
            _delete(w, "score", sid, keep_pk)
        else:
            _set(w, "score", sid, keep_pk, "enrollment_id", keep_eid)
            moved["scores"] = moved.get("scores", 0) + 1
    for entity in MOVED:
        for row_id in q.row_ids_held(conn, entity=entity, enrollment_id=other_eid):
            _set(w, entity, row_id, keep_pk, "enrollment_id", keep_eid)
            moved[entity] = moved.get(entity, 0) + 1
    kept_items = q.checklist_keys(conn, enrollment_id=keep_eid)
    for item_id, *key in q.checklist_items(conn, enrollment_id=other_eid):
        if tuple(key) in kept_items:
            _delete(w, "checklistitem", item_id, keep_pk)
        else:
            _set(w, "checklistitem", item_id, keep_pk, "enrollment_id", keep_eid)
            moved["checklist items"] = moved.get("checklist items", 0) + 1
    _delete(w, "enrollment", other_eid, keep_pk)


def _move_identifiers(
    w: BatchWriter, keep_pk: int, other_pk: int, other_row: Any, moved: dict[str, int]
) -> None:
    conn = w.conn
    held = q.identifier_pairs(conn, student_pk=keep_pk)
    for ident_id, kind, value in q.identifiers_of(conn, student_pk=other_pk):
        if (kind, value) in held:
            _delete(w, "studentidentifier", ident_id, keep_pk)
        else:
            held.add((kind, value))
            _set(w, "studentidentifier", ident_id, keep_pk, "student_pk", keep_pk)
            moved["identifiers"] = moved.get("identifiers", 0) + 1
    columns = (
        (IdentifierKind.STUDENT_NUMBER, other_row.student_id),
        (IdentifierKind.CANVAS_USER_ID, other_row.lms_id),
        (IdentifierKind.SIS_LOGIN, other_row.login),
        (IdentifierKind.EMAIL, other_row.email),
    )
    fresh = []
    for kind, value in columns:
        if not value or is_derived(value):
            continue
        key = (kind.value, normalise(value))
        if key not in held:
            held.add(key)
            fresh.append((keep_pk, key[0], key[1], "merge", w.batch_id, w.now))
    insert_identifiers(conn, fresh)  # undo deletes them by batch


def _fill_student(w: BatchWriter, keep: Any, other: Any) -> None:
    """KEEP takes OTHER's fields it lacks (and a real student id for a derived one)."""
    values: dict[str, Any] = {}
    for name in ("email", "lms_id", "login"):
        if not getattr(keep, name) and getattr(other, name):
            values[name] = getattr(other, name)
    if is_derived(keep.student_id) and not is_derived(other.student_id):
        values["student_id"] = other.student_id
    if not keep.name and other.name:
        values["name"], values["sortable_name"] = other.name, other.sortable_name
    if not values:
        return
    update_student(w.conn, student_pk=keep.id, values=values)
    for name, value in values.items():
        w.log("student", keep.id, keep.id, name, getattr(keep, name), value)
