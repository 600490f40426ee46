"""Wrong databases, broken files, locks, full disks and bugs: one error line each, and
coursekit never creates, migrates or re-moulds a database the user did not mean (issue 16)."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy.exc import OperationalError
from typer.testing import CliRunner

from coursekit.cli import app

REPO = Path(__file__).resolve().parents[2]
COMP529 = REPO / "syllabi" / "comp529-cloud-computing.toml"
COMP524 = REPO / "syllabi" / "comp524-cybersecurity.toml"


@pytest.fixture
def runner(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("COURSEKIT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("COURSEKIT_DB", raising=False)
    monkeypatch.setenv("COURSEKIT_LOCK_WAIT_S", "0.3")
    return CliRunner()


def one_line_error(runner: CliRunner, *args: str, code: int = 2) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: "), result.output
    return lines[0]


@pytest.fixture
def db(runner: CliRunner, tmp_path: Path) -> Path:
    path = tmp_path / "class.sqlite3"
    assert runner.invoke(app, ["--db", str(path), "init", str(COMP529)]).exit_code == 0
    return path


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("foo://somewhere/db", "unknown database kind 'foo'"),
        ("mysql://u@localhost/db", "driver is not installed"),
        ("postgresql://", "names no database"),
        ("postgresql://127.0.0.1:1/coursekit", "cannot connect to the database server"),
    ],
)
def test_bad_database_urls(runner: CliRunner, url: str, expected: str) -> None:
    assert expected in one_line_error(runner, "--db", url, "courses")


def test_missing_file_is_refused_not_created(runner: CliRunner, tmp_path: Path) -> None:
    typo = tmp_path / "clas.sqlite3"
    for command in (["courses"], ["roster"], ["db", "backup"]):
        assert "no database there" in one_line_error(runner, "--db", str(typo), *command)
    assert not typo.exists()
    created = runner.invoke(app, ["--db", str(typo), "db", "upgrade"])
    assert created.exit_code == 0 and typo.exists()


def test_folders_csv_files_and_truncated_files(runner: CliRunner, db: Path, tmp_path: Path) -> None:
    assert "is a folder" in one_line_error(runner, "--db", str(tmp_path), "courses")
    csv_file = tmp_path / "roster.csv"
    csv_file.write_text("Student ID,Name\n1,Ada\n", encoding="utf-8")
    assert "not a SQLite database" in one_line_error(runner, "--db", str(csv_file), "courses")
    assert csv_file.read_text(encoding="utf-8") == "Student ID,Name\n1,Ada\n"
    truncated = tmp_path / "truncated.sqlite3"
    truncated.write_bytes(db.read_bytes()[: 3 * 4096 + 100])
    assert "damaged" in one_line_error(runner, "--db", str(truncated), "courses")


def test_newer_schema_is_refused(runner: CliRunner, db: Path) -> None:
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    message = one_line_error(runner, "--db", str(db), "courses")
    assert "written by a newer coursekit (schema 9999_from_the_future)" in message
    assert "newer coursekit" in one_line_error(runner, "--db", str(db), "db", "upgrade")


def test_foreign_sqlite_database_gets_no_coursekit_tables(
    runner: CliRunner, tmp_path: Path
) -> None:
    other = tmp_path / "budget.sqlite3"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE expenses (id INTEGER PRIMARY KEY, usd REAL)")
    os.chmod(other, 0o644)
    for command in (["courses"], ["init", str(COMP529)], ["db", "upgrade"]):
        assert "not a coursekit database" in one_line_error(runner, "--db", str(other), *command)
    with sqlite3.connect(other) as conn:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert tables == {"expenses"}
    assert stat.S_IMODE(other.stat().st_mode) == 0o644  # not coursekit's file: mode untouched


def test_read_only_database_is_refused_and_left_read_only(runner: CliRunner, db: Path) -> None:
    os.chmod(db, 0o400)
    assert "read-only (mode 0400)" in one_line_error(runner, "--db", str(db), "courses")
    assert stat.S_IMODE(db.stat().st_mode) == 0o400


def test_immutable_database_is_one_line(runner: CliRunner, db: Path) -> None:
    if subprocess.run(["chattr", "+i", str(db)], capture_output=True).returncode != 0:
        pytest.skip("chattr +i is not available here (needs CAP_LINUX_IMMUTABLE)")
    try:
        assert "cannot be opened for writing" in one_line_error(runner, "--db", str(db), "courses")
    finally:
        subprocess.run(["chattr", "-i", str(db)], check=True)


def test_locked_database_waits_then_says_so(runner: CliRunner, db: Path) -> None:
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")  # what a long import's write transaction does
    try:
        message = one_line_error(runner, "--db", str(db), "init", str(COMP524))
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert "locked by another coursekit process" in message


def test_full_disk_is_one_line(
    runner: CliRunner, db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SQLite reports SQLITE_FULL as this OperationalError (the issue saw it called 'database
    is busy' elsewhere and a traceback for ``courses``)."""
    from coursekit.services import course_list as courses

    def full(*args: object, **kwargs: object) -> None:
        raise OperationalError("SELECT", {}, sqlite3.OperationalError("database or disk is full"))

    monkeypatch.setattr(courses, "list_courses", full)
    assert "the disk is full" in one_line_error(runner, "--db", str(db), "courses")


