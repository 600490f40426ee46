"""Schema changes only through the Alembic migrations shipped in the package."""

from __future__ import annotations

import sqlite3
from functools import lru_cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from coursekit.db.engine import ensure_owner_only_file, sqlite_path

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


@lru_cache(maxsize=1)
def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


@lru_cache(maxsize=1)
def known_revisions() -> frozenset[str]:
    """Every revision this coursekit ships: anything else was written by a newer one."""
    scripts = ScriptDirectory.from_config(alembic_config())
    return frozenset(rev.revision for rev in scripts.walk_revisions())


def upgrade(engine: Engine, revision: str = "head") -> None:
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


def is_current(engine: Engine) -> bool:
    return current_revision(engine) == head_revision()


def backup_sqlite(engine: Engine, target: Path) -> Path:
    """Online backup (SQLite backup API) into ``target`` (created owner-only), then verified:
    ``quick_check`` passes and every table holds as many rows as the source's. For an
    atomic backup, write into a temporary file and rename it (``cli.db`` does)."""
    source = sqlite_path(str(engine.url))
    if source is None:
        raise ValueError("backup works on SQLite database files; use pg_dump for PostgreSQL")
    ensure_owner_only_file(target)
    src = sqlite3.connect(f"file:{source}?mode=rw", uri=True)  # never creates a file
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
        verify_copy(src, dst)
    finally:
        dst.close()
        src.close()
    return target


class BackupMismatch(Exception):
    """The copy does not hold what the source holds (one line, no data)."""


def verify_copy(src: sqlite3.Connection, dst: sqlite3.Connection) -> None:
    if dst.execute("PRAGMA quick_check").fetchone() != ("ok",):
        raise BackupMismatch("the backup copy failed its integrity check")
    tables = [
        row[0]
        for row in src.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    ]
    for table in tables:
        query = f'SELECT count(*) FROM "{table.replace(chr(34), chr(34) * 2)}"'
        if src.execute(query).fetchone() != dst.execute(query).fetchone():
            raise BackupMismatch(f"the backup copy of table {table!r} differs from the source")
