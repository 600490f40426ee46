"""``coursekit report …``: files written, one-line errors, fast help."""

from __future__ import annotations

import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import typer
from typer.testing import CliRunner

from coursekit.cli import app, support
from support import report_seed as seed_module

REPO = Path(__file__).resolve().parents[2]
AS_OF = "2026-11-20T12:00:00+00:00"


@pytest.fixture
def cli(course_ctx: Any, monkeypatch: pytest.MonkeyPatch) -> typer.Typer:
    seed_module.seed(course_ctx)
    monkeypatch.setattr(support.options, "db", None)  # another test's --db must not leak in
    monkeypatch.setenv("COURSEKIT_DB", course_ctx.settings.db_url)
    monkeypatch.setenv("COURSEKIT_DATA_DIR", str(course_ctx.settings.data_dir))
    return app  # the real ``coursekit`` app (the composition root)


def run(app: typer.Typer, *args: str) -> Any:
    return CliRunner().invoke(app, ["report", *args])


@pytest.mark.parametrize("kind", ["grades", "readiness", "credits", "labs", "checklists"])
def test_every_report_writes_an_owner_only_xlsx(
    cli: typer.Typer, tmp_path: Path, kind: str
) -> None:
    out = tmp_path / f"{kind}.xlsx"
    result = run(cli, kind, "--course", "COMP529", "--out", str(out), "--as-of", AS_OF)
    assert result.exit_code == 0, result.output
    assert f"wrote {kind} report: {out}" in result.output
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert openpyxl.load_workbook(out).sheetnames[-1] == "About"


def test_grades_csv_is_canvas_and_plain_on_request(cli: typer.Typer, tmp_path: Path) -> None:
    canvas = tmp_path / "canvas.csv"
    assert run(cli, "grades", "-o", str(canvas), "--as-of", AS_OF).exit_code == 0
    assert canvas.read_text(encoding="utf-8-sig").startswith(
        '"Student","ID","SIS User ID","SIS Login ID","Section",'
    )
    plain = tmp_path / "plain.csv"
    result = run(
        cli, "grades", "-o", str(plain), "--format", "plain", "--section", "B", "--anonymise"
    )
    assert result.exit_code == 0, result.output
    text = plain.read_text(encoding="utf-8-sig")
    assert text.startswith('"Student (pseudonym)","Section",')
    assert "Ada" not in text and text.count("\n") == 1 + 5


def test_user_mistakes_are_one_line_errors(cli: typer.Typer, tmp_path: Path) -> None:
    cases = [
        (["grades", "-o", str(tmp_path / "g.pdf")], ".xlsx, .csv or .md"),
        (["grades", "-o", str(tmp_path / "g.csv"), "--anonymise"], "real student ids"),
        (["grades", "-o", str(tmp_path / "g.xlsx"), "--course", "NOPE"], "no course 'NOPE'"),
        (["labs", "-o", str(tmp_path / "missing" / "l.xlsx")], "no such directory"),
        (["labs", "-o", str(tmp_path / "l.xlsx"), "--as-of", "soon"], "not an ISO 8601"),
    ]
    for args, message in cases:
        result = run(cli, *args)
        assert result.exit_code == 2, result.output
        assert message in result.output and "Traceback" not in result.output
        assert len(result.output.strip().splitlines()) == 1


def test_report_help_does_not_import_heavy_packages() -> None:
    code = (
        "import sys\n"
        "from coursekit.cli import app\n"
        "sys.argv = ['coursekit', 'report', 'grades', '--help']\n"
        "try:\n    app()\nexcept SystemExit:\n    pass\n"
        "heavy = sorted(m for m in ('pandas', 'xlsxwriter', 'openpyxl', 'sqlmodel') "
        "if m in sys.modules)\n"
        "print('HEAVY=' + ','.join(heavy))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True
    )
    assert "--anonymise" in out.stdout
    assert "HEAVY=\n" in out.stdout


def test_unknown_section_is_warned(cli: typer.Typer, tmp_path: Path) -> None:
    """Issue 16: ``--section NOPE`` wrote an empty report without a word."""
    out = tmp_path / "g.csv"
    result = run(cli, "grades", "-o", str(out), "--format", "plain", "--section", "NOPE")
    assert result.exit_code == 0, result.output
    assert "warning: no student is in section 'NOPE' (sections: 'A', 'B')" in result.output
    quiet = run(cli, "grades", "-o", str(out), "--format", "plain", "--section", "B")
    assert "warning" not in quiet.output


def test_report_through_a_symlink_is_refused(cli: typer.Typer, tmp_path: Path) -> None:
    victim = tmp_path / "notes.txt"
    victim.write_text("mine", encoding="utf-8")
    link = tmp_path / "g.csv"
    link.symlink_to(victim)
    result = run(cli, "grades", "-o", str(link))
    assert result.exit_code == 2 and "symbolic link" in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert victim.read_text(encoding="utf-8") == "mine"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".part")]
