"""Schema changes only through the Alembic migrations shipped in the package.

Every command checks the schema on start. That check must stay cheap: the stored
revision is read with one query (``stored_revision``) and the head is read from the
migration files' ``revision`` / ``down_revision`` lines (``head_revision``); Alembic
(≈ 0.1 s of imports quiet, far more under load) is imported only when an upgrade is
due or the files cannot be read that simply.
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError

from coursekit.db.engine import ensure_owner_only_file, sqlite_path

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
VERSIONS_DIR = MIGRATIONS_DIR / "versions"
VERSION_TABLE = "alembic_version"

_REVISION = re.compile(r"^revision\s*(?::[^=]*)?=\s*['\"]([^'\"]+)['\"]", re.MULTILINE)
_DOWN = re.compile(r"^down_revision\s*(?::[^=]*)?=\s*(.+)$", re.MULTILINE)
_QUOTED = re.compile(r"['\"]([^'\"]+)['\"]")


def alembic_config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def stored_revision(engine: Engine) -> str | None:
    """The revision recorded in the database, with one query; None for a database
    without Alembic's version table (empty, never migrated)."""
    try:
        with engine.connect() as conn:
            rows = conn.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).fetchall()
    except DBAPIError:  # no version table yet (the connection is rolled back)
        return None
    if len(rows) != 1:  # none stored, or several heads: let Alembic decide
        return None if not rows else ",".join(sorted(r[0] for r in rows))
    return str(rows[0][0])


def current_revision(engine: Engine) -> str | None:
    """Alembic's own reading of the stored revision (used by tests and ``db upgrade``)."""
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


_Graph = tuple[frozenset[str], frozenset[str]]


def _graph_from_files(versions: Path = VERSIONS_DIR) -> _Graph | None:
    """(revisions, parents) of the migration graph read from the files' assignments, or
    None when a file does not declare them in the plain form Alembic writes."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in versions.glob("*.py"):
        source = path.read_text(encoding="utf-8")
        rev, down = _REVISION.search(source), _DOWN.search(source)
        if rev is None or down is None:
            return None
        revisions.add(rev.group(1))
        parents.update(_QUOTED.findall(down.group(1).split("#", 1)[0]))
    return (frozenset(revisions), frozenset(parents)) if revisions else None


def _heads_from_files(versions: Path = VERSIONS_DIR) -> list[str] | None:
    graph = _graph_from_files(versions)
    return None if graph is None else sorted(graph[0] - graph[1])


def head_revision() -> str | None:
    """The latest migration; from the files alone when the graph has one head."""
    heads = _heads_from_files(VERSIONS_DIR)
    if heads is not None and len(heads) == 1:
        return heads[0]
    return alembic_head_revision()


def alembic_head_revision() -> str | None:
    """Alembic's own answer (imports Alembic; kept for checks and odd layouts)."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def known_revisions() -> frozenset[str]:
    """Every revision this coursekit ships: anything else was written by a newer one.
    Read from the files like ``head_revision``; Alembic only for odd layouts."""
    graph = _graph_from_files(VERSIONS_DIR)
    if graph is not None:
        return graph[0]
    from alembic.script import ScriptDirectory

    scripts = ScriptDirectory.from_config(alembic_config())
    return frozenset(rev.revision for rev in scripts.walk_revisions())


def upgrade(engine: Engine, revision: str = "head") -> None:
    from alembic import command

    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


def is_current(engine: Engine) -> bool:
    """True when the database is at the head revision: one query, no Alembic."""
    return stored_revision(engine) == head_revision()


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
