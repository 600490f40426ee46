"""Spreadsheet imports: plan (a preview, nothing written) → apply (one
transaction, an ImportBatch and audit rows) → undo.

Entry points used by the CLI and the TUI: ``plan_import``, ``apply_import``,
``undo_batch``, ``list_batches``, ``detect_kind``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from coursekit.config import Limits
from coursekit.db import models as m
from coursekit.db.queries.import_state import course_assessments, existing_scores
from coursekit.domain.columns.kind import detect_kind_from_header
from coursekit.domain.enums import ImportKind
from coursekit.domain.imports import (
    AssessmentRef,
    ColumnMatch,
    CreditFile,
    GradebookFile,
    ImportPlan,
    ParsedFile,
    PracticeFile,
    RosterFile,
    RowIssue,
    Severity,
    StudentRecord,
)
from coursekit.domain.problems import ProblemCode
from coursekit.interchange.canvas_gradebook import read_gradebook
from coursekit.interchange.credit_reader import read_credits
from coursekit.interchange.practice_reader import read_practice
from coursekit.interchange.roster_reader import read_roster
from coursekit.interchange.spreadsheet import SpreadsheetError, read_sheet
from coursekit.services.context import ServiceContext, ServiceError, paused_gc
from coursekit.services.courses import exams, find_course_row
from coursekit.services.importing.import_apply import apply_import
from coursekit.services.importing.import_diff import diff_students
from coursekit.services.importing.import_edits import hand_edits
from coursekit.services.importing.import_files import unreadable
from coursekit.services.importing.import_rows import diff_credits, diff_practice, diff_scores
from coursekit.services.importing.import_settle import Settle
from coursekit.services.importing.import_state import load_course_state, plan_reach, state_token
from coursekit.services.importing.undo import list_batches, undo_batch

__all__ = ["apply_import", "detect_kind", "list_batches", "plan_import", "undo_batch"]

Progress = Callable[[int, int], None]
MAX_ISSUES = 1000  # per severity kept in a plan (the counts stay exact)
_CANVAS_STAMP = re.compile(r"^(\d{4}-\d{2}-\d{2})T(\d{2})(\d{2})_")


def detect_kind(path: Path) -> ImportKind | None:
    """Guess the import kind from the file's header row (None when unsure or unreadable)."""
    try:
        sheet = read_sheet(path, Limits(), head=3)
    except SpreadsheetError:
        return None
    return detect_kind_from_header(sheet.header)


def file_time(path: Path) -> datetime:
    """When the file was exported: the ``2026-10-18T1423_`` stamp Canvas puts in
    its file names (local time, end of that minute), else the file's mtime."""
    match = _CANVAS_STAMP.match(path.name)
    if match:
        try:
            local = datetime.strptime(f"{match[1]} {match[2]}:{match[3]}:59", "%Y-%m-%d %H:%M:%S")
            return local.astimezone(UTC)
        except ValueError:
            pass
    return datetime.fromtimestamp(os.stat(path).st_mtime, UTC)


def _cap(issues: list[RowIssue]) -> tuple[RowIssue, ...]:
    kept: list[RowIssue] = []
    counts: dict[Severity, int] = {}
    for issue in issues:
        counts[issue.severity] = counts.get(issue.severity, 0) + 1
        if counts[issue.severity] <= MAX_ISSUES:
            kept.append(issue)
    for severity, count in counts.items():
        if count > MAX_ISSUES:
            kept.append(
                RowIssue(
                    None, None, f"… and {count - MAX_ISSUES} more", severity, code=ProblemCode.MORE
                )
            )
    order = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
    kept.sort(key=lambda i: (order[i.severity], i.row or 0))
    return tuple(kept)


