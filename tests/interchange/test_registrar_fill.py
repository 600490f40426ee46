"""``coursekit report final-grades --into``: the registrar's own workbook filled, everything
else kept (checked cell by cell after reopening it), and the refusals."""

from __future__ import annotations

import stat
import zipfile
from copy import copy
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.styles import Font, PatternFill, Protection
from openpyxl.worksheet.datavalidation import DataValidation
from sqlmodel import select
from typer.testing import CliRunner

from coursekit.cli import app, support
from coursekit.db import models as m
from coursekit.services.context import ServiceError
from coursekit.services.reporting.registrar import fill_final_grades
from support import report_seed as seed_module

REPO = Path(__file__).resolve().parents[2]

# Overrides set on the 12 active students (seed order) and the letters COMP529's scheme
# gives them (A ≥ 93, A- ≥ 90, B+ ≥ 87, B ≥ 83, B- ≥ 80, C+ ≥ 77, C ≥ 73).
OVERRIDES = [95.0, 91.0, 88.0, 85.0, 81.0, 78.0, 75.0, 93.0, 90.5, 87.25, 83.0, 80.0]
LETTERS = ["A", "A-", "B+", "B", "B-", "C+", "C", "A", "A-", "B+", "B", "B-"]
IDS = [sid for sid, *_ in seed_module.STUDENTS]
LIST = ["A", "A-", "B+", "B", "B-", "C+", "C", "C-", "D", "F"]
FIRST = 4  # first data row of the template


@pytest.fixture
def course(course_ctx: Any) -> Any:
    seed_module.seed(course_ctx)
    with course_ctx.transaction() as session:
        rows = session.exec(
            select(m.Enrollment, m.Student).join(m.Student, m.Student.id == m.Enrollment.student_pk)
        ).all()
        by_id = {s.student_id: e for e, s in rows}
        for sid, pct in zip(IDS, OVERRIDES, strict=True):
            by_id[sid].override_percent = pct
    return course_ctx


