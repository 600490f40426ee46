"""Output files under attack (issue 16): atomic verified backups, no ``.part`` leftovers
(even after a kill: cleaned at the next start), no writing through links, no FIFOs."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from coursekit.cli import app
from coursekit.config import Limits
from coursekit.db import migrate
from coursekit.interchange.atomic import UnsafeOutput, atomic_path, clean_stale_parts
from coursekit.interchange.spreadsheet import SpreadsheetError, read_sheet

REPO = Path(__file__).resolve().parents[2]
COMP529 = REPO / "syllabi" / "comp529-cloud-computing.toml"


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("COURSEKIT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("COURSEKIT_DB", raising=False)
    path = tmp_path / "class.sqlite3"
    assert CliRunner().invoke(app, ["--db", str(path), "init", str(COMP529)]).exit_code == 0
    return path


def parts(folder: Path) -> list[Path]:
    return [p for p in folder.iterdir() if p.name.endswith(".part")]


def test_backup_is_complete_and_verified(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "b.sqlite3"
    result = CliRunner().invoke(app, ["--db", str(db), "db", "backup", "--out", str(out)])
    assert result.exit_code == 0, result.output
    with sqlite3.connect(out) as conn:
        assert conn.execute("SELECT count(*) FROM assessment").fetchone() == (35,)
    assert parts(tmp_path) == []


def test_failed_backup_leaves_neither_target_nor_part(
    db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def short_copy(src: sqlite3.Connection, dst: sqlite3.Connection) -> None:
        dst.execute("DELETE FROM assessment")  # what a partial copy would look like
        dst.commit()
        migrate_verify(src, dst)

    migrate_verify = migrate.verify_copy
    monkeypatch.setattr(migrate, "verify_copy", short_copy)
    out = tmp_path / "b.sqlite3"
    result = CliRunner().invoke(app, ["--db", str(db), "db", "backup", "--out", str(out)])
    assert result.exit_code == 2
    assert "not written: the backup copy of table 'assessment' differs" in result.output
    assert not out.exists() and parts(tmp_path) == []


def test_backup_out_symlink_is_refused(db: Path, tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me", encoding="utf-8")
    link = tmp_path / "link.sqlite3"
    link.symlink_to(victim)
    result = CliRunner().invoke(app, ["--db", str(db), "db", "backup", "--out", str(link)])
    assert result.exit_code == 2 and "symbolic link" in result.output
    assert victim.read_text(encoding="utf-8") == "keep me" and link.is_symlink()


def test_fifo_is_refused_as_output_and_input(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    with pytest.raises(UnsafeOutput, match="pipe or device"), atomic_path(fifo):
        pass
    with pytest.raises(SpreadsheetError, match="pipe or device"):
        read_sheet(fifo, Limits())  # used to block forever
    assert parts(tmp_path) == []


def test_part_of_a_killed_writer_is_removed_at_next_start(tmp_path: Path) -> None:
    """A writer killed with SIGKILL mid-report leaves ``.NAME.xxx.part`` (student data);
    the next start removes it, and only it."""
    journal = tmp_path / "pending"
    code = (
        "import os, signal, sys\n"
        "from pathlib import Path\n"
        "from coursekit.interchange.atomic import atomic_path\n"
        f"with atomic_path(Path({str(tmp_path / 'grades.csv')!r})) as tmp:\n"
        "    tmp.write_text('0042,Ada,97')\n"
        "    os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    env = {**os.environ, "COURSEKIT_DATA_DIR": str(tmp_path)}
    proc = subprocess.run([sys.executable, "-c", code], env=env)
    assert proc.returncode == -9
    (left,) = parts(tmp_path)
    other = tmp_path / ".someone-else.part"
    other.write_text("not ours", encoding="utf-8")
    assert clean_stale_parts(journal) == [left.resolve()]
    assert parts(tmp_path) == [other] and list(journal.iterdir()) == []


def test_fifo_syllabus_and_template_are_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COURSEKIT_DATA_DIR", str(tmp_path / "data"))
    fifo = tmp_path / "syllabus.toml"
    os.mkfifo(fifo)
    result = CliRunner().invoke(app, ["--db", str(tmp_path / "x.sqlite3"), "init", str(fifo)])
    assert result.exit_code == 2 and "pipe or device" in result.output
    template = tmp_path / "stack.yaml"
    os.mkfifo(template)
    result = CliRunner().invoke(app, ["cfn", "check", str(template)])
    assert "pipe or device" in result.output and "Traceback" not in result.output
