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
    """Bring the schema to the latest migration (backs up a SQLite file first)."""
    from coursekit.db import migrate
    from coursekit.db.engine import make_engine, sqlite_path

    cfg = settings()
    engine = make_engine(cfg.db_url)
    before = migrate.current_revision(engine)
    if before == migrate.head_revision():
        typer.echo(f"already at {before}")
        return
    db_file = sqlite_path(cfg.db_url)
    if before is not None and db_file is not None:
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        migrate.backup_sqlite(engine, db_file.with_name(f"{db_file.stem}-pre-{stamp}.sqlite3"))
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
    """Online backup of the SQLite database into an owner-only file."""
    from coursekit.db import migrate
    from coursekit.db.engine import make_engine, sqlite_path

    cfg = settings()
    db_file = sqlite_path(cfg.db_url)
    if db_file is None:
        raise fail("backup works on SQLite files; use pg_dump for PostgreSQL")
    if not db_file.exists():
        raise fail(f"{db_file}: no database yet")
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = out or db_file.with_name(f"{db_file.stem}-backup-{stamp}.sqlite3")
    migrate.backup_sqlite(make_engine(cfg.db_url), target)
    typer.echo(str(target))
