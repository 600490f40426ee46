"""``coursekit grades|labs|credits|readiness|nudges``: tables, JSON, one-line errors."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
import typer
from sqlalchemy import insert, select
from typer.testing import CliRunner

from coursekit.cli import engine as commands
from coursekit.cli import support
from coursekit.config import Settings, default_syllabi_dir, sqlite_url
from coursekit.db import models as m
from coursekit.services.context import ServiceContext
from coursekit.services.courses import init_course

COMP529 = Path(__file__).resolve().parents[2] / "syllabi" / "comp529-cloud-computing.toml"
AS_OF = "2026-09-29T12:00:00+00:00"
NAMES = ("grades", "labs", "credits", "readiness", "nudges")


def engine_app() -> typer.Typer:
    """The real ``coursekit`` app once the commands are registered there, else a local one."""
    from coursekit.cli import app

    registered = {
        c.name or (c.callback.__name__ if c.callback else "") for c in app.registered_commands
    }
    if set(NAMES) <= registered:
        return app
    local = typer.Typer()
    for name in NAMES:
        local.command()(getattr(commands, name))
    return local


@pytest.fixture
def db_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
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


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(engine_app(), list(args), env={"COLUMNS": "250"})
    return result.exit_code, result.output


def test_grades_table_and_json(db_url: str) -> None:
    code, out = run("grades", "--course", "COMP529", "--as-of", AS_OF)
    assert code == 0, out
    assert "Ada Lovelace" in out and "0042" in out
    code, out = run("grades", "--json", "--as-of", AS_OF)
    (row,) = json.loads(out)
    # Current: GL 27/30 (×30) + KC 10/10 (×15) + KC 1939003 missing → 0 … the missing-work
    # policy grades past-due work 0, CL 1938004 (due 09-28) missing → 0:
    # GL 27/30 = .9 ×30 = 27; CL 0/45 ×30 = 0; KC keeps best of 10/10, 0/10, 0/10 → 1.0 ×15;
    # (27 + 0 + 15) / 75 = 56.00.
    assert row["student_id"] == "0042" and row["current_percent"] == 56.0
    assert row["categories"]["Knowledge checks"]["dropped_current"] == ["1939003", "1939004"]


def test_labs_credits_readiness_nudges(db_url: str) -> None:
    code, out = run("labs", "--json", "--as-of", AS_OF)
    data = json.loads(out)
    assert data["students"][0]["passed"] == 1 and data["students"][0]["overdue"] == 1
    assert data["labs"][0]["rate"] == 1.0

    code, out = run("credits", "--json", "--as-of", AS_OF)
    (credit,) = json.loads(out)
    assert credit["spent"] == 28.0 and credit["burn_per_day"] == pytest.approx(2.0)
    assert "runs_out_before_close" in credit["flags"]

    code, out = run("readiness", "--exam", "SAA-C03", "--as-of", AS_OF)
    assert code == 0 and "not_yet" in out and "SAA-C03" in out

    code, out = run("nudges", "--json", "--as-of", AS_OF, "--behind", "1")
    (nudge,) = json.loads(out)
    assert nudge["behind"] == 1 and nudge["overdue"] == ["1938004"]
    code, out = run("nudges", "--as-of", AS_OF, "--section", "B")
    assert code == 0 and "Ada" not in out


def test_user_mistakes_are_one_line_errors(db_url: str) -> None:
    code, out = run("grades", "--course", "NOPE")
    assert code == 2 and out.strip() == "error: no course 'NOPE' (see `coursekit courses`)"
    code, out = run("credits", "--as-of", "yesterday")
    assert code == 2 and out.strip().startswith("error: --as-of: 'yesterday'")
    code, out = run("readiness", "--exam", "XYZ-C01")
    assert code == 2 and out.strip() == "error: unknown exam code 'XYZ-C01'"
    code, out = run("nudges", "--behind", "0")
    assert code == 2 and "Traceback" not in out


def test_grades_explain_agrees_with_the_grade(db_url: str) -> None:
    code, out = run("grades", "--json", "--as-of", AS_OF)
    (row,) = json.loads(out)
    code, out = run("grades", "--explain", "0042", "--json", "--as-of", AS_OF)
    assert code == 0, out
    ex = json.loads(out)
    assert ex["current"]["percent"] == row["current_percent"] == 56.0
    assert ex["final"]["percent"] == row["final_percent"]
    assert ex["letter"] == row["letter"]
    # Current: GL 27/30 × 30 = 27, CL 0/45 × 30 = 0, KC best of three 10/10 × 15 = 15;
    # Capstone not counted yet: (27 + 0 + 15) × 100 / 75 = 56.
    assert ex["current"]["formula"] == "(27 + 0 + 15) × 100 / 75 = 56"
    kc = next(c for c in ex["categories"] if c["name"] == "Knowledge checks")
    states = {i["key"]: (i["current"], i["final"]) for i in kc["items"]}
    assert states["1939002"] == ("counted", "counted")
    assert states["1939003"][0] == "dropped"  # missing: 0 by the policy, then dropped
    dropped_final = row["categories"]["Knowledge checks"]["dropped_final"]
    assert sorted(k for k, (_, f) in states.items() if f == "dropped") == sorted(dropped_final)

    code, out = run("grades", "--explain", "0042", "--as-of", AS_OF)
    assert code == 0 and out.startswith("Ada Lovelace (0042)")
    assert "Current (graded work only): 56.00 %" in out
    assert "  (27 + 0 + 15) × 100 / 75 = 56" in out
    code, out = run("grades", "--explain", "nobody")
    assert code == 2 and "no student 'nobody'" in out
