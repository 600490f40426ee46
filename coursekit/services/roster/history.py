"""``coursekit history`` and ``coursekit revert``: the audit log read back, one hand change
taken back (itself audited, so a revert can be reverted)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from sqlmodel import Session

from coursekit.db.queries.checklists import checklist_item_by_id
from coursekit.db.queries.courses import assessment_by_id, student_by_pk
from coursekit.db.queries.history import (
    audit_event_by_id,
    audit_rows_of_record,
    audit_rows_of_students,
    audited_record,
    course_people,
)
from coursekit.db.queries.scores import score_by_id
from coursekit.domain.cfn import rule_name
from coursekit.domain.enums import ChecklistStatus, EnrollmentStatus
from coursekit.domain.history import AuditRow, Change, group_changes, revert_refusal
from coursekit.domain.problems import ProblemCode
from coursekit.services.audit import save_audited
from coursekit.services.context import (
    NotFound,
    ServiceContext,
    ServiceError,
    conflict_on_stale,
)
from coursekit.services.courses import find_course_row
from coursekit.services.student_lookup import resolve_enrollment


def _float(text: str) -> float:
    return float(text)


def _when(text: str) -> datetime:
    value = datetime.fromisoformat(text)
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def _bool(text: str) -> bool:
    return text == "True"


_STALE = "the record changed while reverting; reload and retry"

# What a revert may write back, and how to read the stored text.
REVERTIBLE: dict[tuple[str, str], Callable[[str], Any]] = {
    ("score", "points"): _float,
    ("score", "status"): str,
    ("score", "extended_due_at"): _when,
    ("score", "manual"): _bool,
    ("enrollment", "status"): str,
    ("enrollment", "section"): str,
    ("enrollment", "override_percent"): _float,
    ("student", "name"): str,
    ("student", "sortable_name"): str,
    ("student", "email"): str,
    ("checklistitem", "status"): str,
    ("checklistitem", "note"): str,
}


def _enrollment_of(session: Session, entity: str, entity_id: int) -> int | None:
    if entity == "enrollment":
        return entity_id
    row = audited_record(session, entity=entity, entity_id=entity_id)
    return getattr(row, "enrollment_id", None)


def _subject(session: Session, entity: str, entity_id: int) -> str:
    if entity == "score":
        score = score_by_id(session, score_id=entity_id)
        assessment = assessment_by_id(session, assessment_id=score.assessment_id) if score else None
        return f"score on {assessment.title} ({assessment.key})" if assessment else "a score"
    if entity == "checklistitem":
        item = checklist_item_by_id(session, item_id=entity_id)
        if item is None:
            return "a checklist item"
        where = f" on {item.resource}" if item.resource else ""
        return f"checklist item {rule_name(item.rule_id)} ({item.rule_id}){where}"
    if entity == "enrollment":
        return "enrollment"
    if entity == "student":
        return "student record"
    if entity == "templatesubmission":
        return "export checklist"
    return entity


def _changes(
    session: Session, rows: list[tuple[AuditRow, int | None]], names: dict[int, tuple[str, str]]
) -> list[Change]:
    out = []
    by_id = {r.id: student_pk for r, student_pk in rows}
    audit = [r for r, _ in rows]
    for group in group_changes(audit):
        first = group[0]
        student_id, name = names.get(by_id[first.id] or 0, ("", ""))
        out.append(
            Change(
                first.id,
                first.at,
                first.actor,
                first.batch_id,
                first.entity,
                first.entity_id,
                tuple(group),
                student_id,
                name,
                _subject(session, first.entity, first.entity_id),
            )
        )
    return out


def history(
    ctx: ServiceContext,
    course: str | None = None,
    who: str | None = None,
    *,
    limit: int = 200,
    hand_only: bool = False,
) -> list[Change]:
    """The audited changes of a course (or of one student in it), newest first."""
    if limit < 1:
        raise ServiceError.bad_input("limit must be at least 1", "limit")
    with ctx.read() as session:
        course_row = find_course_row(session, course)
        enrolled = course_people(session, course_id=course_row.id)
        if who is not None:
            enrollment, _student = resolve_enrollment(session, course_row, who)
            enrolled = [e for e in enrolled if e[0] == enrollment.id]
        names = {pk: (sid, name) for _eid, pk, sid, name in enrolled if pk is not None}
        enrollments = {eid for eid, *_ in enrolled}
        rows = audit_rows_of_students(session, student_pks=names, hand_only=hand_only)
        changes = [
            c
            for c in _changes(session, rows, names)
            if c.entity == "student"
            or _enrollment_of(session, c.entity, c.entity_id) in enrollments
        ]
    changes.reverse()
    return changes[:limit]


def _change(session: Session, change_id: int) -> tuple[Change, list[AuditRow]]:
    event = audit_event_by_id(session, event_id=change_id)
    if event is None:
        raise NotFound(f"no change {change_id}", field="change_id")
    rows = audit_rows_of_record(session, entity=event.entity, entity_id=event.entity_id)
    group = next(g for g in group_changes(rows) if any(r.id == change_id for r in g))
    if group[0].id != change_id:
        raise ServiceError(
            f"change {change_id} is part of change {group[0].id}; revert that",
            code=ProblemCode.BLOCKED,
        )
    student = student_by_pk(session, student_pk=event.student_pk) if event.student_pk else None
    change = Change(
        group[0].id,
        group[0].at,
        group[0].actor,
        group[0].batch_id,
        event.entity,
        event.entity_id,
        tuple(group),
        student.student_id if student else "",
        student.name if student else "",
        _subject(session, event.entity, event.entity_id),
    )
    later = [r for r in rows if r.id > group[-1].id]
    return change, later


def revert(ctx: ServiceContext, change_id: int) -> Change:
    """Put back the old values of one hand change, or refuse saying why.

    Refused: a change that came with an import (undo the import), attaching a template,
    enrolling, a change a later one built on (revert that first), and a record whose
    value is no longer what the change wrote."""
    with conflict_on_stale(_STALE), ctx.transaction() as session:
        change, later = _change(session, change_id)
        refusal = revert_refusal(change, later)
        if refusal is not None:
            raise ServiceError(refusal, code=ProblemCode.BLOCKED)
        record = audited_record(session, entity=change.entity, entity_id=change.entity_id)
        if record is None:
            raise ServiceError(
                f"change {change_id}: the record no longer exists", code=ProblemCode.NOT_FOUND
            )
        updates: dict[str, tuple[object, object]] = {}
        for row in change.rows:
            parse = REVERTIBLE.get((change.entity, row.field))
            if parse is None:
                raise ServiceError(
                    f"change {change_id}: {row.field} of a {change.entity} cannot be reverted",
                    code=ProblemCode.BLOCKED,
                )
            current = getattr(record, row.field)
            expected = None if row.new is None else parse(row.new)
            if current != expected:
                raise ServiceError(
                    f"change {change_id} cannot be reverted: {row.field} is no longer "
                    f"{row.new!r} (changed without an audited edit, e.g. by an import)",
                    code=ProblemCode.BLOCKED,
                )
            old = None if row.old is None else parse(row.old)
            if change.entity == "student" and row.field == "name" and not old:
                raise ServiceError(
                    f"change {change_id}: a student needs a name", code=ProblemCode.BLOCKED
                )
            updates[row.field] = (current, old)
        for field_name, (_current, old) in updates.items():
            setattr(record, field_name, old)
        _side_effects(record, change.entity, updates)
        # A student record was loaded by its primary key, the change's entity id.
        student_pk = (
            change.entity_id if change.entity == "student" else _student_pk(session, change)
        )
        save_audited(
            session,
            record,
            actor=ctx.settings.actor,
            entity=change.entity,
            student_pk=student_pk,
            changes=updates,
        )
    return change


def _student_pk(session: Session, change: Change) -> int | None:
    event = audit_event_by_id(session, event_id=change.id)
    return event.student_pk if event else None


def _side_effects(record: Any, entity: str, updates: dict[str, tuple[object, object]]) -> None:
    """Fields that follow a reverted status (drop date, done date)."""
    if "status" not in updates:
        return
    status = updates["status"][1]
    if entity == "enrollment":
        record.dropped_at = datetime.now(UTC) if status == EnrollmentStatus.DROPPED else None
    elif entity == "checklistitem":
        record.done_at = None if status == ChecklistStatus.TODO else datetime.now(UTC)
