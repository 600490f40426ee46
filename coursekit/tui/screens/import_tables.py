"""The import preview as table rows: which tables a plan has, their columns and records.

Pure (no widgets): ``preview_sections(plan)`` runs in the planning worker, so flattening a
10,000-student gradebook (hundreds of thousands of score changes) never blocks the UI. Score
changes stay the plan's own tuples (no copy); student changes are flattened field by field.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from rich.text import Text

from coursekit.domain.columns.headers import column_letter
from coursekit.domain.enums import ImportKind
from coursekit.domain.imports import (
    ColumnMatch,
    Decision,
    FieldChange,
    ImportPlan,
    RowChange,
    RowIssue,
    ScoreChange,
    Severity,
    StudentChange,
)
from coursekit.tui.hints import issue_text
from coursekit.tui.text import literal
from coursekit.tui.widgets.record_table import Column

FieldRow = tuple[StudentChange, FieldChange]

SEVERITY_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "dim"}
_SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


def _matched_by(c: ColumnMatch) -> Text:
    if c.how == "fuzzy":
        return literal(f"similar title {c.similarity:.0%} — check", "bold yellow")
    if c.how == "unknown":
        return literal("not recognised", "yellow")
    if c.how == "mapped":
        return literal("your mapping", "cyan")
    if c.how in ("computed", "custom", "skipped"):
        return literal(c.how, "dim")
    return literal("header" if c.how == "field" else c.how)


def _imported_as(c: ColumnMatch) -> Text:
    if c.key is None:
        return literal("— not imported", "dim")
    return literal(f"{c.title} ({c.key})" if c.title else c.key)


COLUMN_COLUMNS: tuple[Column[ColumnMatch], ...] = (
    Column("letter", "Col", lambda c: column_letter(c.index), width=4, sort_key=lambda c: c.index),
    Column("header", "Column in the file", lambda c: c.header, max_width=50),
    Column("key", "Imported as", _imported_as, max_width=50),
    Column("how", "Matched by", _matched_by, max_width=28),
)


def _section_of(change: StudentChange) -> str | None:
    return next((f.new for f in change.changes if f.field == "section"), None)


ADDED_COLUMNS: tuple[Column[StudentChange], ...] = (
    Column("row", "Row", lambda c: c.row, width=6, justify="right"),
    Column("student_id", "Student id", lambda c: c.student_id, max_width=16),
    Column("name", "Name", lambda c: c.name, max_width=32),
    Column("section", "Section", _section_of, max_width=24),
    Column("note", "Note", lambda c: c.note, max_width=40),
)

FIELD_COLUMNS: tuple[Column[FieldRow], ...] = (
    Column("row", "Row", lambda r: r[0].row, width=6, justify="right"),
    Column("student_id", "Student id", lambda r: r[0].student_id, max_width=16),
    Column("name", "Name", lambda r: r[0].name, max_width=28),
    Column("field", "Field", lambda r: r[1].field, max_width=14),
    Column("old", "Old", lambda r: literal(r[1].old or "∅", "red"), max_width=30),
    Column("new", "New", lambda r: literal(r[1].new or "∅", "green"), max_width=30),
    Column("note", "Matched", lambda r: r[0].note, max_width=24),
)


def missing_columns(drop: bool) -> tuple[Column[StudentChange], ...]:
    what = literal("will be dropped", "bold red") if drop else literal("kept (not dropped)", "dim")
    return (
        Column("student_id", "Student id", lambda c: c.student_id, max_width=16),
        Column("name", "Name", lambda c: c.name, max_width=40),
        Column("what", "On apply", lambda c: what, width=18),
    )


SCORE_ADDED_COLUMNS: tuple[Column[ScoreChange], ...] = (
    Column("row", "Row", lambda s: s.row, width=6, justify="right"),
    Column("student_id", "Student id", lambda s: s.student_id, max_width=16),
    Column("name", "Name", lambda s: s.name, max_width=28),
    Column("title", "Assessment", lambda s: s.title, max_width=44),
    Column("new", "Score", lambda s: s.new, width=8, justify="right"),
    Column("status", "Status", lambda s: s.status.value, width=12),
)

SCORE_CHANGED_COLUMNS: tuple[Column[ScoreChange], ...] = (
    Column("row", "Row", lambda s: s.row, width=6, justify="right"),
    Column("student_id", "Student id", lambda s: s.student_id, max_width=16),
    Column("name", "Name", lambda s: s.name, max_width=24),
    Column("title", "Assessment", lambda s: s.title, max_width=36),
    Column("old", "Old", lambda s: literal(s.old or "∅", "red"), width=8, justify="right"),
    Column("new", "New", lambda s: literal(s.new, "green"), width=8, justify="right"),
    Column("stale", "Warning", lambda s: literal(s.stale, "bold yellow"), max_width=40),
)

ROW_COLUMNS: tuple[Column[RowChange], ...] = (
    Column("row", "Row", lambda r: r.row, width=6, justify="right"),
    Column("student_id", "Student id", lambda r: r.student_id, max_width=16),
    Column("name", "Name", lambda r: r.name, max_width=28),
    Column("summary", "What", lambda r: r.summary, max_width=36),
    Column("changes", "Changes", lambda r: "; ".join(str(f) for f in r.changes), max_width=50),
)

ISSUE_COLUMNS: tuple[Column[RowIssue], ...] = (
    Column(
        "severity",
        "Severity",
        lambda i: literal(i.severity.value, SEVERITY_STYLE[i.severity]),
        width=9,
        sort_key=lambda i: (_SEVERITY_ORDER[i.severity], i.row or 0),
    ),
    Column("row", "Row", lambda i: i.row, width=6, justify="right"),
    Column(
        "column",
        "Column",
        lambda i: i.column,
        max_width=40,
    ),
    Column("message", "Problem", issue_text, max_width=80),
)


DECISION_COLUMNS: tuple[Column[Decision], ...] = (
    Column("row", "Row", lambda d: d.row, width=6, justify="right"),
    Column("name", "Name in the file", lambda d: d.name, max_width=28),
    Column("problem", "Why", lambda d: literal(d.message, "bold yellow"), max_width=50),
    Column(
        "candidates",
        "Could be",
        lambda d: "; ".join(f"{c.student_id} {c.name}" for c in d.candidates) or "—",
        max_width=50,
    ),
)


@dataclass(frozen=True, slots=True)
class Section:
    """One table of the preview: a tab titled ``title (count)``."""

    id: str
    title: str
    columns: Sequence[Column[Any]]
    records: Sequence[Any]
    empty: str

    @property
    def label(self) -> str:
        return f"{self.title} ({len(self.records)})"


def preview_sections(plan: ImportPlan) -> tuple[Section, ...]:
    """The tables this plan's kind has, in tab order."""
    kind = plan.kind
    decisions = (
        [
            Section(
                "decisions",
                "Decisions",
                DECISION_COLUMNS,
                plan.decisions,
                "No decisions: every row matched one student or none",
            )
        ]
        if plan.decisions
        else []
    )
    sections = [
        *decisions,
        Section(
            "problems",
            "Problems",
            ISSUE_COLUMNS,
            plan.issues,
            "No problems: every row could be read",
        ),
        Section("columns", "Columns", COLUMN_COLUMNS, plan.columns, "No columns"),
    ]
    if kind in (ImportKind.ROSTER, ImportKind.GRADEBOOK):
        fields: list[FieldRow] = [(c, f) for c in plan.students_changed for f in c.changes]
        sections += [
            Section(
                "added",
                "New students",
                ADDED_COLUMNS,
                plan.students_added,
                "No new students",
            ),
            Section("changed", "Changes", FIELD_COLUMNS, fields, "No student changes"),
            Section(
                "missing",
                "Not in file",
                missing_columns(plan.drop_missing),
                plan.students_missing,
                "Every active student is in the file",
            ),
        ]
    if kind == ImportKind.GRADEBOOK:
        sections += [
            Section(
                "scores-added",
                "New scores",
                SCORE_ADDED_COLUMNS,
                plan.scores_added,
                "No new scores",
            ),
            Section(
                "scores-changed",
                "Score changes",
                SCORE_CHANGED_COLUMNS,
                plan.scores_changed,
                "No score changes",
            ),
        ]
    if kind in (ImportKind.CREDITS, ImportKind.PRACTICE):
        sections += [
            Section("rows-added", "Rows added", ROW_COLUMNS, plan.rows_added, "No new rows"),
            Section(
                "rows-changed", "Rows changed", ROW_COLUMNS, plan.rows_changed, "No changed rows"
            ),
        ]
    return tuple(sections)


