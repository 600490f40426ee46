"""Canvas / AWS Academy gradebook exports → ``GradebookFile`` + row issues.

Layout (see shared/reference/canvas-gradebook.md): ``Student, ID, [SIS User ID,]
SIS Login ID, [Integration ID,] [Root Account,] Section`` (older exports:
``LastName, FirstName``), assignment columns ``Title (id)``, computed totals that
are never imported, an optional ``Manual Posting``/``Muted`` row and the
``Points Possible`` row, both found by content; the test student is dropped.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace

from coursekit.domain.enums import ScoreStatus
from coursekit.domain.import_columns import (
    CANVAS_INFO,
    duplicate_headers,
    is_computed,
    match_assessments,
    norm,
    split_canvas_header,
)
from coursekit.domain.import_values import (
    ValueProblem,
    check_id,
    clean_text,
    format_points,
    names_from_parts,
    names_from_sortable,
    parse_number,
    parse_score,
)
from coursekit.domain.imports import (
    AssessmentRef,
    ColumnMatch,
    GradebookFile,
    RowIssue,
    ScoreCell,
    Severity,
    StudentRecord,
)
from coursekit.interchange.spreadsheet import Sheet

TEST_STUDENTS = {"student, test", "test student"}
_POSTING_WORDS = {"manual posting", "muted"}
_MISSING: ScoreCell = (ScoreStatus.MISSING, None)
_KNOWN_CELLS = 100_000  # distinct cell texts remembered (a gradebook has a few thousand)


def _cell(row: list[str], index: int | None) -> str:
    return row[index] if index is not None and index < len(row) else ""


def _special_rows(sheet: Sheet) -> tuple[list[str] | None, set[int]]:
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


def read_gradebook(
    sheet: Sheet,
    assessments: Sequence[AssessmentRef],
    mapping: Mapping[str, str] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[GradebookFile, list[RowIssue]]:
    header = sheet.header
    issues = list(sheet.issues) + duplicate_headers(header)
    info = {norm(h): i for i, h in enumerate(header) if norm(h) in CANVAS_INFO}
    name_col = info.get("student")
    last_col = info.get("lastname", info.get("last name"))
    first_col = info.get("firstname", info.get("first name"))
    if "id" not in info or (name_col is None and last_col is None):
        issues.append(
            RowIssue(
                sheet.header_row,
                None,
                "not a Canvas gradebook export: the first "
                "columns must be 'Student' (or LastName/FirstName) and 'ID'",
            )
        )
        return GradebookFile((), (), ()), issues
    id_col, sis_col = info["id"], info.get("sis user id")
    login_col, section_col = info.get("sis login id"), info.get("section")
    info_end = max(info.values()) + 1

    points_row, skip = _special_rows(sheet)
    candidates: list[tuple[int, str]] = []
    loose: set[int] = set()  # no (id) suffix, no points: a custom column unless matched
    ignored: list[ColumnMatch] = []
    for index in range(info_end, len(header)):
        title = header[index]
        points_text = _cell(points_row, index).strip() if points_row else ""
        if not title:
            continue
        if "read only" in points_text.casefold() or is_computed(title):
            ignored.append(ColumnMatch(index, title, None, how="computed"))
        else:
            # with or without an ``(id)`` suffix or a Points Possible value: matched by
            # --map, id, title, then a similar title; a bare column nothing matches is custom
            candidates.append((index, title))
            if not split_canvas_header(title)[1] and not _is_number(points_text):
                loose.add(index)
    if any(c.how == "computed" for c in ignored):
        count = sum(c.how == "computed" for c in ignored)
        issues.append(
            RowIssue(
                None,
                None,
                f"{count} computed total column(s) ignored (Canvas recomputes them)",
                Severity.INFO,
            )
        )
    matches, match_issues = match_assessments(candidates, assessments, mapping)
    custom = {m.header for m in matches if m.index in loose and m.how == "unknown"}
    issues.extend(i for i in match_issues if not (i.column in custom and i.row == 1))
    for header_text in sorted(custom, key=header.index):
        issues.append(
            RowIssue(
                sheet.header_row,
                header_text,
                "custom column (no assignment id, no matching title); ignored",
                Severity.INFO,
            )
        )
    matches = [
        replace(m, how="custom") if m.index in loose and m.how == "unknown" else m for m in matches
    ]
    by_key = {a.key: a for a in assessments}
    imported: list[ColumnMatch] = []
    for match in matches:
        if match.key is None:
            ignored.append(match)
            continue
        in_file = None
        if points_row is not None:
            try:
                in_file = parse_number(
                    _cell(points_row, match.index), decimal_comma=sheet.decimal_comma
                )
            except ValueProblem:
                in_file = None
        course_points = by_key[match.key].points
        if in_file is not None and abs(in_file - course_points) > 0.005:
            issues.append(
                RowIssue(
                    None,
                    match.header,
                    f"worth {format_points(in_file)} points in "
                    f"the file but {format_points(course_points)} in the course",
                    Severity.WARNING,
                )
            )
        imported.append(replace(match, points_in_file=in_file))
    limits = [
        m.points_in_file if m.points_in_file is not None else by_key[m.key or ""].points
        for m in imported
    ]

    students: list[StudentRecord] = []
    scores: list[tuple[ScoreCell, ...]] = []
    seen_ids: dict[str, int] = {}
    seen_sis: dict[str, int] = {}
    decimal_comma = sheet.decimal_comma
    known: dict[str, ScoreCell] = {}  # cell text -> its score: each distinct text parsed once
    total = len(sheet.rows)
    for position, row in enumerate(sheet.rows):
        if position in skip:
            continue
        number = sheet.row_numbers[position]
        if progress is not None and position % 1000 == 0:
            progress(position, total)
        if name_col is not None:
            raw_name, dirty = clean_text(_cell(row, name_col))
            if raw_name.casefold() in TEST_STUDENTS:
                issues.append(RowIssue(number, None, "test student skipped", Severity.INFO))
                continue
            name, sortable = names_from_sortable(raw_name)
        else:
            last, dirty_last = clean_text(_cell(row, last_col))
            first, dirty_first = clean_text(_cell(row, first_col))
            if (last.casefold(), first.casefold()) == ("student", "test"):
                issues.append(RowIssue(number, None, "test student skipped", Severity.INFO))
                continue
            name, sortable = names_from_parts(first, last)
            dirty = dirty_last or dirty_first
        if dirty:
            issues.append(
                RowIssue(
                    number,
                    header[name_col if name_col is not None else last_col or 0],
                    "control characters removed from the name",
                    Severity.WARNING,
                )
            )
        if not name:
            issues.append(RowIssue(number, header[name_col or 0], "no student name"))
        lms_id = _cell(row, id_col).strip()
        has_sis = sis_col is not None and bool(_cell(row, sis_col).strip())
        if not lms_id and has_sis:
            pass  # Canvas matches by SIS User ID when the Canvas ID is blank
        elif not lms_id.isascii() or not lms_id.isdigit():
            issues.append(RowIssue(number, "ID", "Canvas ID must be a whole number"))
        elif len(lms_id) > 19:  # Canvas ids are 64-bit; the column holds 64 characters
            issues.append(RowIssue(number, "ID", "Canvas ID is too long (over 19 digits)"))
        elif lms_id in seen_ids:
            issues.append(
                RowIssue(
                    number,
                    "ID",
                    f"duplicate student row (same Canvas ID as row {seen_ids[lms_id]})",
                )
            )
        if lms_id:
            seen_ids.setdefault(lms_id, number)
        sis = None
        if sis_col is not None and _cell(row, sis_col).strip():
            try:
                sis = check_id(_cell(row, sis_col), "SIS User ID")
            except ValueProblem as exc:
                issues.append(RowIssue(number, header[sis_col], str(exc)))
            if sis is not None and sis in seen_sis:
                issues.append(
                    RowIssue(
                        number,
                        header[sis_col],
                        f"duplicate student row (same SIS User ID as row {seen_sis[sis]})",
                    )
                )
            if sis is not None:
                seen_sis.setdefault(sis, number)
        login = clean_text(_cell(row, login_col))[0] or None
        section = clean_text(_cell(row, section_col))[0] if section_col is not None else None
        students.append(
            StudentRecord(
                row=number,
                student_id=sis,
                lms_id=lms_id or None,
                login=login,
                email=login if login and "@" in login else None,
                name=name,
                sortable_name=sortable,
                section=section,
            )
        )
        cells: list[ScoreCell] = []
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
                    )
                )
            cell = (status, points)
            cells.append(known.setdefault(text, cell) if len(known) < _KNOWN_CELLS else cell)
        scores.append(tuple(cells))
    issues.extend(_shared_logins(students))
    students = _drop_shared_logins(students)
    if not students:
        issues.append(RowIssue(None, None, "no student rows in the file", Severity.WARNING))
    return GradebookFile(tuple(imported), tuple(students), tuple(scores), tuple(ignored)), issues


def _is_number(text: str) -> bool:
    try:
        parse_number(text)
    except ValueProblem:
        return False
    return True


def _login_rows(students: list[StudentRecord]) -> dict[str, list[int]]:
    rows: dict[str, list[int]] = {}
    for student in students:
        if student.login:
            rows.setdefault(student.login.casefold(), []).append(student.row)
    return {login: found for login, found in rows.items() if len(found) > 1}


def _shared_logins(students: list[StudentRecord]) -> list[RowIssue]:
    issues = []
    for found in _login_rows(students).values():
        for row in found[1:]:
            issues.append(
                RowIssue(
                    row,
                    "SIS Login ID",
                    f"same SIS Login ID as row {found[0]}; not used to match these students",
                    Severity.WARNING,
                )
            )
    return issues


def _drop_shared_logins(students: list[StudentRecord]) -> list[StudentRecord]:
    shared = _login_rows(students)
    if not shared:
        return students
    return [
        replace(s, login=None, email=None) if s.login and s.login.casefold() in shared else s
        for s in students
    ]
