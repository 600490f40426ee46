"""The real entry point, as separate processes: at exit ``main`` collects what a command
left behind and leaves the rest to the OS (``gc.freeze``, the last exit handler), so nothing
that matters may be left unclosed: the database is whole with no WAL side files left (also
after ``db upgrade`` and a refused database, which leave their engine to the collector),
the output arrives whole through a pipe, and the exit code is the command's."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def coursekit(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COURSEKIT_DATA_DIR": str(tmp_path)}
    env.pop("COURSEKIT_DB", None)
    return subprocess.run(
        [sys.executable, "-m", "coursekit", "--db", str(tmp_path / "c.sqlite3"), *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=env,
    )


def test_commands_close_their_database_and_flush_their_output(tmp_path: Path) -> None:
    syllabus = REPO / "syllabi" / "comp529-cloud-computing.toml"
    assert coursekit(tmp_path, "init", str(syllabus)).returncode == 0
    book = REPO / "rosters" / "comp529-gradebook.csv"
    imported = coursekit(tmp_path, "import", "gradebook", str(book), "--course", "COMP529")
    assert imported.returncode == 0, imported.stderr
    assert "imported comp529-gradebook.csv" in imported.stdout

    roster = coursekit(tmp_path, "roster", "--json")
    assert roster.returncode == 0, roster.stderr
    students = json.loads(roster.stdout)  # whole: it parses
    assert len(students) > 10
    listing = json.loads(coursekit(tmp_path, "courses", "--json").stdout)
    assert listing[0]["students"] == len(students)

    failed = coursekit(tmp_path, "roster", "--course", "NOPE")
    assert failed.returncode == 2
    assert failed.stderr.count("\n") == 1 and failed.stderr.startswith("error: ")

    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("c.sqlite3")) == [
        "c.sqlite3"
    ]
    with sqlite3.connect(tmp_path / "c.sqlite3") as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert db.execute("SELECT count(*) FROM student").fetchone() == (len(students),)


def test_engines_left_to_the_collector_are_closed_too(tmp_path: Path) -> None:
    assert coursekit(tmp_path, "db", "upgrade").returncode == 0
    with sqlite3.connect(tmp_path / "foreign.sqlite3") as other:
        other.execute("CREATE TABLE mine (x)")
    other.close()
    env = {**os.environ, "COURSEKIT_DATA_DIR": str(tmp_path)}
    refused = subprocess.run(
        [sys.executable, "-m", "coursekit", "--db", str(tmp_path / "foreign.sqlite3"), "courses"],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=env,
    )
    assert refused.returncode == 2 and "not a coursekit database" in refused.stderr
    assert sorted(p.name for p in tmp_path.glob("*.sqlite3*")) == [
        "c.sqlite3",
        "foreign.sqlite3",
    ]
