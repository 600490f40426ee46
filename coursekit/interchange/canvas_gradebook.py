"""Canvas / AWS Academy gradebook exports → ``GradebookFile`` + row issues.

Layout (see shared/reference/canvas-gradebook.md): ``Student, ID, [SIS User ID,]
SIS Login ID, [Integration ID,] [Root Account,] Section`` (older exports:
``LastName, FirstName``), assignment columns ``Title (id)``, computed totals that
are never imported, an optional ``Manual Posting``/``Muted`` row and the
``Points Possible`` row, both found by content; the test student is dropped.
The columns are read by ``gradebook_columns``, each student row by ``gradebook_rows``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from coursekit.domain.columns.headers import duplicate_headers
from coursekit.domain.imports import (
    AssessmentRef,
    ColumnMatch,
    GradebookFile,
    RowIssue,
    ScoreCell,
    Severity,
    StudentRecord,
)
from coursekit.domain.problems import ProblemCode
from coursekit.interchange.gradebook_columns import (
    InfoColumns,
    classify_columns,
    info_columns,
    match_columns,
    points_in_file,
    score_limits,
    special_rows,
)
from coursekit.interchange.gradebook_rows import (
    IdentityReader,
    drop_shared_logins,
    read_scores,
    shared_logins,
)
from coursekit.interchange.spreadsheet import Sheet


def read_gradebook(
    sheet: Sheet,
    assessments: Sequence[AssessmentRef],
    mapping: Mapping[str, str] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[GradebookFile, list[RowIssue]]:
    issues = list(sheet.issues) + duplicate_headers(sheet.header)
    cols = info_columns(sheet.header)
    if cols is None:
        issues.append(
            RowIssue(
                sheet.header_row,
                None,
                "not a Canvas gradebook export: the first "
                "columns must be 'Student' (or LastName/FirstName) and 'ID'",
                code=ProblemCode.COLUMN_MISSING,
            )
        )
        return GradebookFile((), (), ()), issues
    points_row, skip = special_rows(sheet)
    classes, class_issues = classify_columns(sheet.header, cols.end, points_row)
    matches, match_issues = match_columns(sheet, classes, assessments, mapping)
    imported, not_imported, points_issues = points_in_file(
        matches, assessments, points_row, sheet.decimal_comma
    )
    issues += class_issues + match_issues + points_issues
    students, scores, row_issues = _read_rows(
        sheet, cols, skip, imported, score_limits(imported, assessments), progress
    )
    issues += row_issues
    issues.extend(shared_logins(students))
    students = drop_shared_logins(students)
    if not students:
        issues.append(
            RowIssue(
                None,
                None,
                "no student rows in the file",
                Severity.WARNING,
                code=ProblemCode.NO_ROWS,
            )
        )
    ignored = tuple(classes.ignored + not_imported)
    return GradebookFile(tuple(imported), tuple(students), tuple(scores), ignored), issues


def _read_rows(
    sheet: Sheet,
    cols: InfoColumns,
    skip: set[int],
    imported: Sequence[ColumnMatch],
    limits: Sequence[float],
    progress: Callable[[int, int], None] | None,
) -> tuple[list[StudentRecord], list[tuple[ScoreCell, ...]], list[RowIssue]]:
    """Every student row (the special rows in ``skip`` passed over)."""
    identities = IdentityReader(sheet.header, cols)
    students: list[StudentRecord] = []
    scores: list[tuple[ScoreCell, ...]] = []
    issues: list[RowIssue] = []
    known: dict[str, ScoreCell] = {}  # cell text -> its score: each distinct text parsed once
    total = len(sheet.rows)
    for position, row in enumerate(sheet.rows):
        if position in skip:
            continue
        number = sheet.row_numbers[position]
        if progress is not None and position % 1000 == 0:
            progress(position, total)
        student, identity_issues = identities.read(row, number)
        issues += identity_issues
        if student is None:
            continue
        students.append(student)
        cells, cell_issues = read_scores(row, number, imported, limits, sheet.decimal_comma, known)
        issues += cell_issues
        scores.append(cells)
    return students, scores, issues