def _parse(
    ctx: ServiceContext,
    kind: ImportKind,
    path: Path,
    course: m.Course,
    assessments: list[AssessmentRef],
    mapping: dict[str, str] | None,
    sheet_name: str | None,
    progress: Progress | None,
) -> tuple[ParsedFile, list[RowIssue], str]:
    try:
        sheet = read_sheet(path, ctx.settings.limits, sheet=sheet_name)
    except SpreadsheetError as exc:
        raise unreadable(exc) from None
    parsed: ParsedFile
    if kind == ImportKind.GRADEBOOK:
        parsed, issues = read_gradebook(sheet, assessments, mapping, progress)
    elif kind == ImportKind.ROSTER:
        parsed, issues = read_roster(sheet, mapping, progress)
    elif kind == ImportKind.CREDITS:
        parsed, issues = read_credits(sheet, mapping, progress)
    else:
        parsed, issues = read_practice(sheet, exams(ctx), course.exam_code, mapping, progress)
    return parsed, issues, sheet.sha256


def plan_import(
    ctx: ServiceContext,
    kind: ImportKind | str,
    path: Path,
    *,
    course: str | None = None,
    mapping: dict[str, str] | None = None,
    sheet: str | None = None,
    progress: Progress | None = None,
    drop_missing: bool = False,
    links: Mapping[int, str] | None = None,
    new_rows: Iterable[int] = (),
) -> ImportPlan:
    """Read and validate the whole file and compare it with the database.

    Nothing is written. ``drop_missing`` (rosters) plans to drop the active
    students the file no longer lists; otherwise they are only reported.
    ``links`` (file row -> student id or identifier) and ``new_rows`` settle
    the plan's decisions: that row is that student / a new student.
    """
    try:
        kind = ImportKind(kind)
    except ValueError:
        raise ServiceError(
            f"unknown import kind {kind!r} (roster, gradebook, credits, practice)",
            code=ProblemCode.INVALID_VALUE,
            field="kind",
        ) from None
    path = Path(path)
    with ctx.read() as session:
        course_row = find_course_row(session, course)
        assert course_row.id is not None
        rows = course_assessments(session, course_id=course_row.id)
    assessments = [AssessmentRef(r[0], r[1], r[2]) for r in rows]
    ids = {r[0]: r[3] for r in rows}
    with paused_gc():
        return _plan(
            ctx,
            kind,
            path,
            course_row,
            assessments,
            ids,
            mapping,
            sheet,
            progress,
            drop_missing,
            Settle(dict(links or {}), tuple(new_rows)),
        )


def _plan(
    ctx: ServiceContext,
    kind: ImportKind,
    path: Path,
    course_row: m.Course,
    assessments: list[AssessmentRef],
    ids: dict[str, int],
    mapping: dict[str, str] | None,
    sheet: str | None,
    progress: Progress | None,
    drop_missing: bool,
    settle: Settle,
) -> ImportPlan:
    assert course_row.id is not None
    parsed, issues, digest = _parse(
        ctx, kind, path, course_row, assessments, mapping, sheet, progress
    )
    return plan_parsed(
        ctx,
        kind,
        parsed,
        issues,
        course_row=course_row,
        ids=ids,
        path=str(path.resolve()),
        file_name=path.name,
        sha256=digest,
        exported=file_time(path),
        progress=progress,
        drop_missing=drop_missing,
        settle=settle,
    )


