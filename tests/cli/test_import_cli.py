"""``coursekit import …``, ``coursekit imports``, ``coursekit undo`` as a user runs them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from coursekit.cli import app
from coursekit.cli.support import options
from support import import_files
from support import import_seed as seed


@pytest.fixture
def run(course_ctx: Any):  # type: ignore[no-untyped-def]
    url = course_ctx.settings.db_url  # ``app``: the real ``coursekit`` app
    runner = CliRunner()

    def invoke(*args: str):  # type: ignore[no-untyped-def]
        return runner.invoke(app, ["--db", url, *args])

    yield invoke
    options.db = None


def test_dry_run_then_apply_list_and_undo(run, course_ctx: Any, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    roster = seed.roster_xlsx(
        tmp_path / "roster.xlsx",
        [*seed.PEOPLE, ("000104", "[/bold]", "[link=http://x]Eve", "eve@example.edu", "9", "S1")],
    )
    result = run("import", "roster", str(roster), "--course", "COMP529", "--dry-run")
    assert result.exit_code == 0, result.output
    assert "Students added (4)" in result.output and "dry run: nothing written" in result.output
    assert "[/bold]" in result.output and "[link=http://x]Eve" in result.output  # never markup
    assert seed.scalar(course_ctx, "SELECT COUNT(*) FROM student") == 0
    result = run("import", "roster", str(roster))
    assert result.exit_code == 0, result.output
    assert "as batch 1 (undo with `coursekit undo 1`)" in result.output
    result = run("import", "roster", str(roster))
    assert "nothing to import" in result.output
    grades = seed.gradebook_csv(tmp_path / "g.csv", {"11": ["1", "2", "3"]})
    result = run("import", "gradebook", str(grades), "--json")
    assert result.exit_code == 0 and '"scores_added": 3' in result.output
    result = run("imports", "--json")
    assert result.exit_code == 0
    listed = json.loads(result.output)
    assert [(b["id"], b["kind"], b["counts"]["scores_added"]) for b in listed] == [
        (2, "gradebook", 3),
        (1, "roster", 0),
    ]
    assert "Import batches" in run("imports").output
    result = run("undo", "2")
    assert result.exit_code == 0 and "undid batch 2" in result.output
    assert seed.scalar(course_ctx, "SELECT COUNT(*) FROM score") == 0
    result = run("undo", "2")
    assert result.exit_code == 2 and result.output.strip() == (
        "error: batch 2 was already undone on " + result.output.split("undone on ")[1].strip()
    )


def test_bad_files_give_one_line_errors(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    fake = tmp_path / "grades.xlsx"
    fake.write_bytes(b"hello, not a workbook")
    result = run("import", "gradebook", str(fake))
    assert result.exit_code == 2
    assert result.output.strip() == (
        "error: grades.xlsx: not an xlsx file (no zip signature): "
        "the file is damaged or is not a spreadsheet"
    )
    broken = seed.gradebook_csv(tmp_path / "g.csv", {"11": ["1", "abc", "3"]})
    result = run("import", "gradebook", str(broken))
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "error: g.csv: 1 error(s) (first: row 3, column" in result.output
    assert "'abc' is not a score" in result.output
    result = run("import", "roster", str(broken), "--map", "no equals sign")
    assert result.exit_code == 2 and 'write it as "Header=field"' in result.output


def test_mapping_option(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = import_files.write_csv(tmp_path / "r.csv", [["Matric", "Name"], ["0042", "Ada King"]])
    result = run("import", "roster", str(path), "--dry-run")
    assert result.exit_code == 1 and "missing required column: student_id" in result.output
    result = run("import", "roster", str(path), "--map", "Matric=student_id")
    assert result.exit_code == 0, result.output


def test_decisions_block_the_import_until_settled_with_new(  # type: ignore[no-untyped-def]
    run, course_ctx: Any, tmp_path: Path
) -> None:
    rows = [
        ["Student Number", "Name", "Email"],
        ["000201", "Alan Turing", "at@example.edu"],
        ["000202", "Alan Turing", "AT@example.edu"],
    ]
    path = import_files.write_csv(tmp_path / "r.csv", rows)
    result = run("import", "roster", str(path))
    assert result.exit_code == 1
    assert "Decisions needed" in result.output and "same student as row 2" in result.output
    assert "1 decision(s) open (rows 3)" in result.output
    assert seed.scalar(course_ctx, "SELECT COUNT(*) FROM student") == 0
    result = run("import", "roster", str(path), "--json", "--dry-run")
    data = json.loads(result.output)
    assert [(d["row"], d["kind"]) for d in data["decisions"]] == [(3, "same_student")]
    assert [(s["row"], s["student_id"]) for s in data["students_added"]] == [(2, "000201")]
    assert {"row": 2, "student_id": "000201", "kind": "email", "value": "at@example.edu"} in data[
        "identifiers_added"
    ]
    result = run("import", "roster", str(path), "--new", "3")
    assert result.exit_code == 0, result.output
    assert seed.scalar(course_ctx, "SELECT COUNT(*) FROM student") == 2


def test_link_settles_a_row_and_all_shows_every_row(  # type: ignore[no-untyped-def]
    run, course_ctx: Any, tmp_path: Path
) -> None:
    people = [(f"{n:06d}", "P", f"N{n}", f"p{n}@example.edu", "", "S1") for n in range(30)]
    assert (
        run("import", "roster", str(seed.roster_xlsx(tmp_path / "r.xlsx", people))).exit_code == 0
    )
    rows = [["Student Number", "Name", "Email"], ["000001", "P N1", "p2@example.edu"]]
    path = import_files.write_csv(tmp_path / "r.csv", rows)
    result = run("import", "roster", str(path), "--dry-run")
    assert "matches 2 students" in result.output
    # 28 drop candidates (the row's two candidates are not "missing"), 25 shown
    assert "… and 3 more (--all shows every row)" in result.output
    result = run("import", "roster", str(path), "--dry-run", "--all", "--link", "2=000001")
    assert result.exit_code == 0, result.output
    assert "N29" in result.output and "more (--all" not in result.output
    assert "Decisions needed" not in result.output
    result = run("import", "roster", str(path), "--link", "2=nobody")
    assert result.exit_code == 2 and "row 2 = nobody: no student 'nobody'" in result.output
    assert "(check --link)" in result.output


def test_map_works_for_a_gradebook_column_without_id_or_points(  # type: ignore[no-untyped-def]
    run, course_ctx: Any, tmp_path: Path
) -> None:
    assert run("import", "roster", str(seed.roster_xlsx(tmp_path / "r.xlsx"))).exit_code == 0
    rows = [
        ["Student", "ID", "SIS Login ID", "Section", "EFS lab (from the old LMS)", "Notes"],
        ["Lovelace, Ada", "11", "000101", "S1", "25", "ok"],
    ]
    path = import_files.write_csv(tmp_path / "g.csv", rows)
    result = run("import", "gradebook", str(path), "--dry-run", "--json")
    data = json.loads(result.output)
    assert [(c["header"], c["how"]) for c in data["columns"]] == [
        ("EFS lab (from the old LMS)", "custom"),
        ("Notes", "custom"),
    ]
    result = run(
        "import", "gradebook", str(path), "--json", "--map", "EFS lab (from the old LMS)=1937911"
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert [(s["student_id"], s["assessment"], s["new"]) for s in data["scores_added"]] == [
        ("000101", "1937911", "25")
    ]


def test_drop_missing_names_every_student_and_the_count(  # type: ignore[no-untyped-def]
    run, course_ctx: Any, tmp_path: Path
) -> None:
    people = [(f"{n:06d}", "P", f"Person{n}", f"p{n}@example.edu", "", "S1") for n in range(40)]
    assert (
        run("import", "roster", str(seed.roster_xlsx(tmp_path / "r.xlsx", people))).exit_code == 0
    )
    short = seed.roster_xlsx(tmp_path / "short.xlsx", people[:2])
    result = run("import", "roster", str(short), "--dry-run")
    assert "38 not in the file" in result.output and "DROPPED" not in result.output
    result = run("import", "roster", str(short), "--dry-run", "--drop-missing")
    assert "Students to DROP (38)" in result.output
    assert all(f"Person{n}" in result.output for n in range(2, 40))  # every name, not 25
    assert "38 student(s) will be DROPPED" in result.output


def test_a_missing_column_is_worded_with_map_and_carried_in_json(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "no-id.csv"
    path.write_text("Name,Email\nAda Lovelace,ada@example.edu\n", encoding="utf-8")
    result = run("import", "roster", str(path), "--course", "COMP529", "--dry-run")
    assert result.exit_code == 1
    assert 'missing required column: student_id (use --map "Header=student_id")' in result.output
    result = run("import", "roster", str(path), "--course", "COMP529", "--json")
    assert result.exit_code == 1
    issues = json.loads(result.stdout)["issues"]
    assert {
        "row": 1,
        "column": None,
        "severity": "error",
        "message": "missing required column: student_id",
        "code": "column_missing",
        "field": "student_id",
        "hint": "map_column",
    } in issues