def build_template(path: Path, *, validation: str = "list", lock_grades: bool = False) -> Path:
    """A registrar-style workbook: a merged title, headers in row 3, ids (some stored as
    numbers), a validated grade column, a formula column, a protected sheet, two more
    sheets. Rows: the first 11 active students (the 12th is missing), an unknown id and
    the dropped student."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Final Grades"
    ws["A1"] = "Registrar — Fall 2026 — COMP529"
    ws["A1"].font = Font(bold=True, size=14)
    ws.merge_cells("A1:D1")
    ws["A2"] = "Enter one grade per student. Do not edit other columns."
    for col, header in enumerate(["Student ID", "Name", "Final Grade", "Points"], start=1):
        cell = ws.cell(row=3, column=col, value=header)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="FFDDEEFF")
    rows = [*IDS[:11], "99999999", seed_module.DROPPED[0]]
    for i, sid in enumerate(rows):
        r = FIRST + i
        ws.cell(row=r, column=1, value=int(sid) if i % 2 else sid)  # numbers lose nothing here
        ws.cell(row=r, column=2, value=f"Name {i}")
        grade = ws.cell(row=r, column=3)
        grade.protection = Protection(locked=lock_grades)
        grade.fill = PatternFill("solid", fgColor="FFFFFFCC")
        ws.cell(row=r, column=4, value=f'=IFERROR(VLOOKUP(C{r},Lists!$A$1:$B$10,2,FALSE),"")')
        ws.cell(row=r, column=4).number_format = "0.0"
    last = FIRST + len(rows) - 1
    if validation == "list":
        dv = DataValidation(type="list", formula1="Lists!$A$1:$A$10", allow_blank=True)
    elif validation == "short-list":
        dv = DataValidation(type="list", formula1='"A,A-,B+,B"', allow_blank=True)
    else:
        dv = DataValidation(
            type="decimal", operator="between", formula1="0", formula2="100", allow_blank=True
        )
    dv.add(f"C{FIRST}:C{last}")
    ws.add_data_validation(dv)
    ws.column_dimensions["B"].width = 30
    ws.protection.sheet = True
    ws.protection.password = "registrar"
    lists = wb.create_sheet("Lists")
    for i, letter in enumerate(LIST, start=1):
        lists.cell(row=i, column=1, value=letter)
        lists.cell(row=i, column=2, value=max(0.0, 4.0 - 0.33 * (i - 1)))
    notes = wb.create_sheet("Instructions")
    notes["A1"] = "Upload this file to the registrar portal unchanged."
    notes["A1"].font = Font(italic=True)
    wb.save(path)
    return path


def _style(cell: Any) -> tuple[Any, ...]:
    """A cell's formatting as plain values (openpyxl hands out proxies)."""
    return (
        copy(cell.font),
        copy(cell.fill),
        copy(cell.border),
        copy(cell.alignment),
        copy(cell.protection),
        cell.number_format,
    )


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def test_fill_keeps_everything_but_the_grades(course: Any, tmp_path: Path) -> None:
    template = build_template(tmp_path / "registrar.xlsx")
    before = template.read_bytes()
    out = tmp_path / "filled.xlsx"
    result = fill_final_grades(course, "COMP529", template, out)
    fill = result.fill
    assert fill.written == 11 and fill.header_row == 3 and fill.sheet == "Final Grades"
    assert fill.missing == (IDS[11],)
    assert fill.unknown_rows == ((FIRST + 11, "99999999"), (FIRST + 12, seed_module.DROPPED[0]))
    assert template.read_bytes() == before  # the template itself is never touched
    assert stat.S_IMODE(out.stat().st_mode) == 0o600

    old, new = openpyxl.load_workbook(template), openpyxl.load_workbook(out)
    assert new.sheetnames == old.sheetnames == ["Final Grades", "Lists", "Instructions"]
    for name in old.sheetnames:
        ws_old, ws_new = old[name], new[name]
        assert ws_new.max_row == ws_old.max_row and ws_new.max_column == ws_old.max_column
        for row_old, row_new in zip(ws_old.iter_rows(), ws_new.iter_rows(), strict=True):
            for a, b in zip(row_old, row_new, strict=True):
                is_grade = name == "Final Grades" and a.column == 3 and FIRST <= a.row < FIRST + 11
                if is_grade:
                    assert a.value is None
                    assert b.value == LETTERS[a.row - FIRST], b.coordinate
                else:
                    assert b.value == a.value, b.coordinate
                assert _style(b) == _style(a), b.coordinate
    ws = new["Final Grades"]
    assert ws["D4"].value == '=IFERROR(VLOOKUP(C4,Lists!$A$1:$B$10,2,FALSE),"")'  # formula kept
    assert [str(r) for r in ws.merged_cells.ranges] == ["A1:D1"]
    assert ws.protection.sheet and ws.protection.password == old["Final Grades"].protection.password
    [dv] = ws.data_validations.dataValidation
    assert (dv.type, dv.formula1, str(dv.sqref)) == ("list", "Lists!$A$1:$A$10", "C4:C16")
    assert ws.column_dimensions["B"].width == 30
    # The sheets openpyxl keeps as they are come back byte-identical in their XML.
    parts_old, parts_new = _parts(template), _parts(out)
    for part in ("xl/worksheets/sheet2.xml", "xl/worksheets/sheet3.xml", "xl/styles.xml"):
        assert parts_new[part] == parts_old[part], part


def test_percent_against_a_decimal_validation(course: Any, tmp_path: Path) -> None:
    template = build_template(tmp_path / "registrar.xlsx", validation="decimal")
    out = tmp_path / "filled.xlsx"
    fill_final_grades(course, "COMP529", template, out, what="percent")
    ws = openpyxl.load_workbook(out)["Final Grades"]
    assert [ws.cell(row=FIRST + i, column=3).value for i in range(11)] == OVERRIDES[:11]


def test_out_of_bounds_percent_is_refused(course: Any, tmp_path: Path) -> None:
    with course.transaction() as session:
        first = session.exec(select(m.Student).where(m.Student.student_id == IDS[2])).one()
        enrollment = session.exec(
            select(m.Enrollment).where(m.Enrollment.student_pk == first.id)
        ).one()
        enrollment.override_percent = 105.0  # extra credit: legal in coursekit, not here
    template = build_template(tmp_path / "registrar.xlsx", validation="decimal")
    out = tmp_path / "filled.xlsx"
    with pytest.raises(ServiceError, match=r"row 6, column C: 105 is outside") as err:
        fill_final_grades(course, "COMP529", template, out, what="percent")
    assert "nothing written" in str(err.value)
    assert not out.exists()


