"""``coursekit canvas …`` as a user runs it, against a local Canvas server: the
token never appears in output, the database or an error; pull and push end to end."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from typer.testing import CliRunner

from coursekit.cli import app
from coursekit.cli.support import options
from support.canvas_server import TOKEN


@pytest.fixture
def run(course_ctx: Any, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    from coursekit.interchange.canvas_live import transport

    monkeypatch.setattr(transport.time, "sleep", lambda seconds: None)  # retries, progress polls
    url, runner = course_ctx.settings.db_url, CliRunner()

    def invoke(*args: str, input: str | None = None):  # type: ignore[no-untyped-def]
        return runner.invoke(app, ["--db", url, "canvas", *args], input=input)

    yield invoke
    options.db = None


def _everything_stored(ctx: Any) -> str:
    from sqlmodel import SQLModel

    parts = []
    with ctx.engine.connect() as conn:
        for table in SQLModel.metadata.sorted_tables:
            parts += [repr(tuple(r)) for r in conn.execute(text(f'SELECT * FROM "{table.name}"'))]
    return "\n".join(parts)


def test_login_and_whoami_never_show_the_token(
    run: Any, canvas: Any, memory_keyring: Any, course_ctx: Any
) -> None:
    _, url = canvas
    result = run("login", "--url", url, "--canvas-course", "5001", input=f"{TOKEN}\n")
    assert result.exit_code == 0, result.output
    assert "logged in to" in result.output and "Dr. Instructor" in result.output
    assert TOKEN not in result.output
    assert memory_keyring.store == {("coursekit-canvas", url): TOKEN}
    assert TOKEN not in _everything_stored(course_ctx)
    assert url in _everything_stored(course_ctx)

    result = run("whoami")
    assert result.exit_code == 0, result.output
    assert "Dr. Instructor <instructor@example.edu>" in result.output
    assert "token from the keyring" in result.output and "5001" in result.output
    assert TOKEN not in result.output

    assert run("logout").output.strip() == "token removed from the system keyring"
    result = run("whoami")
    assert result.exit_code == 2
    assert "no Canvas access token" in result.output and "CANVAS_API_TOKEN" in result.output


def test_a_wrong_token_is_one_line_and_not_kept(run: Any, canvas: Any, memory_keyring: Any) -> None:
    _, url = canvas
    result = run("login", "--url", url, input="not-the-token\n")
    assert result.exit_code == 2
    assert "Canvas refused the access token (401)" in result.output
    assert "not-the-token" not in result.output and "Traceback" not in result.output
    assert memory_keyring.store == {}


def test_without_a_keyring_the_environment_variable_is_used(
    run: Any, canvas: Any, no_keyring: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, url = canvas
    result = run("login", "--url", url, input=f"{TOKEN}\n")
    assert result.exit_code == 2
    assert "no system keyring on this machine: set CANVAS_API_TOKEN" in result.output
    assert TOKEN not in result.output
    monkeypatch.setenv("CANVAS_API_TOKEN", TOKEN)
    result = run("login", "--url", url, "--canvas-course", "5001")
    assert result.exit_code == 0, result.output
    assert "token from the CANVAS_API_TOKEN" in result.output
    assert "token from the CANVAS_API_TOKEN" in run("whoami").output


def test_plain_http_is_refused_except_to_this_machine(run: Any, memory_keyring: Any) -> None:
    result = run("login", "--url", "http://canvas.example.edu", input="x\n")
    assert result.exit_code == 2
    assert "must be reached over https" in result.output


def test_pull_dry_run_then_pull_then_push(
    run: Any, canvas: Any, memory_keyring: Any, course_ctx: Any
) -> None:
    fake, url = canvas
    fake.grade(11, 1937901, 25.0)
    assert run("login", "--url", url, "--canvas-course", "5001", input=f"{TOKEN}\n").exit_code == 0

    result = run("pull", "--dry-run")
    assert result.exit_code == 0, result.output
    assert "Students added (3)" in result.output and "dry run, nothing written" in result.output
    assert "Ada Lovelace" in result.output

    result = run("pull", "--roster")
    assert result.exit_code == 0, result.output
    assert "roster from canvas:127.0.0.1" in result.output and "as batch 1" in result.output
    result = run("pull", "--scores")
    assert result.exit_code == 0, result.output
    assert "gradebook from canvas:" in result.output and "as batch 2" in result.output
    assert "already matches Canvas" in run("pull").output

    with course_ctx.engine.begin() as conn:  # a local regrade
        conn.execute(text("UPDATE score SET points = 28.5 WHERE points = 25.0"))
    result = run("push", "grades", "--dry-run")
    assert result.exit_code == 0, result.output
    assert "1 cell(s) change" in result.output and "28.5" in result.output
    assert fake.bulk_payloads == []
    result = run("push", "grades", input="n\n")
    assert result.exit_code == 1 and fake.bulk_payloads == []
    result = run("push", "grades", "--yes")
    assert result.exit_code == 0, result.output
    assert "1 of 1 cell(s) read back as written (completed)" in result.output
    assert fake.submissions[(11, 1937901)]["score"] == 28.5
    assert "0 cell(s) change" in run("push", "grades").output


def test_push_exits_nonzero_when_a_cell_does_not_take(
    run: Any, canvas: Any, memory_keyring: Any, course_ctx: Any
) -> None:
    fake, url = canvas
    for assignment in (1937901, 1937911, 1938004):  # a score in every column, so all 9
        fake.grade(11, assignment, 10.0)  # cells are stored by the pull
    run("login", "--url", url, "--canvas-course", "5001", input=f"{TOKEN}\n")
    assert run("pull").exit_code == 0
    with course_ctx.engine.begin() as conn:
        conn.execute(text("UPDATE score SET points = 30, status = 'graded'"))
    fake.ignored_cells = {(12, 1937911)}
    result = run("push", "grades", "--yes")
    assert result.exit_code == 1
    assert "8 of 9 cell(s) read back as written (partial)" in result.output
    assert "Did not take (1)" in result.output and "000102" in result.output


def test_compare_lists_only_the_differences(run: Any, canvas: Any, memory_keyring: Any) -> None:
    fake, url = canvas
    run("login", "--url", url, "--canvas-course", "5001", input=f"{TOKEN}\n")
    assert run("pull").exit_code == 0
    fake.add_student(14, "Late Joiner", "Joiner, Late", "000104", "late@example.edu", 71)
    result = run("compare", "--json")
    assert result.exit_code == 0, result.output
    import json

    rows = {r["student_id"]: r for r in json.loads(result.output)}
    assert rows["000104"]["reasons"] == ["not in coursekit: pull the roster from Canvas"]
    assert rows["000104"]["local"] is None


def test_syllabus_command_writes_a_loadable_file(
    run: Any, canvas: Any, memory_keyring: Any, tmp_path: Path
) -> None:
    _, url = canvas
    run("login", "--url", url, "--canvas-course", "5001", input=f"{TOKEN}\n")
    out = tmp_path / "from-canvas.toml"
    result = run("syllabus", "5001", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert f"wrote {out}: 3 assessment(s) added, 0 updated" in result.output
    assert "loads as a syllabus" in result.output
    result = run("syllabus", "5001", "--out", str(out))
    assert f"updated {out}: 0 assessment(s) added, 0 updated" in result.output
