"""``make_engine(url)``: the one place engines are made (never at import time)."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.pool import StaticPool

from coursekit.config import lock_wait_ms

OWNER_ONLY = 0o600
BUSY_TIMEOUT_MS = 5_000  # in-memory databases; files wait config.lock_wait_ms()


def sqlite_path(url: str) -> Path | None:
    """The file behind a SQLite URL, or None (in-memory or another backend)."""
    parsed = make_url(url)
    if (
        parsed.get_backend_name() != "sqlite"
        or not parsed.database
        or parsed.database == ":memory:"
    ):
        return None
    return Path(parsed.database)


def ensure_owner_only_file(path: Path) -> None:
    """Create ``path`` (and its folder) readable by the owner only. An existing file is
    left exactly as it is: coursekit never changes the mode of a file it did not create
    (a 0400 database made writable behind the user's back was an issue-16 finding)."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_RDWR, OWNER_ONLY)
    except FileExistsError:
        return
    os.close(fd)
    os.chmod(path, OWNER_ONLY)


def _on_sqlite_connect(db_file: Path | None, busy_ms: int) -> Any:
    def set_pragmas(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
        cursor = dbapi_conn.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={busy_ms}")
        if db_file is not None:
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()
        if db_file is not None:  # WAL side files hold the same records
            for suffix in ("-wal", "-shm"):
                side = db_file.with_name(db_file.name + suffix)
                if side.exists():
                    os.chmod(side, OWNER_ONLY)

    return set_pragmas


def make_engine(url: str, *, echo: bool = False) -> Engine:
    """An engine for any SQLAlchemy URL; SQLite gets FK/WAL/busy-timeout pragmas
    on every connection and an owner-only database file."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        if parsed.drivername == "postgresql":  # default to psycopg 3
            url = parsed.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
        return create_engine(url, echo=echo, pool_pre_ping=True)
    db_file = sqlite_path(url)
    if db_file is None:
        engine = create_engine(
            url, echo=echo, connect_args={"check_same_thread": False}, poolclass=StaticPool
        )
    else:
        ensure_owner_only_file(db_file)
        engine = create_engine(url, echo=echo, connect_args={"check_same_thread": False})
    busy_ms = BUSY_TIMEOUT_MS if db_file is None else lock_wait_ms()
    event.listen(engine, "connect", _on_sqlite_connect(db_file, busy_ms))
    return engine
