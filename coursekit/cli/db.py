"""``coursekit db upgrade|path|backup``."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import typer

from coursekit.cli.support import fail, settings, user_errors

app = typer.Typer(help="Database schema, location and backups.", no_args_is_help=True)


@app.command()
@user_errors
def upgrade() -> None:
    """Create the database, or bring its schema to the latest migration (backs up a SQLite
    file first). With ``init``, the only command that creates a database."""
    from coursekit.db import migrate, safety
    from coursekit.db.engine import make_engine, sqlite_path

    cfg = settings()
    try:
        safety.check_url(cfg.db_url, create=True)
        engine = make_engine(cfg.db_url)
        safety.check_schema(engine, create=True, known_revisions=migrate.known_revisions())
    except safety.DatabaseRefused as exc:
        raise fail(str(exc)) from None
    before = migrate.current_revision(engine)
    if before == migrate.head_revision():
        typer.echo(f"already at {before}")
        return
    db_file = sqlite_path(cfg.db_url)
    if before is not None and db_file is not None:
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        _atomic_backup(engine, db_file.with_name(f"{db_file.stem}-pre-{stamp}.sqlite3"))
    migrate.upgrade(engine)
    typer.echo(f"upgraded {before or 'empty database'} -> {migrate.head_revision()}")


@app.command()
def path() -> None:
    """Print the database URL in use (the file path for SQLite)."""
    from coursekit.db.engine import sqlite_path

    cfg = settings()
    typer.echo(str(sqlite_path(cfg.db_url) or cfg.db_url))


@app.command()
@user_errors
def backup(
    out: Path = typer.Option(
        None, "--out", "-o", help="Backup file (default: next to the database)."
    ),
) -> None:
    """Online backup of the SQLite database into an owner-only file: written to a
    temporary file, verified, then renamed (a failure leaves no partial backup)."""
    from coursekit.db import safety
    from coursekit.db.engine import make_engine, sqlite_path

    cfg = settings()
    db_file = sqlite_path(cfg.db_url)
    if db_file is None:
        raise fail("backup works on SQLite files; use pg_dump for PostgreSQL")
    try:
        safety.check_url(cfg.db_url, create=False)
    except safety.DatabaseRefused as exc:
        raise fail(str(exc)) from None
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = out or db_file.with_name(f"{db_file.stem}-backup-{stamp}.sqlite3")
    engine = make_engine(cfg.db_url)
    try:
        _atomic_backup(engine, target)
    finally:
        engine.dispose()
    typer.echo(str(target))


def _atomic_backup(engine: object, target: Path) -> None:
    from coursekit.db import migrate
    from coursekit.interchange.atomic import atomic_path

    with atomic_path(target) as tmp:
        try:
            migrate.backup_sqlite(engine, tmp)  # type: ignore[arg-type]
        except migrate.BackupMismatch as exc:
            raise fail(f"{target}: not written: {exc}") from None
