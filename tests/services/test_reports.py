"""Every report on a small known class: sheets, headers, values, charts, conditional
formats; anonymised variants; injection safety of every writer; owner-only files."""

from __future__ import annotations

import csv
import re
import stat
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from coursekit.domain.cell_safety import escape, needs_escape, unescape
from coursekit.services.context import ServiceError
from coursekit.services.reporting.reports import build_report, write_report
from support import report_seed as seed_module

NOW, STUDENTS, DROPPED = seed_module.NOW, seed_module.STUDENTS, seed_module.DROPPED
IAM = "Guided lab: Exploring AWS Identity and Access Management (IAM) (1937901)"
KINDS = ("grades", "labs", "credits", "readiness", "checklists")


@pytest.fixture
def class_ctx(course_ctx: Any) -> Any:
    seed_module.seed(course_ctx)
    return course_ctx


def write(ctx: Any, kind: str, path: Path, **kw: Any) -> Path:
    return write_report(ctx, kind, path, course="COMP529", now=NOW, **kw)


def table(ws: Any) -> list[dict[str, Any]]:
    rows = list(ws.iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def by_student(ws: Any, key: str = "Student ID") -> dict[str, dict[str, Any]]:
    return {row[key]: row for row in table(ws)}


def rule_types(ws: Any) -> set[str]:
    return {rule.type for cf in ws.conditional_formatting for rule in cf.rules}


def test_grades_xlsx(class_ctx: Any, tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(write(class_ctx, "grades", tmp_path / "g.xlsx"))
    assert wb.sheetnames == ["All", "A", "B", "Distribution", "Sections", "About"]
    ws = wb["All"]
    header = [c.value for c in ws[1]]
    assert header[:4] == ["Student", "Student ID", "Email", "Section"]
    assert IAM in header and header[-5:] == [
        "Late deductions (points)",
        "Current %",
        "Final %",
        "Override %",
        "Grade",
    ]
    rows = by_student(ws)
    assert len(rows) == 12 and DROPPED[0] not in rows
    ada, grace, edsger = rows["80497061"], rows["80507162"], rows["80527364"]
    assert ada["Student"] == "Ada Lovelace" and ada["Email"] == "s80497061@uni.example.edu"
    # By NOW 9 guided labs (30 points each) are past due and missing work counts 0:
    # Ada has 27 + 30, one zero dropped -> 57/240 of the 30 % category; challenge labs
    # and knowledge checks past due count 0; the capstone is not due (weights 30+30+15).
    assert ada[IAM] == 27 and ada["Current %"] == 9.5  # 57/240 * 30 / 75 * 100
    assert grace[IAM] == 12.5 and grace["Current %"] == 2.08  # 12.5/240 * 30 / 75 * 100
    assert edsger[IAM] == "EX"
    last = ws.cell(1, ws.max_column).column_letter
    assert ws.freeze_panes == "B2" and ws.auto_filter.ref == f"A1:{last}13"
    assert rule_types(ws) == {"colorScale", "cellIs"}
    assert ws.cell(2, header.index("Final %") + 1).number_format == "0.0"
    assert len(list(wb["A"].iter_rows(min_row=2))) == 7
    assert len(list(wb["B"].iter_rows(min_row=2))) == 5
    dist = wb["Distribution"]
    assert len(dist._charts) == 1
    assert sum(r["Students"] for r in table(dist)) == 12
    sections = {r["Section"]: r for r in table(wb["Sections"])}
    assert sections["A"]["Students"] == 7 and sections["B"]["Students"] == 5


def test_grades_for_one_section(class_ctx: Any, tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(write(class_ctx, "grades", tmp_path / "a.xlsx", section="B"))
    assert wb.sheetnames == ["All", "Distribution", "Sections", "About"]
    assert {r["Section"] for r in table(wb["All"])} == {"B"}


def test_labs_xlsx(class_ctx: Any, tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(write(class_ctx, "labs", tmp_path / "l.xlsx"))
    assert wb.sheetnames == ["Labs", "Completion", "About"]
    rows = by_student(wb["Labs"])
    sqs = "Guided lab: Building Decoupled Applications by Using Amazon SQS (1937967)"
    assert rows["80497061"][IAM] == "passed"
    assert rows["80507162"][IAM] == "overdue"  # 12.5/30 and past due
    assert rows["80527364"][IAM] == "excused"
    assert rows["80497061"][sqs] == "not started"  # due 2026-11-29
    assert rule_types(wb["Labs"]) == {"cellIs"}
    completion = {r["Key"]: r for r in table(wb["Completion"])}
    assert completion["1937901"]["Passed"] == 9 and completion["1937901"]["Students"] == 11
    assert completion["1937901"]["Completion %"] == 81.8
    assert len(wb["Completion"]._charts) == 1


def test_credits_xlsx(class_ctx: Any, tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(write(class_ctx, "credits", tmp_path / "c.xlsx"))
    assert wb.sheetnames == ["Credits", "Spend over time", "About"]
    ada = by_student(wb["Credits"])["80497061"]  # 9th student: spent 40 + 5 * 8
    assert (ada["Budget $"], ada["Spent $"], ada["Remaining $"], ada["Used %"]) == (100, 80, 20, 80)
    assert ada["Flags"].startswith("used 75")
    assert "cellIs" in rule_types(wb["Credits"])
    spend = table(wb["Spend over time"])
    assert [r["Students reporting"] for r in spend] == [12, 12, 12]
    assert spend[-1]["Class spend $"] == sum(40 + 5 * i for i in range(12))
    assert len(wb["Spend over time"]._charts) == 1


def test_readiness_xlsx(class_ctx: Any, tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(write(class_ctx, "readiness", tmp_path / "r.xlsx"))
    assert wb.sheetnames == ["Readiness", "Domains", "About"]
    ws = wb["Readiness"]
    header = [c.value for c in ws[1]]
    assert header[3] == "D1 Design Secure Architectures (mastery %)"
    assert {"Predicted score", "Status", "Weakest domains", "Next labs"} <= set(header)
    rows = by_student(ws)
    assert rows["80497061"]["Status"] == "not yet"
    assert rows["80527364"]["Status"] == "no data"  # no practice attempt
    assert rows["80497061"]["Next labs"]
    assert "colorScale" in rule_types(ws)
    domains = table(wb["Domains"])
    assert [d["Exam weight %"] for d in domains] == [30, 26, 24, 20]
    assert len(wb["Domains"]._charts) == 1


def test_checklists_xlsx_and_markdown(class_ctx: Any, tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(write(class_ctx, "checklists", tmp_path / "k.xlsx"))
    assert wb.sheetnames == ["Checklists", "Rules", "About"]
    rows = by_student(wb["Checklists"])
    first = rows["80417263"]  # CK101 done, CK201 to do, CK301 waived
    assert (first["Items"], first["To do"], first["Done"], first["Waived"]) == (3, 1, 1, 1)
    assert first["Progress %"] == 66.7 and first["Blocking to do"] == 0
    assert rows["80497061"]["Blocking to do"] == 1
    rules = {r["Rule"]: r for r in table(wb["Rules"])}
    assert rules["CK101"]["Done"] == 6 and rules["CK101"]["Students"] == 12
    assert len(wb["Rules"]._charts) == 1
    md = write(class_ctx, "checklists", tmp_path / "k.md").read_text()
    assert "## Checklists" in md and "## Rules" in md and "| CK101 | blocking | 12 |" in md


def all_text(path: Path) -> str:
    """Every cell of every sheet (xlsx) or the whole text (csv, md)."""
    if path.suffix != ".xlsx":
        return path.read_text(encoding="utf-8-sig")
    wb = openpyxl.load_workbook(path)
    return "\n".join(
        "" if v is None else str(v)
        for ws in wb.worksheets
        for row in ws.iter_rows(values_only=True)
        for v in row
    )


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("suffix", [".xlsx", ".csv", ".md"])
def test_anonymised_reports_hold_no_identity(
    class_ctx: Any, tmp_path: Path, kind: str, suffix: str
) -> None:
    out = write(
        class_ctx,
        kind,
        tmp_path / f"{kind}{suffix}",
        anonymise=True,
        fmt="plain" if suffix == ".csv" else None,
    )
    text = all_text(out)
    assert "S-" in text
    for sid, name, _, lms in [*STUDENTS, DROPPED]:
        if len(name) > 3 and name[0].isalpha():
            assert name not in text
        assert seed_module.email(sid) not in text and "uni.example.edu" not in text
        for ident in (sid, lms):
            for i in range(len(ident) - 3):
                assert ident[i : i + 4] not in text, (ident, ident[i : i + 4])


def test_anonymised_grades_hide_small_section_statistics(class_ctx: Any, tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(write(class_ctx, "grades", tmp_path / "g.xlsx", anonymise=True))
    sections = table(wb["Sections"])
    assert all(r["Mean final %"] is None for r in sections)  # 7 and 5 students
    assert sum(r["Students"] for r in table(wb["Distribution"])) == 12  # class of 12 stays
    assert [c.value for c in wb["All"][1]][:2] == ["Student (pseudonym)", "Section"]


def test_pseudonyms_are_stable_only_when_asked(class_ctx: Any, tmp_path: Path) -> None:
    def names(**kw: Any) -> list[str]:
        report = build_report(class_ctx, "grades", course="COMP529", now=NOW, anonymise=True, **kw)
        return sorted(r[0] for r in report.sheet("All").rows)

    assert names() != names()
    out1 = write(
        class_ctx, "grades", tmp_path / "1.csv", anonymise=True, fmt="plain", stable_pseudonyms=True
    )
    out2 = write(
        class_ctx, "grades", tmp_path / "2.csv", anonymise=True, fmt="plain", stable_pseudonyms=True
    )
    assert out1.read_text() == out2.read_text()
    keys = list(class_ctx.settings.data_dir.glob("pseudonym-*.key"))
    assert len(keys) == 1 and stat.S_IMODE(keys[0].stat().st_mode) == 0o600


INJECTED = [name for _, name, _, _ in STUDENTS[:8]]


@pytest.mark.parametrize("kind", KINDS)
def test_xlsx_never_holds_formulas_or_links(class_ctx: Any, tmp_path: Path, kind: str) -> None:
    out = write(class_ctx, kind, tmp_path / f"{kind}.xlsx")
    with zipfile.ZipFile(out) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/sheet"):
                xml = archive.read(name).decode()
                assert not re.search(r"<f[ >]", xml), name
                assert "<hyperlink" not in xml
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    names = {
        ws.cell(r, 1).value
        for ws in openpyxl.load_workbook(out).worksheets[:1]
        for r in range(2, ws.max_row + 1)
    }
    decoded = {re.sub(r"_x000D_", "\r", n) for n in names}
    assert set(INJECTED) <= decoded


@pytest.mark.parametrize(("kind", "fmt"), [(k, "plain") for k in KINDS] + [("grades", None)])
def test_csv_cells_are_escaped(class_ctx: Any, tmp_path: Path, kind: str, fmt: str | None) -> None:
    out = write(class_ctx, kind, tmp_path / f"{kind}.csv", fmt=fmt)
    with open(out, encoding="utf-8-sig", newline="") as fh:
        text = fh.read()
        fh.seek(0)
        rows = list(csv.reader(fh))
    records = text.split("\r\n")[:-1]
    assert all(r.startswith('"') and r.endswith('"') for r in records if r.count('"') % 2 == 0)
    names = [row[0] for row in rows[1:]]
    assert set(INJECTED) <= {unescape(n) for n in names}
    for name in names:
        original = unescape(name)
        if original in INJECTED:
            assert name == (escape(original) if needs_escape(original) else original)
    assert stat.S_IMODE(out.stat().st_mode) == 0o600


def test_user_mistakes_are_one_line_errors(class_ctx: Any, tmp_path: Path) -> None:
    cases = [
        (dict(kind="marks", out=tmp_path / "x.xlsx"), "unknown report"),
        (dict(kind="grades", out=tmp_path / "x.pdf"), ".xlsx, .csv or .md"),
        (dict(kind="grades", out=tmp_path / "x.csv", anonymise=True), "real student ids"),
        (dict(kind="labs", out=tmp_path / "x.csv", fmt="canvas"), "grades report"),
        (dict(kind="grades", out=tmp_path / "x.xlsx", fmt="plain"), ".csv output only"),
        (dict(kind="grades", out=tmp_path / "nope" / "x.xlsx"), "no such directory"),
    ]
    for kwargs, message in cases:
        with pytest.raises(ServiceError, match=re.escape(message)):
            write_report(class_ctx, course="COMP529", now=NOW, **kwargs)
    assert list(tmp_path.iterdir()) == [tmp_path / "coursekit.sqlite3"] or all(
        p.name.startswith("coursekit.sqlite3") for p in tmp_path.iterdir()
    )


def test_report_totals_match_the_grade_engine(class_ctx: Any) -> None:
    from coursekit.services.views.grades import grade_rows

    report = build_report(class_ctx, "grades", course="COMP529", now=NOW)
    sheet = report.sheet("All")
    idx = {c.key: i for i, c in enumerate(sheet.columns)}
    got = {
        r[idx["student_id"]]: (r[idx["current"]], r[idx["final"]], r[idx["letter"]])
        for r in sheet.rows
    }
    expected = seed_module.HAND_GRADES
    assert got == expected
    engine = {
        g.student.student_id: (g.grade.current_percent, g.grade.final_percent, g.grade.letter)
        for g in grade_rows(class_ctx, "COMP529", now=NOW)
    }
    assert engine == expected


@pytest.mark.postgres
def test_every_report_builds_on_postgresql(pg_ctx: Any, tmp_path: Path) -> None:
    from coursekit.services.courses import init_course

    init_course(
        pg_ctx, Path(__file__).resolve().parents[2] / "syllabi" / "comp529-cloud-computing.toml"
    )
    seed_module.seed(pg_ctx)
    for kind in KINDS:
        report = build_report(pg_ctx, kind, course="COMP529", now=NOW)
        assert len(report.sheet(report.main_sheet).rows) == 12
    rows = by_student(
        openpyxl.load_workbook(write(pg_ctx, "checklists", tmp_path / "k.xlsx"))["Checklists"]
    )
    assert rows["80417263"]["Progress %"] == 66.7


@pytest.mark.parametrize("kind", KINDS)
def test_markdown_renders_names_as_plain_text(class_ctx: Any, tmp_path: Path, kind: str) -> None:
    from markdown_it import MarkdownIt

    out = write(class_ctx, kind, tmp_path / f"{kind}.md")
    html = MarkdownIt("gfm-like", {"linkify": True}).enable("table").render(out.read_text())
    assert "<a " not in html and "<r>" not in html and "<script" not in html
    assert "=HYPERLINK(&quot;http://x&quot;,&quot;y&quot;)" in html
    assert "&lt;r&gt;&lt;t&gt;raw&lt;/t&gt;&lt;/r&gt;" in html
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
