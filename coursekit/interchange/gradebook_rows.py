"""One student row of a Canvas gradebook export: who it is (name, Canvas ID, SIS User
ID, login, section) and its score cells, each problem a row issue."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from coursekit.domain.enums import ScoreStatus
from coursekit.domain.import_values import (
    ValueProblem,
    check_id,
    clean_text,
    format_points,
    names_from_parts,
    names_from_sortable,
    parse_score,
)
from coursekit.domain.imports import ColumnMatch, RowIssue, ScoreCell, Severity, StudentRecord
from coursekit.domain.problems import ProblemCode
from coursekit.interchange.gradebook_columns import InfoColumns, cell

TEST_STUDENTS = {"student, test", "test student"}
_KNOWN_CELLS = 100_000  # distinct cell texts remembered (a gradebook has a few thousand)
_MISSING: ScoreCell = (ScoreStatus.MISSING, None)


@dataclass(slots=True)
class IdentityReader:
    """Reads the info cells of each row; remembers the ids seen to find duplicate rows."""

    header: Sequence[str]
    cols: InfoColumns
    seen_ids: dict[str, int] = field(default_factory=dict)
    seen_sis: dict[str, int] = field(default_factory=dict)

    def read(self, row: list[str], number: int) -> tuple[StudentRecord | None, list[RowIssue]]:
        """The row's student (``None``: the test student, skipped) and its problems."""
        named, issues = self._name(row, number)
        if named is None:
            return None, issues
        name, sortable = named
        lms_id = cell(row, self.cols.id).strip()
        issues += self._lms_id_issues(row, number, lms_id)
        sis, sis_issues = self._sis(row, number)
        issues += sis_issues
        login = clean_text(cell(row, self.cols.login))[0] or None
        section_col = self.cols.section
        section = clean_text(cell(row, section_col))[0] if section_col is not None else None
        student = StudentRecord(
            row=number,
            student_id=sis,
            lms_id=lms_id or None,
            login=login,
            email=login if login and "@" in login else None,
            name=name,
            sortable_name=sortable,
            section=section,
        )
        return student, issues

    def _name(self, row: list[str], number: int) -> tuple[tuple[str, str] | None, list[RowIssue]]:
        header, name_col, last_col = self.header, self.cols.name, self.cols.last
        issues = []
        if name_col is not None:
            raw_name, dirty = clean_text(cell(row, name_col))
            if raw_name.casefold() in TEST_STUDENTS:
                return None, [_test_student_skipped(number)]
            name, sortable = names_from_sortable(raw_name)
        else:
            last, dirty_last = clean_text(cell(row, last_col))
            first, dirty_first = clean_text(cell(row, self.cols.first))
            if (last.casefold(), first.casefold()) == ("student", "test"):
                return None, [_test_student_skipped(number)]
            name, sortable = names_from_parts(first, last)
            dirty = dirty_last or dirty_first
        if dirty:
            issues.append(
                RowIssue(
                    number,
                    header[name_col if name_col is not None else last_col or 0],
                    "control characters removed from the name",
                    Severity.WARNING,
                    code=ProblemCode.READ_AS,
                )
            )
        if not name:
            issues.append(
                RowIssue(
                    number, header[name_col or 0], "no student name", code=ProblemCode.MISSING_VALUE
                )
            )
        return (name, sortable), issues

    def _lms_id_issues(self, row: list[str], number: int, lms_id: str) -> list[RowIssue]:
        sis_col = self.cols.sis
        has_sis = sis_col is not None and bool(cell(row, sis_col).strip())
        issues = []
        if not lms_id and has_sis:
            pass  # Canvas matches by SIS User ID when the Canvas ID is blank
        elif not lms_id.isascii() or not lms_id.isdigit():
            issues.append(
                RowIssue(
                    number, "ID", "Canvas ID must be a whole number", code=ProblemCode.INVALID_VALUE
                )
            )
        elif len(lms_id) > 19:  # Canvas ids are 64-bit; the column holds 64 characters
            issues.append(
                RowIssue(
                    number,
                    "ID",
                    "Canvas ID is too long (over 19 digits)",
                    code=ProblemCode.INVALID_VALUE,
                )
            )
        elif lms_id in self.seen_ids:
            issues.append(
                RowIssue(
                    number,
                    "ID",
                    f"duplicate student row (same Canvas ID as row {self.seen_ids[lms_id]})",
                    code=ProblemCode.DUPLICATE_ROW,
                )
            )
        if lms_id:
            self.seen_ids.setdefault(lms_id, number)
        return issues

    def _sis(self, row: list[str], number: int) -> tuple[str | None, list[RowIssue]]:
        sis_col, seen_sis = self.cols.sis, self.seen_sis
        if sis_col is None or not cell(row, sis_col).strip():
            return None, []
        issues = []
        sis = None
        try:
            sis = check_id(cell(row, sis_col), "SIS User ID")
        except ValueProblem as exc:
            issues.append(
                RowIssue(number, self.header[sis_col], str(exc), code=ProblemCode.INVALID_VALUE)
            )
        if sis is not None and sis in seen_sis:
            issues.append(
                RowIssue(
                    number,
                    self.header[sis_col],
                    f"duplicate student row (same SIS User ID as row {seen_sis[sis]})",
                    code=ProblemCode.DUPLICATE_ROW,
                )
            )
        if sis is not None:
            seen_sis.setdefault(sis, number)
        return sis, issues


