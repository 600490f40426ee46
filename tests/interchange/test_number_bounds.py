"""Numbers and dates a course cannot hold are row errors at import (issue 16): a score of
1e30 used to import with a warning and then break every grades view; a year-0001 date
with an offset raised OverflowError."""

from __future__ import annotations

from pathlib import Path

import pytest

from coursekit.config import Limits
from coursekit.domain.import_values import ValueProblem, parse_datetime, parse_score, same_points
from coursekit.domain.imports import AssessmentRef, RowIssue, Severity
from coursekit.interchange.canvas_gradebook import read_gradebook
from coursekit.interchange.credit_reader import read_credits
from coursekit.interchange.practice_reader import read_practice
from coursekit.interchange.spreadsheet import read_sheet
from coursekit.interchange.syllabus_toml import load_exams

EXAMS = load_exams(Path(__file__).resolve().parents[2] / "syllabi" / "exams")
LABS = [AssessmentRef("101", "Lab 1", 10.0)]


def errors(issues: list[RowIssue]) -> list[str]:
    return [str(i) for i in issues if i.severity == Severity.ERROR]


def write(tmp_path: Path, text: str, name: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("score", ["1e30", "1.8e306", "-1e7", "1000001"])
def test_a_score_no_course_can_hold_is_a_row_error(tmp_path: Path, score: str) -> None:
    path = write(
        tmp_path,
        f'Student,ID,Section,Lab 1 (101)\n"Doe, Jane",1,S,{score}\n"Roe, Rick",2,S,7\n',
        "g.csv",
    )
    book, issues = read_gradebook(read_sheet(path, Limits()), LABS)
    assert errors(issues) == [
        f"row 2, column 'Lab 1 (101)': {score!r} is not a score (a number, EX, N/A, - or blank)"
    ]
    assert book.scores[1][0][1] == 7.0


def test_the_bound_itself_is_accepted() -> None:
    assert parse_score("1000000")[1] == 1_000_000.0
    assert parse_score("-1000000")[1] == -1_000_000.0
    with pytest.raises(ValueProblem, match="beyond"):
        parse_score("1000000.01")


def test_huge_credit_spend_is_a_row_error(tmp_path: Path) -> None:
    path = write(tmp_path, "Student ID,Date,Spent\n1,2026-09-01,1e308\n2,2026-09-01,3\n", "c.csv")
    credits, issues = read_credits(read_sheet(path, Limits()))
    assert errors(issues) == ["row 2, column 'Spent': '1e308' is not an amount in USD"]
    assert [r.spent_usd for r in credits.records] == [3.0]


@pytest.mark.parametrize("when", ["0001-01-01T00:00:00+05:00", "9999-12-31T23:59:59-05:00"])
def test_extreme_dates_with_an_offset_are_row_errors(tmp_path: Path, when: str) -> None:
    path = write(tmp_path, f"Student ID,Date,Spent\n1,{when},2\n", "c.csv")
    _, issues = read_credits(read_sheet(path, Limits()))
    assert len(errors(issues)) == 1 and "a date outside 1970–2100" in errors(issues)[0]
    path = write(tmp_path, f"Student ID,Exam,Date,Score\n1,SAA-C03,{when},700\n", "p.csv")
    _, issues = read_practice(read_sheet(path, Limits()), EXAMS, "SAA-C03")
    assert len(errors(issues)) == 1 and "a date outside 1970–2100" in errors(issues)[0]


def test_dates_at_the_edges() -> None:
    assert parse_datetime("1970-01-01").year == 1970
    assert parse_datetime("2100-12-31T10:00:00+01:00").day == 31
    with pytest.raises(ValueProblem):
        parse_datetime("Jan 01, 1969")


def test_same_points_on_values_stored_before_the_bounds() -> None:
    assert same_points(1.8e306, 1.8e306) and not same_points(1.8e306, 1.0)
    assert same_points(float("inf"), float("inf"))
