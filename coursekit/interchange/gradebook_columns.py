"""The columns and special rows of a Canvas gradebook export: where the student-info
columns are, which rows are not students, which columns are computed totals,
custom columns or assignments, and what each imported assignment is worth."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from coursekit.domain.columns.assessments import match_assessments
from coursekit.domain.columns.canvas import CANVAS_INFO, is_computed, split_canvas_header
from coursekit.domain.columns.headers import norm
from coursekit.domain.columns.points import with_source_points
from coursekit.domain.import_values import ValueProblem, parse_number
from coursekit.domain.imports import AssessmentRef, ColumnMatch, RowIssue, Severity
from coursekit.domain.problems import ProblemCode
from coursekit.interchange.spreadsheet import Sheet

_POSTING_WORDS = {"manual posting", "muted"}


def cell(row: list[str], index: int | None) -> str:
    """The text at ``index``, or ``""`` for a missing column or a short row."""
    return row[index] if index is not None and index < len(row) else ""


@dataclass(frozen=True, slots=True)
class InfoColumns:
    """Positions of the student-info columns (``None``: not in the file)."""

    id: int
    name: int | None  # "Student" (sortable name); older exports: last/first instead
    last: int | None
    first: int | None
    sis: int | None
    login: int | None
    section: int | None
    end: int  # the first column after the info columns


def info_columns(header: Sequence[str]) -> InfoColumns | None:
    """The info columns, or ``None`` when the header is not a Canvas gradebook's."""
    info = {norm(h): i for i, h in enumerate(header) if norm(h) in CANVAS_INFO}
    name_col = info.get("student")
    last_col = info.get("lastname", info.get("last name"))
    first_col = info.get("firstname", info.get("first name"))
    if "id" not in info or (name_col is None and last_col is None):
        return None
    return InfoColumns(
        id=info["id"],
        name=name_col,
        last=last_col,
        first=first_col,
        sis=info.get("sis user id"),
        login=info.get("sis login id"),
        section=info.get("section"),
        end=max(info.values()) + 1,
    )


def special_rows(sheet: Sheet) -> tuple[list[str] | None, set[int]]:
    """The Points Possible row and the positions of the non-student rows."""
    points: list[str] | None = None
    skip: set[int] = set()
    for position, row in enumerate(sheet.rows[:5]):
        first = row[0].strip().casefold() if row else ""
        if first == "points possible":
            points = row
            skip.add(position)
        elif not first and any(c.strip().casefold() in _POSTING_WORDS for c in row):
            skip.add(position)
    return points, skip


@dataclass(slots=True)
class ColumnClasses:
    """The columns after the info columns, before matching."""

    candidates: list[tuple[int, str]] = field(default_factory=list)
    loose: set[int] = field(default_factory=set)  # no (id), no points: custom unless matched
    ignored: list[ColumnMatch] = field(default_factory=list)  # computed totals


def classify_columns(
    header: Sequence[str], start: int, points_row: list[str] | None
) -> tuple[ColumnClasses, list[RowIssue]]:
    """Computed totals (ignored, one notice) apart from the assignment candidates."""
    classes = ColumnClasses()
    for index in range(start, len(header)):
        title = header[index]
        points_text = cell(points_row, index).strip() if points_row else ""
        if not title:
            continue
        if "read only" in points_text.casefold() or is_computed(title):
            classes.ignored.append(ColumnMatch(index, title, None, how="computed"))
        else:
            # with or without an ``(id)`` suffix or a Points Possible value: matched by
            # the user's mapping, id, title, then a similar title; a bare column nothing
            # matches is custom
            classes.candidates.append((index, title))
            if not split_canvas_header(title)[1] and not _is_number(points_text):
                classes.loose.add(index)
    issues = []
    if any(c.how == "computed" for c in classes.ignored):
        count = sum(c.how == "computed" for c in classes.ignored)
        issues.append(
            RowIssue(
                None,
                None,
                f"{count} computed total column(s) ignored (Canvas recomputes them)",
                Severity.INFO,
                code=ProblemCode.COLUMN_UNKNOWN,
            )
        )
    return classes, issues


def match_columns(
    sheet: Sheet,
    classes: ColumnClasses,
    assessments: Sequence[AssessmentRef],
    mapping: Mapping[str, str] | None,
) -> tuple[list[ColumnMatch], list[RowIssue]]:
    """Candidates → assessments; a loose column nothing matches is custom (a notice,
    not the "no such assessment" warning)."""
    header = sheet.header
    loose = classes.loose
    matches, match_issues = match_assessments(classes.candidates, assessments, mapping)
    custom = {m.header for m in matches if m.index in loose and m.how == "unknown"}
    issues = [i for i in match_issues if not (i.column in custom and i.row == 1)]
    for header_text in sorted(custom, key=header.index):
        issues.append(
            RowIssue(
                sheet.header_row,
                header_text,
                "custom column (no assignment id, no matching title); ignored",
                Severity.INFO,
                code=ProblemCode.COLUMN_UNKNOWN,
            )
        )
    matches = [
        replace(m, how="custom") if m.index in loose and m.how == "unknown" else m for m in matches
    ]
    return matches, issues


def points_in_file(
    matches: Sequence[ColumnMatch],
    assessments: Sequence[AssessmentRef],
    points_row: list[str] | None,
    decimal_comma: bool,
) -> tuple[list[ColumnMatch], list[ColumnMatch], list[RowIssue]]:
    """The imported columns with their Points Possible, the columns not imported, and
    a warning for each column worth other points in the file than in the course."""

    def points_of(match: ColumnMatch) -> float | None:
        if points_row is None:
            return None
        try:
            return parse_number(cell(points_row, match.index), decimal_comma=decimal_comma)
        except ValueProblem:
            return None

    return with_source_points(matches, assessments, points_of, "the file")


def score_limits(
    imported: Sequence[ColumnMatch], assessments: Sequence[AssessmentRef]
) -> list[float]:
    """The points possible of each imported column: the file's, else the course's."""
    by_key = {a.key: a for a in assessments}
    return [
        m.points_in_file if m.points_in_file is not None else by_key[m.key or ""].points
        for m in imported
    ]


def _is_number(text: str) -> bool:
    try:
        parse_number(text)
    except ValueProblem:
        return False
    return True