def test_letter_outside_the_sheets_list_is_refused(course: Any, tmp_path: Path) -> None:
    template = build_template(tmp_path / "registrar.xlsx", validation="short-list")
    out = tmp_path / "filled.xlsx"
    with pytest.raises(ServiceError) as err:
        fill_final_grades(course, "COMP529", template, out)
    # seed row 5 (index 4) gets B-, the first letter not in "A,A-,B+,B"
    assert "row 8, column C: 'B-' is not in the sheet's list (A, A-, B+, B)" in str(err.value)
    assert "(and 2 more)" in str(err.value)  # C+ and C; the 12th student (B-) is not listed
    assert not out.exists()


def test_filled_cells_need_force(course: Any, tmp_path: Path) -> None:
    template = build_template(tmp_path / "registrar.xlsx")
    first = tmp_path / "first.xlsx"
    fill_final_grades(course, "COMP529", template, first)
    again = tmp_path / "again.xlsx"
    with pytest.raises(ServiceError, match=r"row 4, column C: already holds a value"):
        fill_final_grades(course, "COMP529", first, again)
    assert not again.exists()
    fill_final_grades(course, "COMP529", first, again, force=True)
    assert openpyxl.load_workbook(again)["Final Grades"]["C4"].value == "A"


def test_locked_grade_cells_on_a_protected_sheet_are_refused(course: Any, tmp_path: Path) -> None:
    template = build_template(tmp_path / "registrar.xlsx", lock_grades=True)
    with pytest.raises(ServiceError, match="locked on a protected sheet"):
        fill_final_grades(course, "COMP529", template, tmp_path / "out.xlsx")


def test_other_refusals(course: Any, tmp_path: Path) -> None:
    template = build_template(tmp_path / "registrar.xlsx")
    with pytest.raises(ServiceError, match="not over the template"):
        fill_final_grades(course, "COMP529", template, template)
    with pytest.raises(ServiceError, match="no sheet 'Grades'"):
        fill_final_grades(course, "COMP529", template, tmp_path / "o.xlsx", sheet="Grades")
    with pytest.raises(ServiceError, match="no header row"):
        fill_final_grades(
            course, "COMP529", template, tmp_path / "o.xlsx", grade_column="Registrar grade"
        )
    fake = tmp_path / "fake.xlsx"
    fake.write_bytes(b"not a zip at all")
    with pytest.raises(ServiceError, match=r"fake.xlsx: not a valid xlsx"):
        fill_final_grades(course, "COMP529", fake, tmp_path / "o.xlsx")
    with pytest.raises(ServiceError, match="what is one of letter, percent") as refused:
        fill_final_grades(course, "COMP529", template, tmp_path / "o.xlsx", what="gpa")
    assert refused.value.field == "what"


def test_cli_lists_missing_and_unknown(
    course: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(support.options, "db", None)
    monkeypatch.setenv("COURSEKIT_DB", course.settings.db_url)
    monkeypatch.setenv("COURSEKIT_DATA_DIR", str(course.settings.data_dir))
    root = app  # the real ``coursekit`` app (the composition root)
    template = build_template(tmp_path / "registrar.xlsx")
    out = tmp_path / "filled.xlsx"
    args = ["report", "final-grades", "--into", str(template), "--out", str(out)]
    result = CliRunner().invoke(root, [*args, "--grade-column", "final grade"])
    assert result.exit_code == 0, result.output
    assert f"wrote 11 grades into sheet 'Final Grades': {out}" in result.output
    assert f"not in the sheet: {IDS[11]} Edsger Dijkstra" in result.output
    assert "row 15: 99999999 is not a student of the course" in result.output
    again = ["report", "final-grades", "--into", str(out), "-o", str(tmp_path / "x.xlsx")]
    refused = CliRunner().invoke(root, again)
    assert refused.exit_code == 2
    assert "already holds a value" in refused.output and "Traceback" not in refused.output