def plan_parsed(
    ctx: ServiceContext,
    kind: ImportKind,
    parsed: ParsedFile,
    issues: list[RowIssue],
    *,
    course_row: m.Course,
    ids: dict[str, int],
    path: str,
    file_name: str,
    sha256: str,
    exported: datetime,
    progress: Progress | None = None,
    drop_missing: bool = False,
    settle: Settle | None = None,
) -> ImportPlan:
    """Compare records a reader produced (from a file, or from Canvas itself) with
    the database: the preview that ``apply_import`` writes. ``ids``: assessment key
    -> assessment id of the course."""
    assert course_row.id is not None
    settle = settle or Settle({}, ())
    fields: dict[str, Any] = {}  # the plan's remaining ImportPlan fields
    with ctx.read() as session:
        token = state_token(session, course_row.id)
        reach = plan_reach(session, kind, _people(parsed), settle.links)
        state = load_course_state(session, course_row.id, reach)
        resolutions = settle.resolve(state)
        fields["settled"] = settle.shown(state, resolutions)
        if kind in (ImportKind.ROSTER, ImportKind.GRADEBOOK) and not _fatal(issues):
            assert isinstance(parsed, RosterFile | GradebookFile)
            students = diff_students(kind, state, parsed.students, resolutions)
            issues.extend(students.issues)
            fields.update(
                identifiers_added=tuple(students.identifiers),
                decisions=tuple(students.decisions),
                absorbed=tuple(students.absorbed),
            )
            fields.update(
                students_added=tuple(students.added),
                students_changed=tuple(students.changed),
                students_missing=tuple(students.missing),
                students_unchanged=students.unchanged,
            )
            if kind == ImportKind.GRADEBOOK:
                assert isinstance(parsed, GradebookFile)
                scores = diff_scores(
                    parsed,
                    students.targets,
                    ids,
                    existing_scores(session, course_id=course_row.id),
                    exported,
                )
                fields.update(
                    scores_added=scores.added,
                    scores_changed=scores.changed,
                    scores_unchanged=scores.unchanged,
                )
        elif kind in (ImportKind.CREDITS, ImportKind.PRACTICE) and not _fatal(issues):
            if kind == ImportKind.CREDITS:
                assert isinstance(parsed, CreditFile)
                rows_diff = diff_credits(session, state, parsed.records, file_name, resolutions)
            else:
                assert isinstance(parsed, PracticeFile)
                rows_diff = diff_practice(session, state, parsed.records, resolutions)
            issues.extend(rows_diff.issues)
            fields.update(
                identifiers_added=tuple(rows_diff.identifiers),
                decisions=tuple(rows_diff.decisions),
                students_added=tuple(rows_diff.students),
            )
            fields.update(
                rows_added=tuple(rows_diff.added),
                rows_changed=tuple(rows_diff.changed),
                rows_unchanged=rows_diff.unchanged,
            )
        changed_rows = list(fields.get("rows_changed", ()))
        people = [
            *fields.get("students_changed", ()),
            *(c for c in fields.get("students_added", ()) if c.student_pk is not None),
            *(fields.get("students_missing", ()) if drop_missing else ()),
        ]
        entity = "creditevent" if kind == ImportKind.CREDITS else "practiceattempt"
        fields["edited"] = tuple(hand_edits(session, exported, people, changed_rows, entity))
    if progress is not None:
        progress(1, 1)
    return ImportPlan(
        kind=kind,
        course_code=course_row.code,
        course_id=course_row.id,
        path=path,
        file_name=file_name,
        sha256=sha256,
        file_time=exported,
        issues=_cap(issues),
        columns=_columns(parsed),
        drop_missing=drop_missing,
        state_token=token,
        **fields,
    )


def _people(parsed: ParsedFile) -> list[StudentRecord]:
    """Who a file's rows name (every row; a credit or practice row's person)."""
    if isinstance(parsed, RosterFile | GradebookFile):
        return list(parsed.students)
    return [record.student for record in parsed.records]


def _columns(parsed: ParsedFile) -> tuple[ColumnMatch, ...]:
    """Every column with what it maps to (gradebooks: imported, unknown, skipped,
    computed and custom columns, in file order)."""
    extra = getattr(parsed, "ignored", ())
    return tuple(sorted((*parsed.columns, *extra), key=lambda c: c.index))


def _fatal(issues: list[RowIssue]) -> bool:
    """Header-level errors (row 1 / no row): the rows cannot be compared meaningfully."""
    return any(
        i.severity == Severity.ERROR
        and (i.row is None or i.row <= 1)
        and i.code is not ProblemCode.COLUMN_DUPLICATE
        for i in issues
    )
