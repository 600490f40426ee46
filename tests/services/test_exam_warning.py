"""``coursekit readiness`` warns when the course's exam retires before the course ends."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from coursekit.cli import app, support
from coursekit.services.courses import init_course
from coursekit.services.views.readiness import exam_warning

SYLLABUS = Path(__file__).resolve().parents[2] / "syllabi" / "comp529-cloud-computing.toml"


def _course_on(tmp_path: Path, exam: str) -> Path:
    text = SYLLABUS.read_text(encoding="utf-8").replace('exam = "SAA-C03"', f'exam = "{exam}"')
    path = tmp_path / f"comp529-{exam}.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_current_exam_no_warning(course_ctx: Any) -> None:
    assert exam_warning(course_ctx, "COMP529") is None


def test_retired_exam_warns_in_service_and_cli(
    ctx: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    init_course(ctx, _course_on(tmp_path, "MLS-C01"))  # retired 2026-03-31, course ends 12-18
    text = exam_warning(ctx, "COMP529")
    assert text is not None and text.startswith("MLS-C01 retired on 2026-03-31")
    monkeypatch.setattr(support.options, "db", None)
    monkeypatch.setenv("COURSEKIT_DB", ctx.settings.db_url)
    monkeypatch.setenv("COURSEKIT_DATA_DIR", str(tmp_path))
    result = CliRunner().invoke(app, ["readiness", "--course", "COMP529", "--json"])
    assert result.exit_code == 0, result.output
    assert "warning: MLS-C01 retired on 2026-03-31" in result.stderr
    assert result.stdout.strip() == "[]"  # JSON on stdout stays parseable
