"""Match file students to database students and list what would change.

Every identifier a row carries (student number / SIS User ID, Canvas user id,
SIS Login ID, e-mail) is looked up among every stored identifier, across kinds
(``services.identity``). One student found: matched. None: a new student (a
same-name student is shown, never matched). Several, or one student claimed by
two rows, or a contradicting student number: a *decision* the user settles with
``--link ROW=STUDENT`` / ``--new ROW``. The university roster is the authority
for names and emails; a gradebook fills in Canvas ids and logins and only names
people it creates.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from coursekit.db.queries.import_state import ExistingStudent
from coursekit.domain.enums import EnrollmentStatus, ImportKind
from coursekit.domain.identity import Identifier, IdentifierKind, MatchKey
from coursekit.domain.imports import (
    Absorb,
    Candidate,
    Decision,
    DecisionKind,
    FieldChange,
    IdentifierChange,
    RowIssue,
    Severity,
    StudentChange,
    StudentRecord,
)
from coursekit.domain.problems import HintKind, ProblemCode
from coursekit.services.importing.identity import DERIVED_PREFIX, is_derived, is_provisional
from coursekit.services.importing.import_state import CourseState

Resolutions = Mapping[int, int | None]  # file row -> student pk to link, or None: a new student
_SINGLE = (IdentifierKind.STUDENT_NUMBER, IdentifierKind.SIS_USER_ID)


@dataclass(slots=True)
class StudentDiff:
    added: list[StudentChange] = field(default_factory=list)
    changed: list[StudentChange] = field(default_factory=list)
    missing: list[StudentChange] = field(default_factory=list)
    unchanged: int = 0
    # per file record (same order): (enrollment_id or None, student_id, display name);
    # student_id is "" for a row waiting on a decision
    targets: list[tuple[int | None, str, str]] = field(default_factory=list)
    issues: list[RowIssue] = field(default_factory=list)
    identifiers: list[IdentifierChange] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)
    absorbed: list[Absorb] = field(default_factory=list)


def file_student_id(record: StudentRecord) -> str:
    if record.student_id:
        return record.student_id
    return f"{DERIVED_PREFIX}{record.lms_id}" if record.lms_id else ""


def candidate(state: CourseState, pk: int, how: str) -> Candidate:
    student = state.students[pk]
    return Candidate(pk, student.student_id, student.name, how)


def new_identifiers(
    state: CourseState,
    row: int,
    pk: int | None,
    student_id: str,
    identifiers: Sequence[Identifier],
    issues: list[RowIssue],
    absorbed: Sequence[int] = (),
) -> list[IdentifierChange]:
    """The identifiers ``pk`` lacks; one another student holds is not stored twice
    (it would make every later match ambiguous) but reported. Identifiers of
    ``absorbed`` students move with them."""
    added = []
    for ident in state.index.missing(pk, identifiers):
        if any(state.index.holds(other, ident) for other in absorbed):
            continue
        others = state.index.by_key.get(ident.key, set()) - {pk, *absorbed}
        if others:
            other = state.students[min(others)]
            issues.append(
                RowIssue(
                    row,
                    None,
                    f"{ident} not stored: student {other.student_id} holds it",
                    Severity.WARNING,
                    code=ProblemCode.IDENTIFIER_TAKEN,
                    hint=HintKind.MERGE_STUDENTS,
                )
            )
            continue
        added.append(IdentifierChange(row, student_id, ident.kind.value, ident.value, pk))
    return added


def _absorbable(state: CourseState, found: Mapping[int, str]) -> tuple[int, list[int]] | None:
    """Several students matched, but all except at most one are provisional
    (made from a credit/practice row): the row says they are one person."""
    real = [p for p in found if not is_provisional(state.students[p].student_id)]
    provisional = sorted(p for p in found if p not in real)
    if len(real) > 1 or not provisional:
        return None
    keep = real[0] if real else provisional[0]
    return keep, [p for p in provisional if p != keep]


def _conflict(state: CourseState, pk: int, identifiers: Sequence[Identifier]) -> str:
    """A student number in the file that contradicts the matched student's own."""
    current = state.students[pk].student_id
    if is_derived(current):
        return ""
    for ident in identifiers:
        if ident.kind in _SINGLE and ident.value != current.casefold():
            held = state.index.held.get(pk, {}).get(ident.key, ())
            if not held:
                return f"the file's {ident} differs from {current} on record"
    return ""


def _student_changes(
    kind: ImportKind, current: ExistingStudent, record: StudentRecord
) -> list[FieldChange]:
    wanted: dict[str, str | None] = {}
    sid = record.student_id
    if sid and sid != current.student_id and is_derived(current.student_id):
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
        if record.name and (not current.name or is_provisional(current.student_id)):
            wanted["name"], wanted["sortable_name"] = record.name, record.sortable_name
    return [
        FieldChange(name, getattr(current, name), value)
        for name, value in wanted.items()
        if value != getattr(current, name)
    ]