def read_scores(
    row: list[str],
    number: int,
    imported: Sequence[ColumnMatch],
    limits: Sequence[float],
    decimal_comma: bool,
    known: dict[str, ScoreCell],
) -> tuple[tuple[ScoreCell, ...], list[RowIssue]]:
    """The row's score cells, aligned with ``imported``; a cell that is not a score is
    an error (and missing), one outside 0..points possible a warning. ``known`` (one per
    file: cell text -> its score) lets each distinct text be parsed once."""
    cells: list[ScoreCell] = []
    issues = []
    for match, limit in zip(imported, limits, strict=True):
        index = match.index
        text = row[index] if index < len(row) else ""
        if not text:
            cells.append(_MISSING)
            continue
        cell = known.get(text)
        if cell is not None:
            points = cell[1]
            if points is None or 0 <= points <= limit + 0.005:
                cells.append(cell)
                continue
        try:
            status, points = cell or parse_score(text, decimal_comma=decimal_comma)
        except ValueProblem:
            shown = text.strip()[:20]
            issues.append(
                RowIssue(
                    number,
                    match.header,
                    f"{shown!r} is not a score (a number, EX, N/A, - or blank)",
                    code=ProblemCode.INVALID_VALUE,
                )
            )
            cells.append(_MISSING)
            continue
        if points is not None and (points > limit + 0.005 or points < 0):
            issues.append(
                RowIssue(
                    number,
                    match.header,
                    f"{format_points(points)} is "
                    f"{'above' if points > 0 else 'below'} the points possible "
                    f"({format_points(limit)})",
                    Severity.WARNING,
                    code=ProblemCode.INVALID_VALUE,
                )
            )
        cell = (status, points)
        cells.append(known.setdefault(text, cell) if len(known) < _KNOWN_CELLS else cell)
    return tuple(cells), issues


def _login_rows(students: list[StudentRecord]) -> dict[str, list[int]]:
    rows: dict[str, list[int]] = {}
    for student in students:
        if student.login:
            rows.setdefault(student.login.casefold(), []).append(student.row)
    return {login: found for login, found in rows.items() if len(found) > 1}


def shared_logins(students: list[StudentRecord]) -> list[RowIssue]:
    """A warning on every later row that repeats an earlier row's SIS Login ID."""
    issues = []
    for found in _login_rows(students).values():
        for row in found[1:]:
            issues.append(
                RowIssue(
                    row,
                    "SIS Login ID",
                    f"same SIS Login ID as row {found[0]}; not used to match these students",
                    Severity.WARNING,
                    code=ProblemCode.DUPLICATE_ROW,
                )
            )
    return issues


def drop_shared_logins(students: list[StudentRecord]) -> list[StudentRecord]:
    """A login two rows share identifies neither: it is dropped from both."""
    shared = _login_rows(students)
    if not shared:
        return students
    return [
        replace(s, login=None, email=None) if s.login and s.login.casefold() in shared else s
        for s in students
    ]


def _test_student_skipped(row: int) -> RowIssue:
    """Canvas's "Test Student" (the student view's account) is never imported."""
    return RowIssue(row, None, "test student skipped", Severity.INFO, code=ProblemCode.ROW_SKIPPED)
