"""Pure import rules: cell values, ids, dates, names, column synonyms, matching."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from coursekit.domain.columns.assessments import match_assessments
from coursekit.domain.columns.canvas import is_computed, split_canvas_header
from coursekit.domain.columns.field_matching import map_fields
from coursekit.domain.columns.kind import detect_kind_from_header
from coursekit.domain.enums import ImportKind, ScoreStatus
from coursekit.domain.import_values import (
    ValueProblem,
    check_id,
    clean_text,
    excel_serial_to_datetime,
    names_from_display,
    names_from_sortable,
    parse_datetime,
    parse_number,
    parse_score,
    same_points,
    score_text,
    slash_order,
)
from coursekit.domain.imports import AssessmentRef, Severity


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("8.5", (ScoreStatus.GRADED, 8.5)),
        ("0", (ScoreStatus.GRADED, 0.0)),
        ("", (ScoreStatus.MISSING, None)),
        ("-", (ScoreStatus.MISSING, None)),
        ("EX", (ScoreStatus.EXCUSED, None)),
        ("ex", (ScoreStatus.EXCUSED, None)),
        ("N/A", (ScoreStatus.NOT_ASSIGNED, None)),
        ("7.123", (ScoreStatus.GRADED, 7.12)),
    ],
)
def test_score_cells_keep_blank_distinct_from_zero(text: str, expected: tuple) -> None:
    assert parse_score(text) == expected


def test_decimal_commas_are_normalised() -> None:
    assert parse_score("8,5", decimal_comma=True) == (ScoreStatus.GRADED, 8.5)
    assert parse_number("1.234,5", decimal_comma=True) == 1234.5
    assert parse_number("1,234.5") == 1234.5
    assert parse_number("12,75") == 12.75


@pytest.mark.parametrize("text", ["abc", "nan", "inf", "8.5.1", "--"])
def test_non_numeric_scores_are_refused(text: str) -> None:
    with pytest.raises(ValueProblem):
        parse_score(text)


def test_score_text_and_two_decimal_equality() -> None:
    assert score_text("graded", 8.5) == "8.5"
    assert score_text("graded", 10.0) == "10"
    assert score_text("excused", None) == "EX"
    assert score_text("missing", None) == "-"
    assert same_points(8.501, 8.499)
    assert not same_points(8.5, 8.52)
    assert not same_points(None, 0.0)


@pytest.mark.parametrize("text", ["1.23457E+11", "1,23457E+11", "9.0e5"])
def test_ids_destroyed_by_excel_are_rejected(text: str) -> None:
    with pytest.raises(ValueProblem, match="scientific notation"):
        check_id(text)


def test_ids_keep_leading_zeros() -> None:
    assert check_id(" 000123 ") == "000123"


def test_clean_text_unwraps_formula_guard_and_strips_controls() -> None:
    assert clean_text('="=cmd, Eve"') == ("=cmd, Eve", False)
    assert clean_text("Ann\x07a\u202eB") == ("Ann a B", True)
    assert clean_text("[/bold]") == ("[/bold]", False)


def test_names() -> None:
    assert names_from_sortable("Lovelace, Ada") == ("Ada Lovelace", "Lovelace, Ada")
    assert names_from_display("Ada Lovelace") == ("Ada Lovelace", "Lovelace, Ada")
    assert names_from_sortable("Cher") == ("Cher", "Cher")


def test_excel_serial_dates_include_the_1900_leap_bug() -> None:
    assert excel_serial_to_datetime(46279).date().isoformat() == "2026-09-14"
    assert excel_serial_to_datetime(59).date().isoformat() == "1900-02-28"
    assert excel_serial_to_datetime(61).date().isoformat() == "1900-03-01"
    with pytest.raises(ValueProblem):
        excel_serial_to_datetime(60)


def test_mixed_date_column() -> None:
    order = slash_order(["2026-09-14", "46280", "9/16/2026", "09/17/2026 3:30 PM"])
    assert order == "MDY"
    assert parse_datetime("46280", order="MDY") == datetime(2026, 9, 15, tzinfo=UTC)
    assert parse_datetime("09/17/2026 3:30 PM", order="MDY") == datetime(
        2026, 9, 17, 15, 30, tzinfo=UTC
    )
    assert parse_datetime("2026-09-14T10:00:00-04:00") == datetime(2026, 9, 14, 14, tzinfo=UTC)
    assert slash_order(["14/09/2026", "03/04/2026"]) == "DMY"
    assert parse_datetime("03/04/2026", order="DMY").month == 4
    assert slash_order(["03/04/2026"]) is None  # ambiguous: caller warns, month-first
    with pytest.raises(ValueProblem, match="mixes"):
        slash_order(["14/09/2026", "09/14/2026"])
    with pytest.raises(ValueProblem):
        parse_datetime("12")  # a number that is no plausible date serial


def test_roster_synonyms_and_explicit_mapping() -> None:
    header = ["Student Number", "Given Name", "Surname", "E-mail", "Class Section", "Notes"]
    fields, _, issues = map_fields(ImportKind.ROSTER, header)
    assert fields == {"student_id": 0, "first_name": 1, "last_name": 2, "email": 3, "section": 4}
    assert [i.severity for i in issues] == [Severity.INFO]  # "Notes" ignored
    fields, _, issues = map_fields(ImportKind.ROSTER, ["Matric", "Name"], {"Matric": "student_id"})
    assert fields == {"student_id": 0, "name": 1}
    assert not issues


def test_missing_required_columns_and_duplicate_headers() -> None:
    _, _, issues = map_fields(ImportKind.ROSTER, ["Name", "Email", "Email"])
    messages = [i.message for i in issues if i.severity == Severity.ERROR]
    assert any("duplicate column header" in m for m in messages)
    assert any("missing required column: student_id" in m for m in messages)
    _, _, issues = map_fields(ImportKind.ROSTER, ["ID", "Name"], {"ID": "nonsense"})
    assert any("unknown field 'nonsense'" in i.message for i in issues)


def test_canvas_columns() -> None:
    assert split_canvas_header("Lab 1 (Part 2) (12345)") == ("Lab 1 (Part 2)", "12345")
    assert split_canvas_header("Notes") == ("Notes", None)
    assert is_computed("Current Score")
    assert is_computed("Guided labs Unposted Final Score")
    assert is_computed("Final Grade (Fall 2026)")
    assert is_computed("Override Score")
    assert not is_computed("Final exam (777)")


ASSESSMENTS = [
    AssessmentRef("1937925", "Guided lab: Creating a Virtual Private Cloud", 30),
    AssessmentRef(
        "1939005", "Module 5 Knowledge Check: Adding a Compute Layer Using Amazon EC2", 10
    ),
    AssessmentRef("1939006", "Module 6 Knowledge Check: Adding a Database Layer", 10),
]


def test_assessment_matching_by_id_title_fuzzy_and_mapping() -> None:
    columns = [
        (4, "Renamed in Canvas (1937925)"),
        (5, "Module 6 Knowledge Check: Adding a Database Layer"),
        (6, "Module 5 Knowledge Check: Adding a Compute Layer with Amazon EC2 (555)"),
        (7, "Module 7 Knowledge Check: Adding a Database Layer (556)"),
        (8, "Bonus (557)"),
    ]
    matches, issues = match_assessments(columns, ASSESSMENTS)
    how = {m.index: (m.key, m.how) for m in matches}
    assert how[4] == ("1937925", "id")
    assert how[5] == ("1939006", "title")
    assert how[6] == ("1939005", "fuzzy")
    assert how[7] == (None, "unknown")  # module numbers differ: never fuzzy-matched
    assert how[8] == (None, "unknown")
    assert sum("similar title" in i.message for i in issues) == 1
    matches, _ = match_assessments([(8, "Bonus (557)")], ASSESSMENTS, {"Bonus (557)": "1939006"})
    assert (matches[0].key, matches[0].how) == ("1939006", "mapped")


def test_two_columns_for_one_assessment_is_an_error() -> None:
    _, issues = match_assessments([(4, "A (1937925)"), (5, "B (1937925)")], ASSESSMENTS)
    assert any(i.severity == Severity.ERROR and "same assessment" in i.message for i in issues)


def test_detect_kind_from_headers() -> None:
    assert (
        detect_kind_from_header(["Student", "ID", "SIS Login ID", "Section"])
        == ImportKind.GRADEBOOK
    )
    assert (
        detect_kind_from_header(["LastName", "FirstName", "ID", "Section"]) == ImportKind.GRADEBOOK
    )
    assert (
        detect_kind_from_header(["Student ID", "Email", "Date", "Spent (USD)"])
        == ImportKind.CREDITS
    )
    assert detect_kind_from_header(["Student ID", "Exam", "Date", "Score"]) == ImportKind.PRACTICE
    assert (
        detect_kind_from_header(["Student Number", "First Name", "Last Name"]) == ImportKind.ROSTER
    )
    assert detect_kind_from_header(["foo", "bar"]) is None


def test_clean_text_undoes_our_csv_formula_guard_only() -> None:
    from coursekit.domain.import_values import clean_text

    assert clean_text("'=HYPERLINK(1)")[0] == "=HYPERLINK(1)"
    assert clean_text("''Neill")[0] == "'Neill"  # an escaped leading quote
    assert clean_text("'Neill")[0] == "'Neill"  # a real name starting with a quote stays
    assert clean_text('="=x"')[0] == "=x"  # Canvas's guard