def test_unexpected_error_writes_an_owner_only_log(
    runner: CliRunner, db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from coursekit.services import course_list as courses

    def bug(*args: object, **kwargs: object) -> None:
        raise KeyError("Ada Lovelace")  # a bug whose message holds student data

    monkeypatch.setattr(courses, "list_courses", bug)
    message = one_line_error(runner, "--db", str(db), "courses", code=1)
    assert "unexpected error (KeyError)" in message and "Ada" not in message
    (log,) = (tmp_path / "data" / "logs").iterdir()
    assert str(log) in message
    assert stat.S_IMODE(log.stat().st_mode) == 0o600
    assert "Traceback" in log.read_text(encoding="utf-8")


def test_main_turns_an_uncaught_error_into_one_line(tmp_path: Path) -> None:
    """The real entry point, in a subprocess: no Typer traceback with local variables."""
    code = (
        "import sys\n"
        "import coursekit.cli as cli\n"
        "def boom(*a, **k):\n    raise RuntimeError('secret 0042')\n"
        "cli._open_tui = boom\n"
        "sys.argv = ['coursekit']\n"
        "cli.main()\n"
    )
    env = {**os.environ, "COURSEKIT_DATA_DIR": str(tmp_path)}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert out.returncode == 1, out.stderr
    assert out.stderr.strip().count("\n") == 0 and "Traceback" not in out.stderr
    assert "unexpected error (RuntimeError); details in" in out.stderr
    assert "0042" not in out.stderr


@pytest.mark.postgres
def test_foreign_postgres_database_is_refused(runner: CliRunner) -> None:
    """``--db`` naming an unrelated PostgreSQL database: no coursekit tables appear in it."""
    import uuid

    from sqlalchemy import create_engine, inspect, text

    admin_url = os.environ.get(
        "COURSEKIT_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
    )
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    name = f"foreign_{uuid.uuid4().hex[:10]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = admin.url.set(database=name)
    other = create_engine(url)
    try:
        with other.begin() as conn:
            conn.execute(text("CREATE TABLE ledger (id serial PRIMARY KEY, usd numeric)"))
        plain = url.render_as_string(hide_password=False)
        for command in (["courses"], ["init", str(COMP529)], ["db", "upgrade"]):
            message = one_line_error(runner, "--db", plain, *command)
            assert "not a coursekit database" in message
        with other.connect() as conn:
            assert inspect(conn).get_table_names() == ["ledger"]
        empty = url.set(database=name + "_missing").render_as_string(hide_password=False)
        assert "no such database" in one_line_error(runner, "--db", empty, "courses")
    finally:
        other.dispose()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def test_a_really_full_disk_is_one_line(runner: CliRunner, db: Path, tmp_path: Path) -> None:
    """A small tmpfs filled up (needs root to mount; skipped elsewhere)."""
    disk = tmp_path / "disk"
    disk.mkdir()
    if subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(disk)], capture_output=True
    ).returncode:
        pytest.skip("cannot mount a small tmpfs here")
    try:
        copy = disk / "class.sqlite3"
        copy.write_bytes(db.read_bytes())
        filler = disk / "filler"
        with filler.open("wb", buffering=0) as handle, pytest.raises(OSError):
            while True:
                handle.write(bytes(4096))
                handle.flush()
        for args in (["courses"], ["init", str(COMP524)]):
            result = runner.invoke(app, ["--db", str(copy), *args])
            assert "Traceback" not in result.output
            if result.exit_code != 0:
                lines = [line for line in result.output.splitlines() if line.strip()]
                assert len(lines) == 1 and lines[0].startswith("error: "), result.output
                assert "full" in lines[0] or "disk" in lines[0], lines[0]
        assert result.exit_code == 2  # init must write: refused, in one line
    finally:
        subprocess.run(["umount", "-l", str(disk)], capture_output=True)
