"""Never open, create or migrate a database the user did not mean (issue 16).

``check_url`` runs before an engine is made: a URL SQLAlchemy cannot load, a
server URL without a database name, a SQLite path that is a folder, a special
file, not a SQLite file at all, read-only or immutable, or missing (unless the
command creates databases: ``init``, ``db upgrade``) is refused with one line.

``check_schema`` runs on the first connection: a database holding tables that
are not coursekit's is refused, as is one written by a newer coursekit, and an
empty one unless the command creates databases.

``describe_db_error`` turns what the driver raises later (locked, full disk,
damaged file, unreachable server) into one line without SQL or parameters.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Set as AbstractSet
from pathlib import Path

from sqlalchemy import Engine, inspect
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError

SQLITE_MAGIC = b"SQLite format 3\x00"
CREATE_HINT = "run `coursekit init SYLLABUS.toml` or `coursekit db upgrade` to create one"


class DatabaseRefused(Exception):
    """The database cannot or must not be used; ``str()`` is one line."""


def parse_url(url: str) -> URL:
    try:
        return make_url(url)
    except (ArgumentError, ValueError):
        raise DatabaseRefused("--db: not a database URL or SQLite file path") from None


def check_url(url: str, *, create: bool) -> None:
    parsed = parse_url(url)
    backend = parsed.get_backend_name()
    if parsed.drivername == "postgresql":  # make_engine's default driver: psycopg 3
        parsed = parsed.set(drivername="postgresql+psycopg")
    try:
        parsed.get_dialect().import_dbapi()
    except NoSuchModuleError:
        raise DatabaseRefused(
            f"--db: unknown database kind {backend!r} (use a SQLite file path or "
            "postgresql://HOST/DATABASE)"
        ) from None
    except ImportError as exc:
        raise DatabaseRefused(
            f"--db: the {parsed.drivername} driver is not installed ({exc.name or 'module'} "
            "missing)"
        ) from None
    if backend == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            check_sqlite_file(Path(parsed.database), create=create)
        return
    if not parsed.database:
        raise DatabaseRefused(
            f"--db: the {backend} URL names no database (write {backend}://HOST/DATABASE); "
            "refusing to guess one"
        )


def check_sqlite_file(path: Path, *, create: bool) -> None:
    try:
        info = path.stat()
    except FileNotFoundError:
        if not create:
            raise DatabaseRefused(f"{path}: no database there ({CREATE_HINT})") from None
        if path.parent.exists() and not path.parent.is_dir():
            raise DatabaseRefused(f"{path.parent}: not a folder") from None
        return
    except OSError as exc:
        raise DatabaseRefused(f"{path}: {exc.strerror or 'cannot be read'}") from None
    if stat.S_ISDIR(info.st_mode):
        raise DatabaseRefused(f"{path}: is a folder, not a database file")
    if not stat.S_ISREG(info.st_mode):
        raise DatabaseRefused(f"{path}: not a regular file (a pipe or device?)")
    if info.st_size == 0:
        if not create:
            raise DatabaseRefused(f"{path}: an empty file, not a database ({CREATE_HINT})")
        return
    try:
        with path.open("rb") as handle:
            magic = handle.read(len(SQLITE_MAGIC))
    except OSError as exc:
        raise DatabaseRefused(f"{path}: {exc.strerror or 'cannot be read'}") from None
    if magic != SQLITE_MAGIC:
        raise DatabaseRefused(f"{path}: not a SQLite database (a csv, a spreadsheet or damaged?)")
    if not info.st_mode & stat.S_IWUSR:
        raise DatabaseRefused(
            f"{path}: the file is read-only (mode {stat.S_IMODE(info.st_mode):04o}); "
            "coursekit needs to write to it — copy it or `chmod u+w` it"
        )
    try:
        os.close(os.open(path, os.O_RDWR))
    except OSError as exc:
        raise DatabaseRefused(
            f"{path}: cannot be opened for writing ({exc.strerror or 'denied'}; "
            "read-only or immutable file?)"
        ) from None


def check_schema(engine: Engine, *, create: bool, known_revisions: AbstractSet[str]) -> None:
    """Refuse foreign, newer-schema and (unless ``create``) empty databases."""
    try:
        with engine.connect() as conn:
            tables = set(inspect(conn).get_table_names())
            revision = None
            if "alembic_version" in tables:
                revision = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
    except DBAPIError as exc:
        raise DatabaseRefused(describe_db_error(exc, engine.url)) from None
    if not tables:
        if not create:
            raise DatabaseRefused(f"{_where(engine.url)}: an empty database ({CREATE_HINT})")
        return
    if "alembic_version" not in tables or ("course" not in tables and revision is not None):
        raise DatabaseRefused(
            f"{_where(engine.url)}: holds other tables and is not a coursekit database; "
            "refusing to add coursekit's tables to it"
        )
    if revision is not None and revision not in known_revisions:
        raise DatabaseRefused(
            f"{_where(engine.url)}: written by a newer coursekit (schema {revision}); "
            "upgrade coursekit to open it"
        )


def _where(url: URL) -> str:
    if url.get_backend_name() == "sqlite":
        return str(url.database or "the in-memory database")
    return f"{url.get_backend_name()} database {url.database!r} on {url.host or 'localhost'}"


def describe_db_error(exc: BaseException, url: URL | None = None) -> str | None:
    """One line for a driver error a user can cause or fix, else None (a bug: log it)."""
    orig = getattr(exc, "orig", None) or exc
    text = " ".join(str(orig).split()).lower()  # every line: psycopg puts the cause last
    where = _where(url) if url is not None else "the database"
    if (isinstance(orig, OSError) and orig.errno == errno.ENOSPC) or "disk is full" in text:
        return f"{where}: the disk is full (nothing was changed); free some space and retry"
    if "database is locked" in text or "database table is locked" in text:
        return (
            f"{where}: the database is locked by another coursekit process (an import?); "
            "waited and gave up — retry when it has finished"
        )
    if "readonly database" in text or "read-only" in text:
        return f"{where}: the database cannot be written (read-only file or folder)"
    if "malformed" in text or "not a database" in text or "file is encrypted" in text:
        return f"{where}: the database file is damaged or not a SQLite database"
    if "unable to open database file" in text:
        return f"{where}: cannot open the database file (missing folder or no permission)"
    if "disk i/o error" in text:
        return f"{where}: a disk error while using the database (disk full or failing?)"
    if "does not exist" in text and 'database "' in text:
        return f"{where}: no such database on the server"
    if "password authentication failed" in text or "authentication" in text:
        return f"{where}: the server refused the login (user or password)"
    if "connection refused" in text or "could not connect" in text or "connection failed" in text:
        return f"{where}: cannot connect to the database server (is it running and reachable?)"
    if "timeout" in text or "timed out" in text:
        return f"{where}: the database server did not answer in time"
    return None
