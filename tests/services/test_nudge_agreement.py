"""The dashboard, the nudges view and ``coursekit nudges --json`` agree, with the counts
worked out by hand on a class with late, early and overdue labs.

NOW = 2026-10-20 12:00 UTC (COMP529). Labs due so far: guided 1937901 (09-20), 1937911
(10-04), 1937918 (10-11), 1937925 (10-18); challenge 1938004 (09-27), 1938005 (10-04),
1938006 (10-11), 1938007 (10-18): 8 labs. Guided labs pass at 75 % of 30 (22.5 points),
challenge labs at 60 % of 45 (27 points).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import insert, select
from typer.testing import CliRunner

from coursekit.cli import support
from coursekit.config import Settings, default_syllabi_dir, sqlite_url
from coursekit.db import models as m
from coursekit.services.context import ServiceContext
from coursekit.services.courses import init_course
from coursekit.services.views.course_dashboard import dashboard
from coursekit.services.views.labs import nudges

COMP529 = Path(__file__).resolve().parents[2] / "syllabi" / "comp529-cloud-computing.toml"
NOW = datetime(2026, 10, 20, 12, tzinfo=UTC)
PASS = {"1937": 27.0, "1938": 40.0}  # a passing score by key prefix (guided / challenge)

# Eve: 5 of the 8 due labs passed (1938004 two days late: still a pass), 1937918, 1937925
# and 1938007 never handed in, and 3 future labs passed early. The old count said 8/8
# and not behind; the truth is 5/8 and 3 behind.
EVE = {
    "1937901": (PASS["1937"], None),
    "1938004": (PASS["1938"], datetime(2026, 9, 30, tzinfo=UTC)),
    "1937911": (PASS["1937"], None),
    "1938005": (PASS["1938"], None),
    "1938006": (PASS["1938"], None),
    "1937932": (PASS["1937"], None),
    "1937939": (PASS["1937"], None),
    "1937940": (PASS["1937"], None),
}
# Finn: every due lab passed; 1937932 (due 10-26 03:59 UTC) is due within 6 days.
FINN = {
    k: (PASS[k[:4]], None)
    for k in ("1937901", "1937911", "1937918", "1937925", "1938004", "1938005", "1938006")
} | {"1938007": (PASS["1938"], None)}
# Gus: only the first guided lab, and a below-threshold attempt at 1937911 (20 < 22.5).
GUS = {"1937901": (PASS["1937"], None), "1937911": (20.0, None)}


def seed(ctx: ServiceContext) -> None:
    with ctx.transaction() as s:
        course_id = s.execute(select(m.Course.id)).scalar_one()
        ids = dict(s.execute(select(m.Assessment.key, m.Assessment.id)).all())
        for sid, name, sortable, scores in [
            ("0001", "Eve Adams", "Adams, Eve", EVE),
            ("0002", "Finn Brown", "Brown, Finn", FINN),
            ("0003", "Gus Clark", "Clark, Gus", GUS),
        ]:
            student = m.Student(student_id=sid, name=name, sortable_name=sortable)
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
                        "assessment_id": ids[key],
                        "points": points,
                        "status": "graded",
                        "submitted_at": submitted,
                        "extended_due_at": None,
                    }
                    for key, (points, submitted) in scores.items()
                ],
            )


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    url = sqlite_url(tmp_path / "nudges.sqlite3")
    monkeypatch.setenv("COURSEKIT_DB", url)
    monkeypatch.setenv("COURSEKIT_DATA_DIR", str(tmp_path))
    monkeypatch.setattr(support.options, "db", None)
    ctx = ServiceContext.open(Settings(url, tmp_path, default_syllabi_dir(), actor="tester"))
    init_course(ctx, COMP529)
    seed(ctx)
    yield ctx
    ctx.close()


EXPECTED = [
    # student id, behind, overdue labs, due soon, passed (of due), due so far
    (
        "0003",
        7,
        ["1937911", "1937918", "1937925", "1938004", "1938005", "1938006", "1938007"],
        ["1937932"],  # due within the 6 days, not passed
        1,
        8,
    ),
    ("0001", 3, ["1937918", "1937925", "1938007"], [], 5, 8),
    ("0002", 0, [], ["1937932"], 8, 8),
]


def as_rows(found: Any) -> list[tuple[Any, ...]]:
    return [
        (
            n.student.student_id,
            n.reasons.behind,
            sorted(n.reasons.overdue),
            list(n.reasons.due_soon),
            n.passed,
            n.due_so_far,
        )
        for n in found
    ]


def test_dashboard_nudges_view_and_cli_agree(db: ServiceContext) -> None:
    from coursekit.cli import app

    board = dashboard(db, "COMP529", now=NOW, days=6)
    view = nudges(db, "COMP529", now=NOW, days=6)
    assert as_rows(board.nudges) == EXPECTED
    assert as_rows(view) == EXPECTED

    result = CliRunner().invoke(
        app, ["nudges", "--json", "--as-of", NOW.isoformat(), "--days", "6"]
    )
    assert result.exit_code == 0, result.output
    cli = [
        (
            r["student_id"],
            r["behind"],
            sorted(r["overdue"]),
            r["due_soon"],
            r["passed"],
            r["due_so_far"],
        )
        for r in json.loads(result.output)
    ]
    assert cli == EXPECTED

    # The class figure counts the same cells: 1 + 5 + 8 passes of 3 × 8 due labs.
    assert (board.labs.passed_due, board.labs.due) == (14, 24)
    assert board.labs.on_pace == 1
    assert board.labs.with_overdue == 2

    # ... and `labs --json`, per student, says the same passed-of-due figures.
    result = CliRunner().invoke(app, ["labs", "--json", "--as-of", NOW.isoformat()])
    assert result.exit_code == 0, result.output
    per_student = {
        r["student_id"]: (r["passed_due"], r["due_so_far"], r["behind"])
        for r in json.loads(result.output)["students"]
    }
    assert per_student == {
        sid: (passed, due, behind) for sid, behind, _, _, passed, due in EXPECTED
    }
