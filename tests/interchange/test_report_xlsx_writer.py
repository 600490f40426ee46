"""The xlsx report writer: layout read back with openpyxl, and no formula or link ever
comes out of a student's name."""

from __future__ import annotations

import re
import stat
import zipfile
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from coursekit.domain.report_model import (
    CellRule,
    Chart,
    ColorScale,
    Column,
    ColumnType,
    Report,
    Role,
    Series,
    Sheet,
    TextRule,
)
from coursekit.interchange import report_xlsx
from coursekit.interchange.report_xlsx import write_xlsx
from support.hostile_text import FORMULA_INJECTIONS

INJECTIONS = [
    *FORMULA_INJECTIONS,
    "http://example.com/phish",
    "mailto:a@b.c",
    "<r><t>raw</t></r>",
    '<r></r></is></c><c r="Z9"><f>1+1</f></c><c><is><r></r>',
]


def sample_report(names: list[str]) -> Report:
    columns = (
        Column("name", "Student", role=Role.NAME),
        Column("id", "Student ID", role=Role.STUDENT_ID),
        Column("section", "Section", role=Role.SECTION),
        Column("score", "Score %", ColumnType.PERCENT),
        Column("status", "Status"),
        Column("due", "Due", ColumnType.DATE),
    )
    rows = [
        (
            name,
            f"00{i:03d}",
            "A" if i % 2 else "B",
            50.0 + i,
            "ok" if i % 2 else "late",
            date(2026, 12, 1),
        )
        for i, name in enumerate(names)
    ]
    students = Sheet(
        "All",
        columns,
        rows,
        conditional_formats=(
            ColorScale(("score",), min_value=0, max_value=100),
            CellRule(("score",), "<", 60, "#FFC7CE"),
            TextRule(("status",), "late", "#FFEB9C"),
        ),
    )
    summary = Sheet(
        "Summary",
        (
            Column("section", "Section"),
            Column("n", "Students", ColumnType.INTEGER),
            Column("mean", "Mean %", ColumnType.PERCENT),
        ),
        [("A", 6, 71.5), ("B", 5, 64.25)],
        per_student=False,
        group_size="n",
        suppress=("mean",),
        charts=(
            Chart("column", "Mean by section", "Summary", "section", (Series("Mean %", "mean"),)),
        ),
    )
    return Report(
        "test",
        "Test report",
        (students, summary),
        main_sheet="All",
        meta=(("course", "=cmd|' /C calc'!A0"),),
    )


def excel_text(value: str) -> str:
    """Decode the ``_xHHHH_`` escapes Excel (not openpyxl) applies to inline strings."""
    return re.sub(r"_x([0-9A-F]{4})_", lambda m: chr(int(m.group(1), 16)), value)


def sheet_xml(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(path) as archive:
        return {
            name: archive.read(name).decode("utf-8")
            for name in archive.namelist()
            if name.startswith("xl/worksheets/sheet")
        }


def test_layout_values_formats_and_charts(tmp_path: Path) -> None:
    out = write_xlsx(sample_report(["Ada", "Grace", "Alan"]), tmp_path / "r.xlsx")
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["All", "Summary", "About"]
    ws = wb["All"]
    assert [c.value for c in ws[1]] == [
        "Student",
        "Student ID",
        "Section",
        "Score %",
        "Status",
        "Due",
    ]
    assert [c.value for c in ws[2]][:5] == ["Ada", "00000", "B", 50.0, "late"]
    assert ws["B2"].data_type == "s"  # ids keep their leading zeros as text
    assert ws["D2"].number_format == "0.0"
    assert ws["F2"].is_date and ws["F2"].number_format == "yyyy-mm-dd"
    assert ws.freeze_panes == "B2"
    assert ws.auto_filter.ref == "A1:F4"
    rules = {r.type for cf in ws.conditional_formatting for r in cf.rules}
    assert rules == {"colorScale", "cellIs"}
    ranges = {str(cf.sqref) for cf in ws.conditional_formatting}
    assert ranges == {"D2:D4", "E2:E4"}
    summary = wb["Summary"]
    assert len(summary._charts) == 1
    about = {row[0]: row[1] for row in wb["About"].iter_rows(min_row=2, values_only=True)}
    assert about["report"] == "Test report"
    assert about["course"] == "=cmd|' /C calc'!A0"


def test_injected_names_are_plain_strings(tmp_path: Path) -> None:
    out = write_xlsx(sample_report(INJECTIONS), tmp_path / "evil.xlsx")
    for name, xml in sheet_xml(out).items():
        assert not re.search(r"<f[ >]", xml), name
        assert "<hyperlink" not in xml, name
    with zipfile.ZipFile(out) as archive:
        assert not [n for n in archive.namelist() if "externalLink" in n]
        rels = [n for n in archive.namelist() if n.startswith("xl/worksheets/_rels/")]
        for rel in rels:
            assert "hyperlink" not in archive.read(rel).decode()
    wb = openpyxl.load_workbook(out)
    got = sorted(excel_text(r[0]) for r in wb["All"].iter_rows(min_row=2, values_only=True))
    assert got == sorted(INJECTIONS)
    for row in wb["All"].iter_rows(min_row=2):
        assert row[0].data_type == "s"
        assert row[0].hyperlink is None


def test_control_characters_are_removed(tmp_path: Path) -> None:
    out = write_xlsx(sample_report(["Bad\x00Name\x07", "Tab\tKept"]), tmp_path / "c.xlsx")
    names = [
        r[0] for r in openpyxl.load_workbook(out)["All"].iter_rows(min_row=2, values_only=True)
    ]
    assert names == ["BadName", "Tab\tKept"]


def test_file_is_owner_only_and_replaces_atomically(tmp_path: Path) -> None:
    target = tmp_path / "r.xlsx"
    target.write_bytes(b"old")
    target.chmod(0o644)
    write_xlsx(sample_report(["Ada"]), target)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert zipfile.is_zipfile(target)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.xlsx"]


def test_a_failed_write_leaves_the_old_file(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "r.xlsx"
    target.write_bytes(b"previous report")

    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(report_xlsx._Writer, "_about", boom)
    with pytest.raises(RuntimeError):
        write_xlsx(sample_report(["Ada"]), target)
    assert target.read_bytes() == b"previous report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.xlsx"]


def test_score_markers_in_number_columns_stay_text(tmp_path: Path) -> None:
    sheet = Sheet(
        "All",
        (Column("id", "ID", role=Role.STUDENT_ID), Column("lab", "Lab", ColumnType.NUMBER)),
        [("1", 27.5), ("2", "EX"), ("3", None), ("4", float("nan"))],
    )
    out = write_xlsx(Report("t", "t", (sheet,), "All"), tmp_path / "m.xlsx")
    values = [
        r[1] for r in openpyxl.load_workbook(out)["All"].iter_rows(min_row=2, values_only=True)
    ]
    assert values == [27.5, "EX", None, None]


def test_progress_counts_every_row(tmp_path: Path) -> None:
    seen: list[int] = []
    write_xlsx(
        sample_report([f"S{i}" for i in range(5)]), tmp_path / "p.xlsx", progress=seen.append
    )
    assert sum(seen) == 5 + 2