def diff_students(
    kind: ImportKind,
    state: CourseState,
    records: Sequence[StudentRecord],
    resolutions: Resolutions | None = None,
) -> StudentDiff:
    diff = StudentDiff()
    resolutions = resolutions or {}
    claimed: dict[int, int] = {}  # student pk -> file row
    brought: dict[MatchKey, int] = {}  # identifier key -> first file row carrying it
    new_ids: dict[str, int] = {}
    pending: set[int] = set()  # candidates of open decisions: not "missing from the file"
    for record in records:
        match = state.index.match(kind, record)
        sid = file_student_id(record)
        settled = record.row in resolutions
        pk: int | None = None
        how = ""
        decision: Decision | None = None
        absorb: list[int] = []
        if settled:
            pk = resolutions[record.row]
            how = "linked by you" if pk is not None else ""
        elif match.ambiguous and (absorbable := _absorbable(state, match.found)):
            pk, absorb = absorbable
            how = match.found[pk]
        elif match.ambiguous:
            decision = Decision(
                record.row,
                DecisionKind.AMBIGUOUS,
                record.name,
                f"matches {len(match.found)} students",
                tuple(candidate(state, p, h) for p, h in match.found.items()),
            )
        else:
            pk = match.student_pk
            how = match.found[pk] if pk is not None else ""
            reason = _conflict(state, pk, match.identifiers) if pk is not None else ""
            if pk is not None and reason:
                decision = Decision(
                    record.row,
                    DecisionKind.CONFLICT,
                    record.name,
                    f"matched by {how}, but {reason}",
                    (candidate(state, pk, how),),
                )
        if decision is None:
            earlier = claimed.get(pk) if pk is not None else None
            if earlier is None and pk is None and not settled:
                earlier = next(
                    (brought[i.key] for i in match.identifiers if i.key in brought), None
                )
            if earlier is None and pk is None and sid in new_ids:
                earlier = new_ids[sid]
            if earlier is not None:
                decision = Decision(
                    record.row,
                    DecisionKind.SAME_STUDENT,
                    record.name,
                    f"same student as row {earlier}",
                    (candidate(state, pk, how),) if pk is not None else (),
                )
        if decision is not None:
            diff.decisions.append(decision)
            pending.update(c.student_pk for c in decision.candidates)
            diff.targets.append((None, "", record.name))
            continue
        # an identifier an earlier row of this file brought stays that row's
        carried = [i for i in match.identifiers if brought.get(i.key, record.row) == record.row]
        for ident in match.identifiers:
            brought.setdefault(ident.key, record.row)
        for other in absorb:
            assert pk is not None  # absorbing rows is decided for a matched student
            claimed[other] = record.row
            diff.absorbed.append(
                Absorb(
                    record.row,
                    pk,
                    state.students[pk].student_id,
                    other,
                    state.students[other].student_id,
                )
            )
        if pk is None:
            if sid in state.by_sid:
                diff.issues.append(
                    RowIssue(
                        record.row,
                        None,
                        f"student id {sid} is already used by another student",
                        code=ProblemCode.IDENTIFIER_TAKEN,
                        field="student_id",
                        hint=HintKind.LINK_ROW,
                    )
                )
            new_ids[sid] = record.row
            notes = (
                ["id derived from the Canvas ID (no SIS User ID)"] if not record.student_id else []
            )
            namesakes = sorted(
                state.students[p].student_id for p in state.index.same_name(record.name)
            )
            if namesakes:
                notes.append(f"same name as {', '.join(namesakes)} (names never match)")
            changes = [FieldChange("section", None, record.section or "")]
            if record.status is not None:
                changes.append(FieldChange("status", None, record.status.value))
            diff.added.append(
                StudentChange(
                    record.row, sid, record.name, tuple(changes), "; ".join(notes), record=record
                )
            )
            diff.identifiers.extend(
                new_identifiers(state, record.row, None, sid, carried, diff.issues)
            )
            diff.targets.append((None, sid, record.name))
            continue
        claimed[pk] = record.row
        current = state.students[pk]
        changes = _student_changes(kind, current, record)
        enrollment = state.enrollments.get(pk)
        if enrollment is None:  # an absorbed student's enrollment becomes this one's
            enrollment = next(
                (state.enrollments[o] for o in absorb if o in state.enrollments), None
            )
        shown_id = next((c.new for c in changes if c.field == "student_id"), current.student_id)
        diff.identifiers.extend(
            new_identifiers(state, record.row, pk, shown_id or "", carried, diff.issues, absorb)
        )
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
        if pk not in claimed and pk not in pending and enrollment.status == EnrollmentStatus.ACTIVE:
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
