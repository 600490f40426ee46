"""Canvas / AWS Academy gradebook exports, real samples and every layout variant."""

from __future__ import annotations

from pathlib import Path

import pytest

from coursekit.config import Limits
from coursekit.domain.enums import ScoreStatus
from coursekit.domain.imports import AssessmentRef, RowIssue, Severity
from coursekit.interchange.canvas_gradebook import read_gradebook
from coursekit.interchange.spreadsheet import read_sheet
from support import import_files as files

DATA = Path(__file__).resolve().parent.parent / "data" / "canvas"
H2 = [AssessmentRef("15461093", "H2", 10.0)]
LABS = [AssessmentRef("101", "Lab 1", 10.0), AssessmentRef("102", "Lab 2", 20.0)]


def read(path: Path, assessments: list[AssessmentRef] = LABS):  # type: ignore[no-untyped-def]
    return read_gradebook(read_sheet(path, Limits()), assessments)


def errors(issues: list[RowIssue]) -> list[str]:
    return [str(i) for i in issues if i.severity == Severity.ERROR]


def write(tmp_path: Path, text: str, name: str = "grades.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("sample", "students", "cells"),
    [
        (
            "canvas-valid",
            3,
            [(ScoreStatus.GRADED, 2.5), (ScoreStatus.MISSING, None), (ScoreStatus.GRADED, 1.0)],
        ),
        (
            "canvas-expected",
            3,
            [(ScoreStatus.GRADED, 9.0), (ScoreStatus.GRADED, 10.0), (ScoreStatus.GRADED, 1.0)],
        ),
        ("canvas-duplicate", 2, [(ScoreStatus.GRADED, 2.5), (ScoreStatus.GRADED, 3.5)]),
    ],
)
def test_real_canvas_samples(sample: str, students: int, cells: list) -> None:  # type: ignore[type-arg]
    path = DATA / f"mylab-to-canvas-gradebook__tests__fixtures__anonymized__{sample}.csv"
    book, issues = read(path, H2)
    assert not errors(issues)
    assert len(book.students) == students
    assert [s[0] for s in book.scores] == cells
    assert [c.key for c in book.columns] == ["15461093"]
    assert book.columns[0].points_in_file == 10.0
    assert all(s.name != "Test Student" for s in book.students)
    assert book.students[0].name == "Ada Lovelace"
    assert book.students[0].sortable_name == "Lovelace, Ada"
    assert book.students[0].student_id == "9001" and book.students[0].lms_id == "11"


def test_shared_login_is_warned_and_not_used_to_match() -> None:
    path = DATA / "mylab-to-canvas-gradebook__tests__fixtures__anonymized__canvas-duplicate.csv"
    book, issues = read(path, H2)
    assert [s.login for s in book.students] == [None, None]
    assert any(i.row == 5 and "same SIS Login ID as row 4" in i.message for i in issues)


def test_aws_academy_layout_with_every_cell_kind(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        (
            "Student,ID,SIS Login ID,Section,Lab 1 (101),Lab 2 (102),Notes,Labs Current Score,"
            "Current Score,Final Grade (Fall 2026)\n"
            ",,,,Manual Posting,,,,,\n"
            "    Points Possible,,,,10.00,20.00,,(read only),(read only),(read only)\n"
            '"Doe, Jane",1001,jdoe@example.edu,Section A,8.5,EX,note,85,85,B\n'
            '"=""Eve, Evil""",1002,eve@example.edu,Section A and Section B,-,N/A,,,,\n'
            '"[/bold], Rich",1003,rich@example.edu,Section B,,25,,,,\n'
            '"Student, Test",1004,,Section A,1,1,,,,\n'
        ),
    )
    book, issues = read(path)
    assert not errors(issues)
    assert [s.name for s in book.students] == ["Jane Doe", "Evil Eve", "Rich [/bold]"]
    assert book.students[1].section == "Section A and Section B"
    assert book.scores == (
        ((ScoreStatus.GRADED, 8.5), (ScoreStatus.EXCUSED, None)),
        ((ScoreStatus.MISSING, None), (ScoreStatus.NOT_ASSIGNED, None)),
        ((ScoreStatus.MISSING, None), (ScoreStatus.GRADED, 25.0)),
    )
    assert {c.how for c in book.ignored} == {"computed", "custom"}
    above = [i for i in issues if i.severity == Severity.WARNING]
    assert [(i.row, i.column) for i in above] == [(6, "Lab 2 (102)")]
    assert "above the points possible (20)" in above[0].message
    assert any("test student" in i.message and i.row == 7 for i in issues)


def test_old_export_lastname_firstname_sis_user_id_and_cr_line_endings(tmp_path: Path) -> None:
    path = tmp_path / "old.csv"
    path.write_bytes(
        b"LastName,FirstName,ID,SIS User ID,SIS Login ID,Section,Lab 1 (101)\r"
        b"Points Possible,,,,,,10\r"
        b"Doe,Jane,1001,000042,jdoe,S1,7\r"
        b"Student,Test,1002,,,S1,1\r"
    )
    book, issues = read(path)
    assert not errors(issues)
    assert [(s.name, s.sortable_name, s.student_id) for s in book.students] == [
        ("Jane Doe", "Doe, Jane", "000042")
    ]
    assert book.scores == (((ScoreStatus.GRADED, 7.0),),)


