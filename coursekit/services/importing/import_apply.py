"""Write an ``ImportPlan`` in one transaction: an ImportBatch, the changes, and
one AuditEvent per created row or changed field (same transaction)."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from itertools import repeat
from typing import Any

from sqlalchemy.exc import IntegrityError, OperationalError

from coursekit.db.queries import import_write as q
from coursekit.db.queries.batches import batch_info, find_batch, insert_batch, lock_course
from coursekit.db.queries.import_write import STUDENT_FIELDS
from coursekit.db.safety import describe_db_error
from coursekit.domain.enums import EnrollmentStatus, ImportKind
from coursekit.domain.import_values import same_points, score_text
from coursekit.domain.imports import BatchInfo, ImportPlan, StudentChange
from coursekit.domain.problems import HintKind, ProblemCode
from coursekit.services.context import Conflict, NotFound, ServiceContext, ServiceError, paused_gc
from coursekit.services.importing.batch_writer import SCORES_CREATED, BatchWriter
from coursekit.services.importing.import_state import state_token

_TEST_HOOK: Callable[[str], None] | None = None  # tests observe (or kill) the apply mid-way


def _hook(stage: str) -> None:
    if _TEST_HOOK is not None:
        _TEST_HOOK(stage)


def apply_import(
    ctx: ServiceContext,
    plan: ImportPlan,
    *,
    force: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> BatchInfo:
    """Write ``plan`` or refuse. Refuses when the file has errors, when the
    database changed since the preview, and — unless ``force`` — when a score
    would overwrite a manual edit or a value written after the file was exported."""
    if plan.has_errors:
        first = plan.errors[0]
        raise ServiceError(
            f"{plan.file_name}: {len(plan.errors)} error(s); nothing imported (first: {first})",
            code=ProblemCode.FILE_ERRORS,
        )
    if plan.decisions:
        rows = ", ".join(str(d.row) for d in plan.decisions[:10])
        more = " …" if len(plan.decisions) > 10 else ""
        raise ServiceError(
            f"{plan.file_name}: {len(plan.decisions)} decision(s) open (rows {rows}{more}); "
            "nothing imported",
            code=ProblemCode.DECISION_OPEN,
            hint=HintKind.SETTLE_DECISION,
        )
    if plan.is_empty:
        raise ServiceError(
            f"nothing to import: the database already matches {plan.file_name}",
            code=ProblemCode.ALREADY_DONE,
        )
    if plan.edited and not force:
        listed = "; ".join(str(e) for e in plan.edited[:5])
        more = f" and {len(plan.edited) - 5} more" if len(plan.edited) > 5 else ""
        raise ServiceError(
            f"{plan.file_name}: {len(plan.edited)} field(s) were edited by hand after this file "
            f"was exported ({listed}{more}); nothing imported: export the file again",
            code=ProblemCode.HAND_EDITED,
            field="force",
            hint=HintKind.FORCE,
        )
    stale = plan.stale
    if stale and not force:
        first_stale = stale[0]
        raise ServiceError(
            f"{plan.file_name}: {len(stale)} score(s) would overwrite newer edits (first: row "
            f"{first_stale.row}, {first_stale.title!r}: {first_stale.stale}); export the "
            "gradebook again",
            code=ProblemCode.STALE_EDIT,
            field="force",
            hint=HintKind.FORCE,
        )
    try:
        with paused_gc(), ctx.transaction() as session:
            if not lock_course(session, course_id=plan.course_id):
                raise NotFound(f"course {plan.course_code} no longer exists")
            q.lock_import_tables(session)  # before the state check: see its docstring
            conn = session.connection()
            now = datetime.now(UTC)
            batch_id = insert_batch(
                conn,
                course_id=plan.course_id,
                kind=plan.kind.value,
                file_name=plan.file_name,
                sha256=plan.sha256,
                counts=plan.counts,
                actor=ctx.settings.actor,
                imported_at=now,
            )
            if state_token(session, plan.course_id, before_batch=batch_id) != plan.state_token:
                raise Conflict(
                    "the database changed since this preview was made; preview the import again"
                )
            writer = BatchWriter(conn, batch_id, ctx.settings.actor, now)
            _hook("start")
            _absorb(writer, plan)
            enrollment_of = _apply_students(writer, plan)
            _apply_identifiers(writer, plan)
            if plan.kind == ImportKind.GRADEBOOK:
                _apply_scores(writer, plan, enrollment_of, progress)
            elif plan.kind in (ImportKind.CREDITS, ImportKind.PRACTICE):
                _apply_rows(writer, plan, enrollment_of)
            _hook("written")
            writer.flush()
            _hook("audited")
            batch = find_batch(session, batch_id=batch_id)
            assert batch is not None
            return batch_info(session, batch)
    except (IntegrityError, OperationalError) as exc:
        reason = (
            (describe_db_error(exc) or "database is busy")
            if isinstance(exc, OperationalError)
            else "conflicting rows"
        )
        raise Conflict(
            f"{plan.file_name}: not imported ({reason}; another change happened at the "
            "same time); preview the import again"
        ) from None


def _apply_students(w: BatchWriter, plan: ImportPlan) -> dict[str, int]:
    """Create/update students and enrollments; returns student_id → new enrollment id."""
    conn = w.conn
    new_people = [c for c in plan.students_added if c.student_pk is None]
    q.insert_students(
        conn,
        (
            (
                c.student_id,
                c.record.name,
                c.record.sortable_name,
                c.record.email,
                c.record.lms_id,
                c.record.login,
                1,
            )
            if c.record
            else (c.student_id, c.name, c.name, None, None, None, 1)
            for c in new_people
        ),
    )
    pk_by_sid = q.student_pks(conn, student_ids=[c.student_id for c in new_people])
    w.pk_by_sid = pk_by_sid
    for change in new_people:
        pk = pk_by_sid[change.student_id]
        w.log("student", pk, pk, "created", None, change.student_id)
    for change in (*plan.students_added, *plan.students_changed):
        if change.student_pk is None:
            continue
        fields = {c.field: c for c in change.changes if c.field in STUDENT_FIELDS}
        if fields:
            values = {k: c.new for k, c in fields.items()}
            q.update_student(conn, student_pk=change.student_pk, values=values)
            for name, c in fields.items():
                w.log("student", change.student_pk, change.student_pk, name, c.old, c.new)
    # enrollments
    new_enrollments: list[dict[str, Any]] = []
    for change in plan.students_added:
        pk = change.student_pk or pk_by_sid[change.student_id]
        values = {c.field: c.new for c in change.changes if c.field in ("section", "status")}
        status = values.get("status") or EnrollmentStatus.ACTIVE.value
        new_enrollments.append(
            {
                "course_id": plan.course_id,
                "student_pk": pk,
                "section": values.get("section") or "",
                "status": status,
                "enrolled_at": w.now,
                "version": 1,
                "override_percent": None,
                "dropped_at": w.now if status == EnrollmentStatus.DROPPED else None,
            }
        )
    q.insert_enrollments(conn, new_enrollments)
    by_student = q.enrollment_ids(
        conn, course_id=plan.course_id, student_pks=[e["student_pk"] for e in new_enrollments]
    )
    enrollment_of: dict[str, int] = {}
    for change, row in zip(plan.students_added, new_enrollments, strict=True):
        enrollment_id = by_student[row["student_pk"]]
        enrollment_of[change.student_id] = enrollment_id
        w.log("enrollment", enrollment_id, row["student_pk"], "created", None, row["status"])
    changed = list(plan.students_changed) + (
        list(plan.students_missing) if plan.drop_missing else []
    )
    for change in changed:
        _update_enrollment(w, change)
    return enrollment_of


def _absorb(w: BatchWriter, plan: ImportPlan) -> None:
    """Provisional students the file shows to be stored ones: merged into them
    (audited with snapshots, so undoing the batch brings them back)."""
    if not plan.absorbed:
        return
    from coursekit.services.importing.student_merge import fold

    for absorb in plan.absorbed:
        fold(w, absorb.keep_pk, absorb.other_pk)


def _apply_identifiers(w: BatchWriter, plan: ImportPlan) -> None:
    """Store the identifiers the file brings, tied to the batch (undo deletes them)."""
    if not plan.identifiers_added:
        return
    new_people = {c.student_id for c in plan.identifiers_added if c.student_pk is None}
    pk_by_sid = {sid: pk for sid, pk in w.pk_by_sid.items() if sid in new_people}
    missing = sorted(new_people - set(pk_by_sid))
    if missing:
        pk_by_sid.update(q.student_pks(w.conn, student_ids=missing))
    q.insert_identifiers(
        w.conn,
        (
            (
                c.student_pk or pk_by_sid[c.student_id],
                c.kind,
                c.value,
                plan.kind.value,
                w.batch_id,
                w.now,
            )
            for c in plan.identifiers_added
        ),
    )


def _update_enrollment(w: BatchWriter, change: StudentChange) -> None:
    fields = {c.field: c for c in change.changes if c.field in ("section", "status")}
    if not fields or change.enrollment_id is None:
        return
    current = q.enrollment_fields(w.conn, enrollment_id=change.enrollment_id)
    values: dict[str, Any] = {k: c.new for k, c in fields.items()}
    if "status" in values:
        values["dropped_at"] = w.now if values["status"] == EnrollmentStatus.DROPPED else None
    q.update_enrollment(w.conn, enrollment_id=change.enrollment_id, values=values)
    for name, value in values.items():
        if current[name] != value:
            w.log("enrollment", change.enrollment_id, change.student_pk, name, current[name], value)


def _apply_scores(
    w: BatchWriter,
    plan: ImportPlan,
    enrollment_of: dict[str, int],
    progress: Callable[[int, int], None] | None,
) -> None:
    """New scores: bulk insert, and one audit row per student listing the scores
    created ({assessment key: Canvas text}); changed scores: one audit row per
    changed field (points, status, manual) plus the previous batch, for undo."""
    conn, batch_id, now = w.conn, w.batch_id, w.now
    added = plan.scores_added
    total = len(added) + len(plan.scores_changed)
    enrollments = [p.enrollment_id or enrollment_of[p.student_id] for p in added.people]
    assessments = [c.assessment_id for c in added.columns]
    points = [p for _, p in added.cells]
    statuses = [s.value for s, _ in added.cells]
    step = 50_000  # rows built a slice at a time, column by column: bounded memory
    for start in range(0, len(added), step):
        person, column, value = added.positions(start, start + step)
        rows = list(
            zip(
                map(enrollments.__getitem__, person),
                map(assessments.__getitem__, column),
                map(points.__getitem__, value),
                map(statuses.__getitem__, value),
                repeat(False),
                repeat(batch_id),
                repeat(now),
                repeat(1),
            )
        )
        q.insert_scores(conn, rows)
        if progress is not None:
            progress(min(start + step, len(added)), total)
    keys = [c.key for c in added.columns]
    texts = [score_text(s, p) for s, p in added.cells]
    created: dict[int, dict[str, str]] = {}
    for person_number, start, stop in added.runs():
        _, column, value = added.positions(start, stop)
        created.setdefault(enrollments[person_number], {}).update(
            zip(map(keys.__getitem__, column), map(texts.__getitem__, value), strict=True)
        )
    student_of = q.students_of(conn, course_id=plan.course_id)
    for enrollment_id, values in created.items():
        w.log(
            "enrollment",
            enrollment_id,
            student_of[enrollment_id],
            SCORES_CREATED,
            None,
            json.dumps(values, sort_keys=True, ensure_ascii=False),
        )
    changes = plan.scores_changed
    updates = [(sid, c.points, c.status.value) for c in changes if (sid := c.score_id) is not None]
    olds = q.score_states(conn, score_ids=[sid for sid, _, _ in updates])
    if changes:
        q.update_scores(conn, batch_id=batch_id, now=now, values=updates)
    for change in changes:
        assert change.score_id is not None
        points, status, manual, old_batch, enrollment_id = olds[change.score_id]
        pk = student_of[enrollment_id]
        if not same_points(points, change.points):
            w.log("score", change.score_id, pk, "points", points, change.points)
        if status != change.status.value:
            w.log("score", change.score_id, pk, "status", status, change.status.value)
        if manual:
            w.log("score", change.score_id, pk, "manual", True, False)
        w.log("score", change.score_id, pk, "batch_id", old_batch, batch_id)
    if progress is not None:
        progress(total, total)


def _apply_rows(w: BatchWriter, plan: ImportPlan, enrollment_of: dict[str, int]) -> None:
    conn = w.conn
    entity = "creditevent" if plan.kind == ImportKind.CREDITS else "practiceattempt"
    q.insert_ledger_rows(
        conn,
        entity=entity,
        rows=(
            {
                **c.values,
                "enrollment_id": c.values["enrollment_id"] or enrollment_of[c.student_id],
                "batch_id": w.batch_id,
            }
            for c in plan.rows_added
        ),
    )
    student_of = q.students_of(conn, course_id=plan.course_id)
    for row_id, enrollment_id, summary in q.ledger_rows_of_batch(
        conn, entity=entity, batch_id=w.batch_id
    ):
        w.log(entity, row_id, student_of[enrollment_id], "created", None, summary)
    for change in plan.rows_changed:
        fields = list(change.values)
        # A changed row was found under its stored enrollment, never a new one.
        assert change.enrollment_id is not None
        pk = student_of[change.enrollment_id]
        assert change.entity_id is not None
        old = q.update_ledger_row(
            conn,
            entity=entity,
            row_id=change.entity_id,
            values=change.values,
            batch_id=w.batch_id,
        )
        for name, old_value in zip(fields, old, strict=False):
            w.log(entity, change.entity_id, pk, name, old_value, change.values[name])
        w.log(entity, change.entity_id, pk, "batch_id", old[-1], w.batch_id)
