"""Diffs of the per-student rows an import brings: scores, credit events,
practice attempts (pure comparisons over data loaded by ``import_state``)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlmodel import Session

from coursekit.db.queries.import_state import ScoreRow, credit_event_rows, practice_attempt_rows
from coursekit.domain.enums import CreditEventKind, ImportKind, ScoreStatus
from coursekit.domain.identity import Identifier, MatchKey
from coursekit.domain.import_values import format_points, same_points, score_text
from coursekit.domain.imports import (
    CreditRecord,
    Decision,
    DecisionKind,
    FieldChange,
    GradebookFile,
    IdentifierChange,
    PracticeRecord,
    RowChange,
    RowIssue,
    Severity,
    StudentChange,
    StudentRecord,
)
from coursekit.domain.problems import HintKind, ProblemCode
from coursekit.domain.score_changes import ScoreChanges, ScoreColumn, ScorePerson
from coursekit.services.importing.identity import PROVISIONAL_PREFIX
from coursekit.services.importing.import_diff import candidate, new_identifiers
from coursekit.services.importing.import_state import CourseState


@dataclass(slots=True)
class ScoreDiff:
    added: ScoreChanges
    changed: ScoreChanges
    unchanged: int = 0


def diff_scores(
    book: GradebookFile,
    targets: Sequence[tuple[int | None, str, str]],
    assessment_ids: dict[str, int],
    existing: dict[tuple[int, int], ScoreRow],
    file_time: datetime,
) -> ScoreDiff:
    """Compare every imported cell with the stored score.

    A change is *stale* (refused unless forced) when the stored score was edited
    by hand, or was written after the file was exported — applying would roll a
    newer value back. A row whose enrollment holds no score yet (a new student, a
    first import) adds all its cells at once, without a comparison per cell.
    """
    columns = [
        ScoreColumn(c.key or "", c.title or c.header, assessment_ids[c.key or ""])
        for c in book.columns
    ]
    diff = ScoreDiff(ScoreChanges(columns), ScoreChanges(columns))
    added, changed = diff.added, diff.changed
    empty = _empty_columns(book, columns, existing)
    live = [j for j, column in enumerate(columns) if column.assessment_id not in empty]
    everything = len(live) == len(columns)
    scored = {enrollment_id for enrollment_id, _ in existing}
    for record, cells, (enrollment_id, sid, name) in zip(
        book.students, book.scores, targets, strict=True
    ):
        if not sid:
            continue  # waiting on a decision: which student these scores belong to
        person = ScorePerson(record.row, sid, name, enrollment_id)
        if enrollment_id is None or enrollment_id not in scored:
            if live:
                added.extend(
                    added.add_person(person),
                    live,
                    cells if everything else [cells[j] for j in live],
                )
            diff.unchanged += len(columns) - len(live)
            continue
        new_at = changed_at = -1
        for j, (column, cell) in enumerate(zip(columns, cells, strict=True)):
            old = existing.get((enrollment_id, column.assessment_id))
            if old is None:
                if column.assessment_id in empty:
                    diff.unchanged += 1
                    continue
                if new_at < 0:
                    new_at = added.add_person(person)
                added.extend(new_at, (j,), (cell,))
                continue
            score_id, old_status, old_points, manual, updated_at = old
            status, points = cell
            if old_status == status and same_points(old_points, points):
                diff.unchanged += 1
                continue
            if changed_at < 0:
                changed_at = changed.add_person(person)
            changed.add_changed(
                changed_at,
                j,
                cell,
                score_text(old_status, old_points),
                score_id,
                stale_reason(manual, updated_at, file_time),
            )
    return diff


def stale_reason(manual: bool, updated_at: datetime, file_time: datetime) -> str:
    """Why overwriting a stored score would roll a newer value back ("" when it would not)."""
    if manual:
        return "edited by hand in coursekit"
    if updated_at > file_time:
        return f"changed on {updated_at:%Y-%m-%d %H:%M} UTC, after this file was exported"
    return ""


def _empty_columns(
    book: GradebookFile,
    columns: list[ScoreColumn],
    existing: dict[tuple[int, int], ScoreRow],
) -> set[int]:
    """Assessments nobody has a score for whose column is blank in every row (not
    graded yet): they add no "missing" rows — so a grades csv exported with every
    assessment of the course re-imports unchanged."""
    scored = {assessment_id for _, assessment_id in existing}
    blank = (ScoreStatus.MISSING, None)
    return {
        assessment_id
        for position, (_, _, assessment_id) in enumerate(columns)
        if assessment_id not in scored
        and all(tuple(cells[position]) == blank for cells in book.scores)
    }


def resolve_enrollment(
    kind: ImportKind,
    state: CourseState,
    ref: StudentRecord,
    diff: RowDiff,
    resolutions: Mapping[int, int | None],
) -> tuple[int | None, str, str] | None:
    """A credit/practice row's enrollment in the course, matched on every
    identifier the row carries; identifiers its student lacks are planned."""
    match = state.index.match(kind, ref)
    if ref.row in resolutions:
        pk = resolutions[ref.row]
        if pk is None:
            diff.issues.append(
                RowIssue(
                    ref.row,
                    None,
                    "only roster and gradebook rows can be new students",
                    code=ProblemCode.INVALID_VALUE,
                    field="new_rows",
                    hint=HintKind.FIX_VALUE,
                )
            )
            return None
    elif match.ambiguous:
        diff.decisions.append(
            Decision(
                ref.row,
                DecisionKind.AMBIGUOUS,
                ref.name,
                f"matches {len(match.found)} students",
                tuple(candidate(state, p, h) for p, h in match.found.items()),
            )
        )
        return None
    else:
        pk = match.student_pk
    if pk is None:
        return _provisional(kind, state, ref, match.identifiers, diff)
    enrollment = state.enrollments.get(pk)
    if enrollment is None:
        diff.issues.append(
            RowIssue(
                ref.row,
                None,
                f"student {state.students[pk].student_id} is not enrolled in this course "
                "(import the roster first); row skipped",
                Severity.WARNING,
                code=ProblemCode.ROW_SKIPPED,
            )
        )
        return None
    student = state.students[pk]
    if ref.row not in diff.seen:
        diff.seen.add(ref.row)
        fresh = new_identifiers(
            state, ref.row, pk, student.student_id, match.identifiers, diff.issues
        )
        for change in fresh:
            if (pk, change.kind, change.value) not in diff.planned:
                diff.planned.add((pk, change.kind, change.value))
                diff.identifiers.append(change)
    return enrollment.id, student.student_id, student.name


def _provisional(
    kind: ImportKind,
    state: CourseState,
    ref: StudentRecord,
    identifiers: Sequence[Identifier],
    diff: RowDiff,
) -> tuple[None, str, str] | None:
    """A row nobody matches: kept under a provisional student (``lab:<id>``) that
    a later roster or gradebook row carrying one of its identifiers joins, so no
    row is lost whatever order the files come in."""
    for ident in identifiers:
        if ident.key in diff.pending:
            return None, *diff.pending[ident.key]
    first = identifiers[0] if identifiers else None
    sid = f"{PROVISIONAL_PREFIX}{first.value}" if first else ""
    if first is None or len(sid) > 64 or sid in state.by_sid:
        diff.issues.append(
            RowIssue(
                ref.row,
                None,
                "no usable student id or e-mail; row skipped",
                Severity.WARNING,
                code=ProblemCode.ROW_SKIPPED,
            )
        )
        return None
    name = ref.name or first.value
    record = StudentRecord(
        ref.row,
        email=ref.email if kind == ImportKind.PRACTICE else None,
        name=name,
        sortable_name=ref.sortable_name or name,
    )
    diff.students.append(
        StudentChange(
            ref.row,
            sid,
            name,
            (FieldChange("section", None, ""),),
            f"known only by {first} so far: the roster row carrying it will join them",
            record=record,
        )
    )
    for ident in identifiers:
        diff.pending[ident.key] = (sid, name)
    diff.identifiers.extend(new_identifiers(state, ref.row, None, sid, identifiers, diff.issues))
    return None, sid, name


@dataclass(slots=True)
class RowDiff:
    added: list[RowChange] = field(default_factory=list)
    changed: list[RowChange] = field(default_factory=list)
    unchanged: int = 0
    issues: list[RowIssue] = field(default_factory=list)
    identifiers: list[IdentifierChange] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)
    seen: set[int] = field(default_factory=set)  # rows whose identifiers were planned
    students: list[StudentChange] = field(default_factory=list)  # provisional students
    pending: dict[MatchKey, tuple[str, str]] = field(default_factory=dict)  # -> (id, name)
    planned: set[tuple[int, str, str]] = field(default_factory=set)


def _money(value: float) -> str:
    return f"{value:.2f}"


def diff_credits(
    session: Session,
    state: CourseState,
    records: Sequence[CreditRecord],
    source: str,
    resolutions: Mapping[int, int | None] | None = None,
) -> RowDiff:
    """Spend snapshots become ``usage_snapshot`` events; a Budget column becomes
    ``grant`` (or negative ``adjustment``) events so that the grants dated up to
    each row add up to the budget that row states."""
    diff = RowDiff()
    snapshots: dict[tuple[int | None, datetime], tuple[int, float]] = {}
    grants: dict[int | str | None, list[tuple[datetime, float]]] = {}  # by enrollment (or new id)
    enrollment_ids = [e.id for e in state.enrollments.values()]
    for event_id, held_by, at, kind, amount in credit_event_rows(
        session, enrollment_ids=enrollment_ids
    ):
        if kind == CreditEventKind.USAGE_SNAPSHOT:
            snapshots[(held_by, at)] = (event_id, amount)
        else:
            grants.setdefault(held_by, []).append((at, amount))
    for record in sorted(records, key=lambda r: r.at):
        target = resolve_enrollment(
            ImportKind.CREDITS, state, record.student, diff, resolutions or {}
        )
        if target is None:
            continue
        enrollment_id, sid, name = target
        values: dict[str, Any] = {
            "enrollment_id": enrollment_id,
            "at": record.at,
            "kind": CreditEventKind.USAGE_SNAPSHOT.value,
            "amount_usd": record.spent_usd,
            "source": source,
        }
        when = f"{record.at:%Y-%m-%d}"
        old = snapshots.get((enrollment_id, record.at))
        if old is None:
            diff.added.append(
                RowChange(
                    record.row,
                    sid,
                    name,
                    f"spent {_money(record.spent_usd)} USD by {when}",
                    (),
                    None,
                    enrollment_id,
                    values,
                )
            )
        elif not same_points(old[1], record.spent_usd):
            diff.changed.append(
                RowChange(
                    record.row,
                    sid,
                    name,
                    f"spent by {when}",
                    (FieldChange("amount_usd", _money(old[1]), _money(record.spent_usd)),),
                    old[0],
                    enrollment_id,
                    {"amount_usd": record.spent_usd},
                )
            )
        else:
            diff.unchanged += 1
        if record.budget_usd is not None:
            events = grants.setdefault(enrollment_id or sid, [])
            in_force = sum(amount for at, amount in events if at <= record.at)
            delta = round(record.budget_usd - in_force, 2)
            if abs(delta) >= 0.005:
                events.append((record.at, delta))
                kind = CreditEventKind.GRANT if delta > 0 else CreditEventKind.ADJUSTMENT
                diff.added.append(
                    RowChange(
                        record.row,
                        sid,
                        name,
                        f"budget {_money(record.budget_usd)} USD ({kind.value} {delta:+.2f})",
                        (),
                        None,
                        enrollment_id,
                        {**values, "kind": kind.value, "amount_usd": delta},
                    )
                )
    return diff


_PRACTICE_FIELDS = ("percent", "scaled_score", "domain_percents", "minutes", "questions")


def _practice_text(name: str, value: Any) -> str | None:
    if value is None:
        return None
    if name == "domain_percents":
        return ", ".join(f"D{k} {format_points(v)}" for k, v in sorted(value.items())) or None
    return format_points(value) if isinstance(value, float) else str(value)


def diff_practice(
    session: Session,
    state: CourseState,
    records: Sequence[PracticeRecord],
    resolutions: Mapping[int, int | None] | None = None,
) -> RowDiff:
    diff = RowDiff()
    existing: dict[tuple[int | None, str, datetime], tuple[Any, ...]] = {}
    enrollment_ids = [e.id for e in state.enrollments.values()]
    for row in practice_attempt_rows(session, enrollment_ids=enrollment_ids):
        existing[(row[1], row[2], row[3])] = (row[0], *row[4:])
    for record in records:
        target = resolve_enrollment(
            ImportKind.PRACTICE, state, record.student, diff, resolutions or {}
        )
        if target is None:
            continue
        enrollment_id, sid, name = target
        new: dict[str, Any] = {
            "percent": record.percent,
            "scaled_score": record.scaled_score,
            "domain_percents": dict(record.domain_percents),
            "minutes": record.minutes,
            "questions": record.questions,
        }
        score = (
            f"{format_points(record.percent)} %"
            if record.percent is not None
            else f"{format_points(record.scaled_score or 0)} scaled"
        )
        summary = f"{record.exam_code} on {record.taken_at:%Y-%m-%d}: {score}"
        old = existing.get((enrollment_id, record.exam_code, record.taken_at))
        if old is None:
            values = {
                "enrollment_id": enrollment_id,
                "exam_code": record.exam_code,
                "taken_at": record.taken_at,
                **new,
            }
            diff.added.append(
                RowChange(record.row, sid, name, summary, (), None, enrollment_id, values)
            )
            continue
        changes = []
        for name_, old_value in zip(_PRACTICE_FIELDS, old[1:], strict=True):
            value = new[name_]
            if name_ == "domain_percents":
                equal = {k: round(v, 2) for k, v in (old_value or {}).items()} == {
                    k: round(v, 2) for k, v in value.items()
                }
            elif isinstance(value, float) or isinstance(old_value, float):
                equal = same_points(old_value, value)
            else:
                equal = old_value == value
            if not equal:
                changes.append(
                    FieldChange(
                        name_, _practice_text(name_, old_value), _practice_text(name_, value)
                    )
                )
        if changes:
            diff.changed.append(
                RowChange(
                    record.row,
                    sid,
                    name,
                    summary,
                    tuple(changes),
                    old[0],
                    enrollment_id,
                    {c.field: new[c.field] for c in changes},
                )
            )
        else:
            diff.unchanged += 1
    return diff
