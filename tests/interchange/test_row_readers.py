"""University rosters, credit-usage sheets and practice-exam results."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from coursekit.config import Limits
from coursekit.domain.enums import EnrollmentStatus
from coursekit.domain.imports import RowIssue, Severity
from coursekit.domain.problems import HintKind, ProblemCode
from coursekit.interchange.credit_reader import read_credits
from coursekit.interchange.practice_reader import read_practice
from coursekit.interchange.roster_reader import read_roster
from coursekit.interchange.spreadsheet import read_sheet
from coursekit.interchange.syllabus_toml import load_exams
from support import import_files as files

EXAMS = load_exams(Path(__file__).resolve().parents[2] / "syllabi" / "exams")


def errors(issues: list[RowIssue]) -> list[str]:
    return [str(i) for i in issues if i.severity == Severity.ERROR]


def sheet(path: Path):  # type: ignore[no-untyped-def]
    return read_sheet(path, Limits())


def test_roster_xlsx_with_leading_zeros_and_synonyms(tmp_path: Path) -> None:
    path = files.make_xlsx(
        tmp_path / "roster.xlsx",
        [
            ["Student Number", "First Name", "Last Name", "Email", "Section", "Status"],
            ["000123", "Zoë", "Müller", "zoe@example.edu", "S1", "Enrolled"],
            ["004560", "Ana\x07", "García", "not-an-email", "S2", "Withdrawn"],
        ],
    )
    roster, issues = read_roster(sheet(path))
    assert not errors(issues)
    first, second = roster.students
    assert (first.student_id, first.name, first.sortable_name, first.email) == (
        "000123",
        "Zoë Müller",
        "Müller, Zoë",
        "zoe@example.edu",
    )
    assert first.status == EnrollmentStatus.ACTIVE and second.status == EnrollmentStatus.DROPPED
    assert second.email is None
    warnings = [str(i) for i in issues if i.severity == Severity.WARNING]
    assert "row 3: control characters removed from the name" in warnings
    assert "row 3, column 'Email': not an email address; ignored" in warnings


def test_roster_one_name_column_and_mapping(tmp_path: Path) -> None:
    path = files.write_csv(
        tmp_path / "r.csv",
        [
            ["Matric", "Full Name", "Group"],
            ["0042", "Lovelace, Ada", "A"],
            ["0043", "Grace Hopper", "B"],
        ],
    )
    roster, issues = read_roster(sheet(path), {"Matric": "student_id"})
    assert not errors(issues)
    assert [(s.student_id, s.name, s.sortable_name, s.section) for s in roster.students] == [
        ("0042", "Ada Lovelace", "Lovelace, Ada", "A"),
        ("0043", "Grace Hopper", "Hopper, Grace", "B"),
    ]


def test_roster_bad_rows(tmp_path: Path) -> None:
    path = files.write_csv(
        tmp_path / "r.csv",
        [["Student ID", "Name"], ["1.23457E+11", "A"], ["7", "B"], ["7", "C"], ["", "D"]],
    )
    _, issues = read_roster(sheet(path))
    assert errors(issues) == [
        "row 2, column 'Student ID': student id '1.23457E+11' was turned into scientific notation "
        "by a spreadsheet program; the original digits are lost (format the column as Text and "
        "export again)",
        "row 4, column 'Student ID': duplicate student row (same id as row 3)",
        "row 5, column 'Student ID': no student id",
    ]
    _, issues = read_roster(sheet(files.write_csv(tmp_path / "s.csv", [["Name"], ["A"]])))
    assert errors(issues) == ["row 1: missing required column: student_id"]
    assert [(i.code, i.field, i.hint) for i in issues] == [
        (ProblemCode.COLUMN_MISSING, "student_id", HintKind.MAP_COLUMN)
    ]


def test_credits_with_mixed_dates_and_decimal_commas(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text(
        "Student ID;Email;Date;Spent (USD);Budget (USD)\n"
        "0042;;2026-09-14;1,50;100\n"
        ";ada@example.edu;46280;$2,75;100,00\n"
        "0042;;9/20/2026;3;\n",
        encoding="utf-8",
    )
    credits, issues = read_credits(sheet(path))
    assert not errors(issues)
    assert [
        (r.row, r.at.date().isoformat(), r.spent_usd, r.budget_usd) for r in credits.records
    ] == [
        (2, "2026-09-14", 1.5, 100.0),
        (3, "2026-09-15", 2.75, 100.0),
        (4, "2026-09-20", 3.0, None),
    ]
    assert credits.records[1].student.email == "ada@example.edu"


def test_credit_row_errors(tmp_path: Path) -> None:
    path = files.write_csv(
        tmp_path / "c.csv",
        [
            ["Student ID", "Date", "Spent"],
            ["1", "yesterday", "2"],
            ["1", "2026-09-01", "-3"],
            ["", "2026-09-01", "1"],
            ["1", "2026-09-02", "4"],
            ["1", "2026-09-02", "5"],
        ],
    )
    _, issues = read_credits(sheet(path))
    assert errors(issues) == [
        "row 2, column 'Date': 'yesterday': not a date (use YYYY-MM-DD)",
        "row 3, column 'Spent': an amount cannot be negative",
        "row 4, column 'Student ID': no student id or email",
        "row 6, column 'Date': duplicate row (same student and date as row 5)",
    ]


def test_practice_results_scaled_percent_and_domains(tmp_path: Path) -> None:
    path = files.make_xlsx(
        tmp_path / "p.xlsx",
        [
            [
                "Student ID",
                "Exam",
                "Date",
                "Score",
                "Domain 1",
                "Design Resilient Architectures (%)",
                "D3",
                "4",
                "Minutes",
                "Questions",
            ],
            ["0042", "saa-c03", datetime(2026, 10, 1), 780, 70, 80.5, "", 65, 110, 65],
            ["0042", "SAA-C03", "2026-10-08", 72.5, "", "", "", "", "", ""],
        ],
    )
    practice, issues = read_practice(sheet(path), EXAMS, "SAA-C03")
    assert not errors(issues)
    first, second = practice.records
    assert (first.exam_code, first.scaled_score, first.percent) == ("SAA-C03", 780.0, None)
    assert first.domain_percents == (("1", 70.0), ("2", 80.5), ("4", 65.0))
    assert (first.minutes, first.questions) == (110.0, 65)
    assert first.taken_at == datetime(2026, 10, 1, tzinfo=UTC)
    assert (second.percent, second.scaled_score) == (72.5, None)


def test_practice_without_exam_column_uses_the_course_exam(tmp_path: Path) -> None:
    path = files.write_csv(
        tmp_path / "p.csv",
        [
            ["Email", "Date", "Percent"],
            ["a@x.edu", "2026-10-01", "81"],
            ["a@x.edu", "2026-10-02", "181"],
        ],
    )
    practice, issues = read_practice(sheet(path), EXAMS, "SAA-C03")
    assert [r.exam_code for r in practice.records] == ["SAA-C03"]
    assert errors(issues) == ["row 3, column 'Percent': a percentage above 100"]
    _, issues = read_practice(sheet(path), EXAMS, None)
    assert any("missing required column: exam" in e for e in errors(issues))


def test_practice_unknown_exam_and_bad_numbers(tmp_path: Path) -> None:
    path = files.write_csv(
        tmp_path / "p.csv",
        [
            ["Student ID", "Exam", "Date", "Score", "Domain 9"],
            ["1", "XYZ-C01", "2026-10-01", "70", ""],
            ["1", "SAA-C03", "2026-10-01", "1200", ""],
            ["1", "SAA-C03", "2026-10-02", "70", "50"],
        ],
    )
    _, issues = read_practice(sheet(path), EXAMS, None)
    assert errors(issues) == [
        "row 2, column 'Exam': unknown exam code 'XYZ-C01'",
        "row 3, column 'Score': 1200 is outside 0–1000",
    ]
    assert any(i.row == 4 and "has no domain 9" in i.message for i in issues)
