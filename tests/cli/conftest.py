"""CLI fixtures: a database with one COMP529 student, for the engine command tests; the
CLI on a SQLite file holding COMP529 (``comp529_cli``), for the end-to-end command tests."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import insert, select
from typer.testing import CliRunner

from coursekit.cli import app, support
from coursekit.config import Settings, default_syllabi_dir, sqlite_url
from coursekit.db import models as m
from coursekit.services.context import ServiceContext
from coursekit.services.courses import init_course

COMP529 = Path(__file__).resolve().parents[2] / "syllabi" / "comp529-cloud-computing.toml"


@pytest.fixture
def db_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """One student (0042): two scores, two credit snapshots, one practice attempt."""
    url = sqlite_url(tmp_path / "cli.sqlite3")
    monkeypatch.setenv("COURSEKIT_DB", url)
    monkeypatch.setenv("COURSEKIT_DATA_DIR", str(tmp_path))
    monkeypatch.setattr(support.options, "db", None)
    ctx = ServiceContext.open(Settings(url, tmp_path, default_syllabi_dir(), actor="tester"))
    init_course(ctx, COMP529)
    with ctx.transaction() as s:
        course_id = s.execute(select(m.Course.id)).scalar_one()
        ids = dict(s.execute(select(m.Assessment.key, m.Assessment.id)).all())
        student = m.Student(student_id="0042", name="Ada Lovelace", sortable_name="Lovelace, Ada")
        s.add(student)
        s.flush()
        enrollment = m.Enrollment(course_id=course_id, student_pk=student.id, section="A")
        s.add(enrollment)
        s.flush()
        s.execute(
            insert(m.Score),
            [
                {
                    "enrollment_id": enrollment.id,
                    "assessment_id": ids["1937901"],
                    "points": 27.0,
                    "status": "graded",
                },
                {
                    "enrollment_id": enrollment.id,
                    "assessment_id": ids["1939002"],
                    "points": 10.0,
                    "status": "graded",
                },
            ],
        )
        s.execute(
            insert(m.CreditEvent),
            [
                {
                    "enrollment_id": enrollment.id,
                    "at": datetime(2026, 9, d, tzinfo=UTC),
                    "kind": "usage_snapshot",
                    "amount_usd": usd,
                    "source": "t",
                }
                for d, usd in ((20, 10.0), (29, 28.0))
            ],
        )
        s.execute(
            insert(m.PracticeAttempt),
            [
                {
                    "enrollment_id": enrollment.id,
                    "exam_code": "SAA-C03",
                    "taken_at": datetime(2026, 9, 28, tzinfo=UTC),
                    "percent": 50.0,
                    "questions": 65,
                    "minutes": 130.0,
                    "domain_percents": {},
                },
            ],
        )
    ctx.close()
    return url


@pytest.fixture
def comp529_cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., tuple[int, str]]:
    """``run(*args)`` → (exit code, output) of ``coursekit ARGS`` on a SQLite file in which
    ``coursekit init`` has made COMP529 (no students yet)."""
    monkeypatch.setenv("COURSEKIT_DB", str(tmp_path / "ck.sqlite3"))
    runner = CliRunner()

    def run(*args: str) -> tuple[int, str]:
        result = runner.invoke(app, list(args))
        return result.exit_code, result.output

    assert run("init", str(COMP529))[0] == 0
    return run
