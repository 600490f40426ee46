"""The pieces of the Canvas gradebook reader whose rules are worth pinning on their own:
which rows are not students, which columns are computed or custom, and when a blank
Canvas ID is acceptable."""

from __future__ import annotations

from coursekit.domain.imports import Severity
from coursekit.interchange.gradebook_columns import classify_columns, info_columns, special_rows
from coursekit.interchange.gradebook_rows import IdentityReader
from coursekit.interchange.spreadsheet import Sheet

HEADER = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]


def sheet(rows: list[list[str]]) -> Sheet:
    return Sheet("grades.csv", HEADER, rows, list(range(2, 2 + len(rows))), "0" * 64)


def test_special_rows_are_found_by_content_in_the_first_five_rows_only() -> None:
    rows = [
        ["", "", "", "", "Manual Posting"],
        ["Lovelace, Ada", "1", "", "", ""],
        ["   Points Possible", "", "", "", "10"],
        ["Turing, Alan", "2", "", "", "muted"],  # a name in column A: a student
        ["Hopper, Grace", "3", "", "", ""],
        ["Points Possible", "", "", "", "99"],  # sixth row: a (badly named) student
    ]
    points, skip = special_rows(sheet(rows))
    assert points == rows[2]
    assert skip == {0, 2}


def test_read_only_points_mark_a_computed_column_and_bare_titles_are_loose() -> None:
    header = [*HEADER, "Lab 1 (101)", "Lab 2", "Bonus", "Quiz", "Current Score", ""]
    points_row = ["Points Possible", "", "", "", "", "10", "(read only)", "", "5", "", ""]
    classes, issues = classify_columns(header, 5, points_row)
    assert classes.candidates == [(5, "Lab 1 (101)"), (7, "Bonus"), (8, "Quiz")]
    assert classes.loose == {7}  # no (id), no points: custom unless something matches it
    assert [(c.index, c.how) for c in classes.ignored] == [(6, "computed"), (9, "computed")]
    assert [(i.message, i.severity) for i in issues] == [
        ("2 computed total column(s) ignored (Canvas recomputes them)", Severity.INFO)
    ]


def test_a_blank_canvas_id_is_accepted_only_beside_a_sis_user_id() -> None:
    cols = info_columns(HEADER)
    assert cols is not None
    reader = IdentityReader(HEADER, cols)
    with_sis, issues = reader.read(["Lovelace, Ada", "", "S1", "ada", "A"], 2)
    assert with_sis is not None and with_sis.lms_id is None and with_sis.student_id == "S1"
    assert issues == []
    _, issues = reader.read(["Turing, Alan", "", "", "alan", "A"], 3)
    assert [(i.row, i.column, i.message) for i in issues] == [
        (3, "ID", "Canvas ID must be a whole number")
    ]


def test_a_header_without_id_and_name_columns_is_not_a_gradebook() -> None:
    assert info_columns(["Student", "SIS User ID", "Lab 1 (101)"]) is None
    assert info_columns(["ID", "Section"]) is None
    cols = info_columns(["LastName", "FirstName", "ID", "Section", "Lab 1 (101)"])
    assert cols is not None and (cols.last, cols.first, cols.id, cols.end) == (0, 1, 2, 4)
