"""``student merge KEEP OTHER`` (moves everything, refuses conflicting scores,
undoable) and ``doctor`` (likely duplicates with the command that fixes them)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from typer.testing import CliRunner

from coursekit.cli import app
from coursekit.cli.support import options
from coursekit.services.context import ServiceError
from coursekit.services.importing.doctor import diagnose
from coursekit.services.importing.imports import apply_import, plan_import, undo_batch
from coursekit.services.importing.student_merge import merge_students
from support import import_files as files
from support import import_seed as seed


def _duplicated(ctx: Any, tmp_path: Path, cells: list[str]) -> None:
    """Ada from the roster (000101) and again from a gradebook whose SIS Login ID
    nobody can match (canvas:11), as happened before identifiers were matched."""
    apply_import(ctx, plan_import(ctx, "roster", seed.roster_xlsx(tmp_path / "r.xlsx")))
    with ctx.engine.begin() as conn:  # Ada's scores, entered by hand before the duplicate
        conn.execute(
            text(
                "INSERT INTO score (enrollment_id, assessment_id, points, status, manual, "
                "updated_at, version) SELECT e.id, a.id, 20, 'graded', TRUE, CURRENT_TIMESTAMP, 1 "
                "FROM enrollment e, assessment a JOIN student s ON 1=1 "
                "WHERE e.student_pk = s.id AND s.student_id = '000101' AND a.key = '1937901'"
            )
        )
    rows = files.gradebook_rows(
        [("Lovelace, Ada", "11", "ada.l@elsewhere.example", "S1")],
        [
            ("Guided lab: Exploring AWS Identity and Access Management (IAM) (1937901)", 30.0),
            ("Guided lab: Introducing Amazon Elastic File System (Amazon EFS) (1937911)", 30.0),
        ],
        [cells],
    )
    plan = plan_import(ctx, "gradebook", files.write_csv(tmp_path / "g.csv", rows))
    assert [c.student_id for c in plan.students_added] == ["canvas:11"]
    apply_import(ctx, plan)
    credits = [["Email", "Date", "Spent (USD)"], ["ada.l@elsewhere.example", "2026-09-07", "4"]]
    apply_import(ctx, plan_import(ctx, "credits", files.write_csv(tmp_path / "c.csv", credits)))


def test_merge_moves_everything_and_undo_restores_both(course_ctx: Any, tmp_path: Path) -> None:
    _duplicated(course_ctx, tmp_path, ["20", "25"])
    before = seed.dump(course_ctx)
    findings = diagnose(course_ctx)
    assert [(f.kind, f.fix) for f in findings] == [
        ("same name", "coursekit student merge 000101 canvas:11")
    ]
    result = merge_students(course_ctx, "000101", "canvas:11")
    assert result.moved == {"scores": 1, "creditevent": 1, "identifiers": 2, "audit events": 4}
    after = seed.dump(course_ctx)
    assert [s[1:] for s in after["student"]] == [
        (
            "000101",
            "Ada Lovelace",
            "Lovelace, Ada",
            "ada@example.edu",
            "11",
            "ada.l@elsewhere.example",
        ),
        ("000102", "Grace Hopper", "Hopper, Grace", "grace@example.edu", None, None),
        ("000103", "Zoë Müller", "Müller, Zoë", "zoe@example.edu", None, None),
    ]
    ada_enrollment = after["enrollment"][0][0]
    assert sorted((s[0], s[2]) for s in after["score"]) == [
        (ada_enrollment, 20.0),  # the same 20 in both: kept once
        (ada_enrollment, 25.0),
    ]
    assert [c[0] for c in after["creditevent"]] == [ada_enrollment]
    assert diagnose(course_ctx) == []
    # a later gradebook row for Canvas user 11 now finds Ada
    again = plan_import(course_ctx, "gradebook", tmp_path / "g.csv")
    assert again.is_empty
    undo_batch(course_ctx, result.batch_id)
    assert seed.dump(course_ctx) == before


def test_merge_refuses_conflicting_scores(course_ctx: Any, tmp_path: Path) -> None:
    _duplicated(course_ctx, tmp_path, ["18", ""])
    before = seed.dump(course_ctx)
    message = (
        "not merged: 000101 and canvas:11 hold different scores for 1 assessment(s): "
        "Guided lab: Exploring AWS Identity and Access Management (IAM): 20 (000101) vs "
        "18 (canvas:11)"
    )
    with pytest.raises(ServiceError, match=message.replace("(", r"\(").replace(")", r"\)")):
        merge_students(course_ctx, "000101", "canvas:11")
    assert seed.dump(course_ctx) == before


def test_merge_and_doctor_commands(course_ctx: Any, tmp_path: Path) -> None:
    _duplicated(course_ctx, tmp_path, ["20", ""])
    runner = CliRunner()
    url = course_ctx.settings.db_url
    try:
        result = runner.invoke(app, ["--db", url, "doctor", "--json"])
        assert result.exit_code == 0, result.output
        assert [f["fix"] for f in json.loads(result.output)] == [
            "coursekit student merge 000101 canvas:11"
        ]
        result = runner.invoke(app, ["--db", url, "student", "merge", "000101", "ada@example.edu"])
        assert result.exit_code == 2 and "are the same student already" in result.output
        result = runner.invoke(app, ["--db", url, "student", "merge", "000101", "canvas:11"])
        assert result.exit_code == 0, result.output
        assert "merged canvas:11 into 000101" in result.output
        assert "(undo with `coursekit undo" in result.output
        result = runner.invoke(app, ["--db", url, "doctor"])
        assert "no likely duplicates or orphan rows found" in result.output
    finally:
        options.db = None


@pytest.mark.postgres
def test_merge_and_undo_on_postgres(pg_ctx: Any, tmp_path: Path) -> None:
    from coursekit.services.courses import init_course

    init_course(pg_ctx, seed.TESTS.parent / "syllabi" / "comp529-cloud-computing.toml")
    _duplicated(pg_ctx, tmp_path, ["20", "25"])
    before = seed.dump(pg_ctx)
    result = merge_students(pg_ctx, "000101", "canvas:11")
    assert seed.scalar(pg_ctx, "SELECT COUNT(*) FROM student") == 3
    undo_batch(pg_ctx, result.batch_id)
    assert seed.dump(pg_ctx) == before
