"""Match file students to database students and list what would change.

Students match by Canvas ID (``lms_id``), then student id (SIS User ID, or the
``canvas:<ID>`` id derived for AWS Academy exports that carry no SIS id), then
SIS Login ID, then email. The university roster is the authority for names and
emails; a gradebook fills in Canvas ids and logins and only names people it
creates.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from coursekit.domain.enums import EnrollmentStatus, ImportKind
from coursekit.domain.imports import FieldChange, RowIssue, StudentChange, StudentRecord
from coursekit.services.import_state import CourseState, ExistingStudent

DERIVED_PREFIX = "canvas:"


@dataclass(slots=True)
class StudentDiff:
    added: list[StudentChange] = field(default_factory=list)
    changed: list[StudentChange] = field(default_factory=list)
    missing: list[StudentChange] = field(default_factory=list)
    unchanged: int = 0
    # per file record (same order): (enrollment_id or None, student_id, display name)
    targets: list[tuple[int | None, str, str]] = field(default_factory=list)
    issues: list[RowIssue] = field(default_factory=list)


def file_student_id(record: StudentRecord) -> str:
    if record.student_id:
        return record.student_id
    return f"{DERIVED_PREFIX}{record.lms_id}" if record.lms_id else ""


def _match(state: CourseState, record: StudentRecord) -> tuple[int | None, str, list[str]]:
    """The matched student pk, how, and the other keys that point elsewhere."""
    tried = (
        ("Canvas ID", state.by_lms.get(record.lms_id or "")),
        ("student id", state.by_sid.get(file_student_id(record))),
        ("SIS Login ID", state.by_login.get((record.login or "").casefold())),
        ("email", state.by_email.get((record.email or "").casefold())),
    )
    found = [(how, pk) for how, pk in tried if pk is not None]
    if not found:
        return None, "", []
    how, pk = found[0]
    others = [h for h, other in found[1:] if other != pk and h in ("Canvas ID", "student id")]
    return pk, how, others


def _student_changes(
    kind: ImportKind, current: ExistingStudent, record: StudentRecord
) -> list[FieldChange]:
    wanted: dict[str, str | None] = {}
    sid = record.student_id
    if sid and sid != current.student_id and current.student_id.startswith(DERIVED_PREFIX):
        wanted["student_id"] = sid  # a real id replaces the one derived from Canvas
    if record.lms_id:
        wanted["lms_id"] = record.lms_id
    if record.login:
        wanted["login"] = record.login
    if kind == ImportKind.ROSTER:
        if record.name:
            wanted["name"], wanted["sortable_name"] = record.name, record.sortable_name
        if record.email:
            wanted["email"] = record.email
    else:
        if record.email and not current.email:
            wanted["email"] = record.email
        if record.name and not current.name:
            wanted["name"], wanted["sortable_name"] = record.name, record.sortable_name
    return [
        FieldChange(name, getattr(current, name), value)
        for name, value in wanted.items()
        if value != getattr(current, name)
    ]


def diff_students(
    kind: ImportKind, state: CourseState, records: Sequence[StudentRecord]
) -> StudentDiff:
    diff = StudentDiff()
    claimed: dict[int, int] = {}  # student pk -> file row
    new_ids: dict[str, int] = {}
    for record in records:
        pk, how, others = _match(state, record)
        sid = file_student_id(record)
        if others:
            diff.issues.append(
                RowIssue(
                    record.row,
                    None,
                    f"matches one student by {how} and "
                    f"another by {others[0]}; fix the file or the roster",
                )
            )
        if pk is not None and pk in claimed:
            diff.issues.append(
                RowIssue(
                    record.row, None, f"duplicate student row (same student as row {claimed[pk]})"
                )
            )
            diff.targets.append((None, sid, record.name))
            continue
        if pk is None:
            if sid in new_ids:
                diff.issues.append(
                    RowIssue(
                        record.row,
                        None,
                        f"duplicate student row (same student as row {new_ids[sid]})",
                    )
                )
            new_ids[sid] = record.row
            note = "id derived from the Canvas ID (no SIS User ID)" if not record.student_id else ""
            changes = [FieldChange("section", None, record.section or "")]
            if record.status is not None:
                changes.append(FieldChange("status", None, record.status.value))
            diff.added.append(
                StudentChange(record.row, sid, record.name, tuple(changes), note, record=record)
            )
            diff.targets.append((None, sid, record.name))
            continue
        claimed[pk] = record.row
        current = state.students[pk]
        if (
            sid
            and sid != current.student_id
            and record.student_id
            and not current.student_id.startswith(DERIVED_PREFIX)
        ):
            diff.issues.append(
                RowIssue(
                    record.row,
                    None,
                    f"matched by {how}, but the file's student id differs from the one on record",
                )
            )
        changes = _student_changes(kind, current, record)
        enrollment = state.enrollments.get(pk)
        shown_id = next((c.new for c in changes if c.field == "student_id"), current.student_id)
        if enrollment is None:
            changes.append(FieldChange("section", None, record.section or ""))
            if record.status is not None:
                changes.append(FieldChange("status", None, record.status.value))
            diff.added.append(
                StudentChange(
                    record.row,
                    shown_id or "",
                    current.name,
                    tuple(changes),
                    f"known student, matched by {how}",
                    pk,
                    None,
                    record,
                )
            )
            diff.targets.append((None, shown_id or "", current.name))
            continue
        if record.section is not None and record.section != enrollment.section:
            changes.append(FieldChange("section", enrollment.section, record.section))
        if (
            kind == ImportKind.ROSTER
            and record.status is not None
            and record.status.value != enrollment.status
        ):
            changes.append(FieldChange("status", enrollment.status, record.status.value))
        target = (enrollment.id, shown_id or "", current.name)
        diff.targets.append(target)
        if changes:
            diff.changed.append(
                StudentChange(
                    record.row,
                    shown_id or "",
                    current.name,
                    tuple(changes),
                    f"matched by {how}",
                    pk,
                    enrollment.id,
                    record,
                )
            )
        else:
            diff.unchanged += 1
    for pk, enrollment in state.enrollments.items():
        if pk not in claimed and enrollment.status == EnrollmentStatus.ACTIVE:
            student = state.students[pk]
            diff.missing.append(
                StudentChange(
                    None,
                    student.student_id,
                    student.name,
                    (FieldChange("status", enrollment.status, EnrollmentStatus.DROPPED.value),),
                    "not in the file: drop candidate",
                    pk,
                    enrollment.id,
                )
            )
    diff.missing.sort(key=lambda c: (state.students[c.student_pk or 0].sortable_name, c.student_id))
    return diff