def first_section(plan: ImportPlan, sections: Sequence[Section]) -> str:
    """The tab to show first: problems when there are errors or warnings, else the first
    table with something in it; the decisions, when any is open."""
    if plan.errors:
        return "problems"
    if plan.decisions:
        return "decisions"
    if plan.warnings:
        return "problems"
    for section in sections[2:]:
        if section.records:
            return section.id
    return "columns"


def summary(plan: ImportPlan, sheet: str | None) -> Text:
    """Two lines: what is imported where, then the counts."""
    c = plan.counts
    where = f" (sheet {sheet})" if sheet else ""
    head = Text.assemble(
        (f"{plan.kind.value.capitalize()} import", "bold"),
        " of ",
        literal(plan.file_name, "bold"),
        literal(where),
        " into ",
        (plan.course_code, "bold"),
    )
    parts: list[str] = []
    if plan.kind in (ImportKind.ROSTER, ImportKind.GRADEBOOK):
        parts.append(
            f"students: {c['students_added']} added, {c['students_changed']} changed, "
            f"{c['students_unchanged']} unchanged, {c['students_missing']} not in the file"
            + (f" ({c['students_dropped']} dropped)" if c["students_dropped"] else "")
        )
    if plan.kind == ImportKind.GRADEBOOK:
        parts.append(
            f"scores: {c['scores_added']} added, {c['scores_changed']} changed, "
            f"{c['scores_unchanged']} unchanged"
        )
    if plan.kind in (ImportKind.CREDITS, ImportKind.PRACTICE):
        parts.append(
            f"rows: {c['rows_added']} added, {c['rows_changed']} changed, "
            f"{c['rows_unchanged']} unchanged"
        )
    counts = Text("; ".join(parts))
    problems = Text.assemble(
        (f"{c['errors']} error(s)", "bold red" if c["errors"] else ""),
        ", ",
        (f"{c['warnings']} warning(s)", "yellow" if c["warnings"] else ""),
    )
    return Text("\n").join([head, Text.assemble(counts, "; ", problems)])


