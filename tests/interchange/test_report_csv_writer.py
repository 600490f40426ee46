"""The csv report writer and the Canvas gradebook export: every field quoted, text
cells formula-escaped (reversibly), numbers left as numbers, owner-only files."""

from __future__ import annotations

import csv
import stat
from pathlib import Path

import pytest

from coursekit.domain.cell_safety import FORMULA_TRIGGERS, unescape
from coursekit.domain.report_model import Column, ColumnType, Report, Role, Sheet
from coursekit.interchange.canvas_export import (
    CanvasAssignment,
    CanvasScore,
    CanvasStudent,
    write_canvas_csv,
)
from coursekit.interchange.report_csv import format_number, write_csv
from support.hostile_text import FORMULA_INJECTIONS

INJECTIONS = [
    *FORMULA_INJECTIONS,
    "\n=3+3",
    "＋1",
    "＠x",
    "'already quoted",
    "  =spaced",
]


def read_raw(path: Path) -> tuple[str, list[list[str]]]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        text = fh.read()
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return text, list(csv.reader(fh))


def sample(names: list[str]) -> Report:
    columns = (
        Column("name", "Student", role=Role.NAME),
        Column("id", "Student ID", role=Role.STUDENT_ID),
        Column("score", "Score", ColumnType.NUMBER),
        Column("delta", "Change", ColumnType.NUMBER),
    )
    rows = [(name, f"0{i:04d}", 12.5 + i, -2.0) for i, name in enumerate(names)]
    return Report("t", "t", (Sheet("All", columns, rows),), "All")


def test_text_cells_are_escaped_and_unescape_to_the_original(tmp_path: Path) -> None:
    out = write_csv(sample(INJECTIONS), tmp_path / "r.csv")
    _, rows = read_raw(out)
    assert rows[0] == ["Student", "Student ID", "Score", "Change"]
    names = [row[0] for row in rows[1:]]
    for name in names:
        assert name.startswith("'")
        assert name.lstrip(" ")[:1] not in FORMULA_TRIGGERS
    assert [unescape(n) for n in names] == INJECTIONS
    assert [row[1] for row in rows[1:3]] == ["00000", "00001"]  # leading zeros kept


def test_numbers_stay_numbers_and_every_field_is_quoted(tmp_path: Path) -> None:
    out = write_csv(sample(["Ada"]), tmp_path / "r.csv")
    text, rows = read_raw(out)
    assert rows[1] == ["Ada", "00000", "12.5", "-2"]  # -2 the number is not escaped
    lines = text.split("\r\n")[:-1]
    assert lines[1] == '"Ada","00000","12.5","-2"'
    assert all(line.startswith('"') and line.endswith('"') for line in lines)
    assert stat.S_IMODE(out.stat().st_mode) == 0o600


@pytest.mark.parametrize(
    ("value", "text"), [(27.0, "27"), (8.5, "8.5"), (8.333, "8.33"), (-0.001, "0"), (3, "3")]
)
def test_number_format(value: float, text: str) -> None:
    assert format_number(value) == text


def test_canvas_export_layout(tmp_path: Path) -> None:
    assignments = [CanvasAssignment("12345", "Lab 1", 10), CanvasAssignment("67890", "=Quiz", 5)]
    students = [
        CanvasStudent(
            "Doe, Jane",
            "1001",
            "000123",
            "jdoe@example.edu",
            "Section A",
            [CanvasScore(8.5), CanvasScore(None, "excused")],
            85.0,
            85.0,
            "B",
        ),
        CanvasStudent(
            '=HYPERLINK("http://x","y")',
            "1002",
            "000124",
            "x@example.edu",
            "A",
            [CanvasScore(None, "not_assigned"), None],
            None,
            None,
            None,
        ),
    ]
    out = write_canvas_csv(assignments, students, tmp_path / "canvas.csv")
    text, rows = read_raw(out)
    assert rows[0] == [
        "Student",
        "ID",
        "SIS User ID",
        "SIS Login ID",
        "Section",
        "Lab 1 (12345)",
        "'=Quiz (67890)",
        "Current Score",
        "Final Score",
        "Final Grade",
    ]
    assert rows[1] == [
        "    Points Possible",
        "",
        "",
        "",
        "",
        "10",
        "5",
        "(read only)",
        "(read only)",
        "(read only)",
    ]
    assert rows[2] == [
        "Doe, Jane",
        "1001",
        "000123",
        "jdoe@example.edu",
        "Section A",
        "8.5",
        "EX",
        "85",
        "85",
        "B",
    ]
    assert rows[3][0] == '\'=HYPERLINK("http://x","y")'
    assert rows[3][5:7] == ["N/A", ""]
    assert all(line.startswith('"') for line in text.split("\r\n")[:-1])
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
