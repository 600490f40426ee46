"""The CLI skeleton: fast help, init/courses, db path/backup, one-line errors."""

from __future__ import annotations

import json
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from coursekit.cli import app

REPO = Path(__file__).resolve().parents[2]
COMP529 = REPO / "syllabi" / "comp529-cloud-computing.toml"


@pytest.fixture
def runner(tmp_path, monkeypatch) -> CliRunner:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("COURSEKIT_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("COURSEKIT_DB", raising=False)
    return CliRunner()


def test_help_does_not_import_pandas_or_textual() -> None:
    code = (
        "import sys\n"
        "from coursekit.cli import main\n"
        "sys.argv = ['coursekit', '--help']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "names = ('pandas', 'textual', 'openpyxl', 'sqlmodel')\n"
        "heavy = sorted(m for m in names if m in sys.modules)\n"
        "print('HEAVY=' + ','.join(heavy))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True
    )
    assert "Usage" in out.stdout
    assert "HEAVY=\n" in out.stdout


def test_init_is_idempotent_and_courses_lists_it(runner, tmp_path) -> None:  # type: ignore[no-untyped-def]
    first = runner.invoke(app, ["init", str(COMP529)])
    assert first.exit_code == 0, first.output
    assert "created COMP529" in first.output and "35 assessments added" in first.output
    second = runner.invoke(app, ["init", str(COMP529)])
    assert "updated COMP529" in second.output and "35 unchanged" in second.output
    listing = runner.invoke(app, ["courses", "--json"])
    courses = json.loads(listing.output)
    assert [c["code"] for c in courses] == ["COMP529"]
    assert courses[0]["assessments"] == 35
    assert stat.S_IMODE((tmp_path / "coursekit.sqlite3").stat().st_mode) == 0o600


def test_db_url_option_selects_database(runner, tmp_path) -> None:  # type: ignore[no-untyped-def]
    other = tmp_path / "other.sqlite3"
    assert runner.invoke(app, ["--db", str(other), "init", str(COMP529)]).exit_code == 0
    assert runner.invoke(app, ["--db", str(other), "db", "path"]).output.strip() == str(other)
    # the default database was never created: refused, not silently made (issue 16)
    result = runner.invoke(app, ["courses", "--json"])
    assert result.exit_code == 2 and "no database there" in result.output
    assert json.loads(runner.invoke(app, ["--db", str(other), "courses", "--json"]).output)


def test_backup_is_owner_only(runner, tmp_path) -> None:  # type: ignore[no-untyped-def]
    runner.invoke(app, ["init", str(COMP529)])
    result = runner.invoke(app, ["db", "backup", "--out", str(tmp_path / "b.sqlite3")])
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE((tmp_path / "b.sqlite3").stat().st_mode) == 0o600


def test_bad_syllabus_is_one_line_error_without_traceback(runner, tmp_path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "bad.toml"
    bad.write_text(COMP529.read_text().replace('exam = "SAA-C03"', 'exam = "XYZ-C01"'))
    result = runner.invoke(app, ["init", str(bad)])
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("error: bad.toml:") and "course.exam" in lines[0]
    assert "Traceback" not in result.output


def test_unknown_course_is_one_line_error(runner) -> None:  # type: ignore[no-untyped-def]
    runner.invoke(app, ["init", str(COMP529)])
    result = runner.invoke(app, ["roster", "--course", "NOPE"])
    assert result.exit_code == 2
    assert result.output.strip() == "error: no course 'NOPE' (see `coursekit courses`)"
