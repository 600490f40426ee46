"""``coursekit.frames``: every DataFrame holds the same numbers as the CLI's ``--json`` for
the same course and instant, with typed columns; scores and the ledger as seeded."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from typer.testing import CliRunner

from coursekit.cli import app, support
from coursekit.frames import CourseFrames, open_course
from coursekit.services.context import ServiceError
from support import report_seed as seed_module

REPO = Path(__file__).resolve().parents[1]
AS_OF = "2026-11-20T12:00:00+00:00"
NOW = datetime(2026, 11, 20, 12, tzinfo=UTC)


@pytest.fixture
def db(course_ctx: Any, monkeypatch: pytest.MonkeyPatch) -> str:
    seed_module.seed(course_ctx)
    monkeypatch.setattr(support.options, "db", None)
    monkeypatch.setenv("COURSEKIT_DB", course_ctx.settings.db_url)
    monkeypatch.setenv("COURSEKIT_DATA_DIR", str(course_ctx.settings.data_dir))
    return course_ctx.settings.db_url


@pytest.fixture
def frames(db: str) -> Any:
    with open_course("COMP529", db=db, now=NOW) as course:
        yield course


def cli_json(*args: str) -> Any:
    result = CliRunner().invoke(app, [*args, "--course", "COMP529", "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def plain(value: Any) -> Any:
    """A frame cell as the CLI's JSON writes it (``default=str`` for datetimes)."""
    if isinstance(value, list):
        return [plain(v) for v in value]
    if value is None or value is pd.NaT or (not isinstance(value, list) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return str(value.to_pydatetime()) if value.tz else value.date().isoformat()
    return value.item() if hasattr(value, "item") else value


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return [
        {k: plain(v) for k, v in row.items()} for row in frame.astype(object).to_dict("records")
    ]


def test_students_equal_roster_json(frames: CourseFrames) -> None:
    frame = frames.students()
    assert records(frame) == cli_json("roster")
    assert len(frame) == 13  # 12 active + 1 dropped
    assert frame["status"].dtype == "category"
    assert list(frame["status"].cat.categories) == ["active", "dropped"]
    assert frame["student_id"].dtype == "string" and frame["enrollment_id"].dtype == "Int64"


def test_grades_equal_grades_json(frames: CourseFrames) -> None:
    expected = cli_json("grades", "--as-of", AS_OF)
    grades, cats = frames.grades(), frames.grade_categories()
    top = [{k: v for k, v in row.items() if k != "categories"} for row in expected]
    assert records(grades) == top
    by_student: dict[int, dict[str, Any]] = {}
    for row in records(cats):
        eid, name = row.pop("enrollment_id"), row.pop("category")
        for key in ("student_id", "name", "section"):
            row.pop(key)
        by_student.setdefault(eid, {})[name] = row
    assert by_student == {row["enrollment_id"]: row["categories"] for row in expected}
    assert grades["final_percent"].dtype == "Float64" and grades["section"].dtype == "category"
    hand = {
        row["student_id"]: (row["current_percent"], row["final_percent"]) for row in records(grades)
    }
    assert hand == {sid: (cur, fin) for sid, (cur, fin, _) in seed_module.HAND_GRADES.items()}


def test_labs_equal_labs_json(frames: CourseFrames) -> None:
    expected = cli_json("labs", "--as-of", AS_OF)
    assert records(frames.lab_rates()) == expected["labs"]
    students = [{k: v for k, v in s.items() if k != "labs"} for s in expected["students"]]
    assert records(frames.labs()) == students
    cells = {(c["enrollment_id"], c["lab"]): c for c in records(frames.lab_cells())}
    for student in expected["students"]:
        for key, cell in student["labs"].items():
            got = cells.pop((student["enrollment_id"], key))
            assert {k: got[k] for k in ("state", "percent", "overdue")} == cell
    assert not cells
    # hand-checked: the first student passed the IAM lab (27/30 = 90 % ≥ 75 %)
    first = frames.lab_cells().query(f"lab == '{seed_module.IAM_LAB}'").iloc[0]
    assert first["percent"] == 90.0


def test_credits_equal_credits_json(frames: CourseFrames) -> None:
    frame = frames.credits()
    assert records(frame) == cli_json("credits", "--as-of", AS_OF)
    assert str(frame["last_snapshot_at"].dtype) == "datetime64[ns, UTC]"
    assert frame["runs_out_before_close"].dtype == "boolean"
    # hand-computed from report_seed: student i has spent 40 + 5i of a 100 USD grant; the
    # rest lasts 40(60 − 5i)/(20 + 3i) days, past accounts close (41 days) only for i < 5
    ids = [sid for sid, *_ in seed_module.STUDENTS]
    active = frame[frame["student_id"].isin(ids)].set_index("student_id")
    assert [active.loc[s, "spent"] for s in ids] == [40.0 + 5 * i for i in range(12)]
    assert [active.loc[s, "remaining"] for s in ids] == [60.0 - 5 * i for i in range(12)]
    assert [bool(active.loc[s, "runs_out_before_close"]) for s in ids] == [
        i >= 5 for i in range(12)
    ]


def test_readiness_equals_readiness_json(frames: CourseFrames) -> None:
    expected = cli_json("readiness", "--as-of", AS_OF)
    top = [{k: v for k, v in row.items() if k != "domains"} for row in expected]
    assert records(frames.readiness()) == top
    domains: dict[tuple[int, str], list[dict[str, Any]]] = {}
    for row in records(frames.readiness_domains()):
        key = (row.pop("enrollment_id"), row.pop("exam"))
        for k in ("student_id", "name", "section"):
            row.pop(k)
        row["name"] = row.pop("domain")
        domains.setdefault(key, []).append(row)
    assert domains == {(r["enrollment_id"], r["exam"]): r["domains"] for r in expected}


def test_checklists_equal_checklist_class_json(db: str) -> None:
    expected = cli_json("checklist", "class")
    with open_course(db=db, now=datetime.now(UTC)) as course:  # the CLI counts from today
        assert records(course.checklists()) == expected


def test_scores_long_form_as_seeded(frames: CourseFrames) -> None:
    scores = frames.scores()
    iam = scores[scores["assessment_key"] == seed_module.IAM_LAB].set_index("student_id")
    assert len(iam) == 12  # the dropped student's score is not in the active class
    # seed: first 9 students 27 points, the next two 12.5, the last one excused
    ids = [sid for sid, *_ in seed_module.STUDENTS]
    assert [iam.loc[s, "points"] for s in ids[:11]] == [27.0] * 9 + [12.5] * 2
    assert pd.isna(iam.loc[ids[11], "points"]) and iam.loc[ids[11], "status"] == "excused"
    assert iam.loc[ids[0], "submitted_at"] == pd.Timestamp("2026-09-18", tz="UTC")
    efs = scores[scores["assessment_key"] == seed_module.EFS_LAB]
    assert sorted(efs["student_id"]) == sorted(ids[0::2])  # every other student, 30 points
    assert set(efs["points"]) == {30.0}
    assert scores["points_possible"].dtype == "Float64" and scores["kind"].dtype == "category"


def test_credit_ledger_as_seeded(frames: CourseFrames) -> None:
    ledger = frames.credit_ledger()
    first = ledger[ledger["student_id"] == seed_module.STUDENTS[3][0]]  # seed index 3
    assert list(first["kind"]) == ["grant", "usage_snapshot", "usage_snapshot", "usage_snapshot"]
    assert list(first["amount_usd"]) == [100.0, 8.0, 26.0, 55.0]  # 5+i, 20+2i, 40+5i
    assert list(first["at"].dt.strftime("%Y-%m-%d")) == [
        "2026-09-01",
        "2026-09-11",
        "2026-10-11",
        "2026-11-20",
    ]
    assert len(ledger) == 12 * 4


def test_open_course_refuses_naive_now_and_unknown_course(db: str) -> None:
    with pytest.raises(ServiceError, match="time zone"):
        open_course("COMP529", db=db, now=datetime(2026, 11, 20))
    with pytest.raises(ServiceError):
        open_course("NOPE999", db=db)


@pytest.mark.postgres
def test_frames_on_postgresql(pg_ctx: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from coursekit.services.courses import init_course

    init_course(pg_ctx, REPO / "syllabi" / "comp529-cloud-computing.toml")
    seed_module.seed(pg_ctx)
    monkeypatch.setattr(support.options, "db", None)
    monkeypatch.setenv("COURSEKIT_DB", pg_ctx.settings.db_url)
    monkeypatch.setenv("COURSEKIT_DATA_DIR", str(pg_ctx.settings.data_dir))
    with open_course("COMP529", db=pg_ctx.settings.db_url, now=NOW) as course:
        assert records(course.credits()) == cli_json("credits", "--as-of", AS_OF)
        ledger = course.credit_ledger()
        assert str(ledger["at"].dtype) == "datetime64[ns, UTC]" and len(ledger) == 48
        assert len(course.scores()) == 12 + 6  # IAM for everyone, EFS for every other


def test_open_course_never_migrates(tmp_path: Path) -> None:
    from coursekit.config import sqlite_url

    empty = tmp_path / "empty.sqlite3"
    with pytest.raises(ServiceError, match="coursekit db upgrade"):
        open_course(db=sqlite_url(empty))
    import sqlite3

    with sqlite3.connect(empty) as conn:  # nothing was created in it
        assert conn.execute("select name from sqlite_master").fetchall() == []


def test_an_empty_course_gives_empty_typed_frames(course_ctx: Any) -> None:
    with open_course("COMP529", db=course_ctx.settings.db_url, now=NOW) as course:
        for name in ("students", "scores", "grades", "labs", "lab_cells", "credits"):
            frame = getattr(course, name)()
            assert frame.empty and "student_id" in frame.columns, name
        assert str(course.scores()["due_at"].dtype) == "datetime64[ns, UTC]"
        assert len(course.lab_rates()) > 0  # the labs exist without students