def test_semicolons_decimal_commas_and_muted_row(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        (
            "Student;ID;SIS Login ID;Section;Lab 1 (101)\n"
            ";;;;Muted\n"
            "    Points Possible;;;;10,00\n"
            '"Doe, Jane";1001;jdoe;S1;8,75\n'
        ),
    )
    book, issues = read(path)
    assert not errors(issues)
    assert book.scores == (((ScoreStatus.GRADED, 8.75),),)


def test_xlsx_gradebook(tmp_path: Path) -> None:
    path = files.make_xlsx(
        tmp_path / "grades.xlsx",
        [
            ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "Lab 1 (101)"],
            ["    Points Possible", "", "", "", "", 10],
            ["Doe, Jane", "1001", "000042", "jdoe", "S1", 9.5],
            ["Roe, Rick", 1002, "", "rroe", "S1", "EX"],
        ],
    )
    book, issues = read(path)
    assert not errors(issues)
    assert [s.lms_id for s in book.students] == ["1001", "1002"]
    assert book.students[0].student_id == "000042"
    assert book.scores == (((ScoreStatus.GRADED, 9.5),), ((ScoreStatus.EXCUSED, None),))


def test_row_errors_name_row_and_column(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        (
            "Student,ID,SIS User ID,SIS Login ID,Section,Lab 1 (101),Lab 2 (102)\n"
            "    Points Possible,,,,,10,20\n"
            '"Doe, Jane",1001,1.23457E+11,jdoe,S1,abc,5\n'
            '"Roe, Rick",1001,00007,rroe,S1,5,5\n'
            '"Poe, Ed",x12,00008,epoe,S1,5,5\n'
        ),
    )
    _, issues = read(path)
    found = errors(issues)
    assert (
        "row 3, column 'SIS User ID': SIS User ID '1.23457E+11' was turned into scientific"
        in found[0]
    )
    assert "row 3, column 'Lab 1 (101)': 'abc' is not a score" in found[1]
    assert "row 4, column 'ID': duplicate student row (same Canvas ID as row 3)" in found[2]
    assert "row 5, column 'ID': Canvas ID must be a whole number" in found[3]


def test_not_a_gradebook_and_duplicate_headers(tmp_path: Path) -> None:
    _, issues = read(write(tmp_path, "Name,Email\nA,a@x\n", "a.csv"))
    assert "not a Canvas gradebook export" in errors(issues)[0]
    _, issues = read(write(tmp_path, "Student,ID,Section,Lab 1 (101),Lab 1 (101)\n", "b.csv"))
    assert any("duplicate column header" in e for e in errors(issues))


def test_unknown_and_fuzzy_columns_are_reported(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        (
            "Student,ID,Section,Lab One (555),Lab 2 renamed (102),Bonus (777)\n"
            "    Points Possible,,,10,20,5\n"
            '"Doe, Jane",1,S,1,2,3\n'
        ),
    )
    book, issues = read(path)
    assert [(c.header, c.key, c.how) for c in book.columns] == [
        ("Lab 2 renamed (102)", "102", "id")
    ]
    warnings = [str(i) for i in issues if i.severity == Severity.WARNING]
    assert any("'Bonus (777)': no such assessment" in w for w in warnings)
    assert any("'Lab One (555)': no such assessment" in w for w in warnings)


def test_blank_canvas_id_is_accepted_when_a_sis_user_id_is_given(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        (
            "Student,ID,SIS User ID,SIS Login ID,Section,Lab 1 (101),Lab 2 (102)\n"
            "    Points Possible,,,,,10,20\n"
            '"Doe, Jane",,00042,jdoe,S1,7,5\n'
            '"Roe, Rick",,,rroe,S1,5,5\n'
        ),
    )
    book, issues = read(path)
    assert errors(issues) == ["row 4, column 'ID': Canvas ID must be a whole number"]
    jane = book.students[0]
    assert (jane.student_id, jane.lms_id) == ("00042", None)


THREE = [
    AssessmentRef("101", "Lab 1: Build a VPC", 10.0),
    AssessmentRef("102", "Lab 2: Launch an EC2 instance", 20.0),
    AssessmentRef("103", "Knowledge check 3", 5.0),
]


def test_columns_without_id_or_points_match_by_map_title_and_fuzzy(tmp_path: Path) -> None:
    """No ``(id)`` suffix and no Points Possible row: the title, then a similar title,
    then ``--map`` still find the assessment; a column nothing matches is custom."""
    path = write(
        tmp_path,
        "Student,ID,SIS Login ID,Section,Lab 1: Build a VPC,Lab 2 - Launch an EC2 instance,"
        "Bonus sheet,Notes\n"
        '"Doe, Jane",7,jd,S1,9,18,4,late\n',
    )
    book, issues = read_gradebook(read_sheet(path, Limits()), THREE, {"Bonus sheet": "103"})
    assert [(c.header, c.key, c.how) for c in book.columns] == [
        ("Lab 1: Build a VPC", "101", "title"),
        ("Lab 2 - Launch an EC2 instance", "102", "fuzzy"),
        ("Bonus sheet", "103", "mapped"),
    ]
    assert [(c.header, c.how) for c in book.ignored] == [("Notes", "custom")]
    assert book.scores[0] == (
        (ScoreStatus.GRADED, 9.0),
        (ScoreStatus.GRADED, 18.0),
        (ScoreStatus.GRADED, 4.0),
    )
    assert [(i.column, i.severity) for i in issues if i.column] == [
        ("Lab 2 - Launch an EC2 instance", Severity.WARNING),  # fuzzy: check it
        ("Notes", Severity.INFO),
    ]