def verdict(plan: ImportPlan) -> Text:
    """What applying would do, or why it cannot."""
    if plan.has_errors:
        return literal(
            f"{len(plan.errors)} error(s): nothing can be imported. Fix the file, or map the "
            "columns (Columns tab, enter) and preview again.",
            "bold red",
        )
    if plan.decisions:
        return literal(
            f"{len(plan.decisions)} decision(s) open: nothing is imported until each is "
            "settled. Enter on a row of the Decisions tab: which student it is, or a new one.",
            "bold yellow",
        )
    if plan.is_empty:
        return literal("Nothing to import: the database already matches the file.", "dim")
    notes = []
    if plan.fuzzy_columns:
        notes.append(f"{len(plan.fuzzy_columns)} column(s) matched by a similar title: check them")
    if plan.edited:
        fields = ", ".join(sorted({f"{e.student_id} {e.field}" for e in plan.edited})[:4])
        notes.append(
            f"{len(plan.edited)} field(s) edited by hand after the file was exported "
            f"({fields}): tick 'let the file win' to apply anyway"
        )
    if plan.drop_missing and plan.students_missing:
        notes.append(f"{len(plan.students_missing)} student(s) will be DROPPED")
    if plan.stale:
        notes.append(
            f"{len(plan.stale)} score(s) would overwrite newer edits: tick 'let the file win' "
            "to apply anyway"
        )
    text = Text("Ready: ctrl+s applies the import (one transaction; undo afterwards).", "green")
    if notes:
        text.append("  " + "; ".join(notes), "yellow")
    return text
