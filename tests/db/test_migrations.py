"""The schema comes only from Alembic migrations, and they match the models exactly."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect
from sqlmodel import SQLModel

from coursekit.db import migrate
from coursekit.db.engine import make_engine


def _diff(engine) -> list:  # type: ignore[no-untyped-def]
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        return compare_metadata(context, SQLModel.metadata)


def test_migrations_produce_the_models_schema_on_sqlite(tmp_path) -> None:  # type: ignore[no-untyped-def]
    engine = make_engine(f"sqlite:///{tmp_path / 'm.sqlite3'}")
    migrate.upgrade(engine)
    assert _diff(engine) == []
    assert migrate.is_current(engine)
    assert set(inspect(engine).get_table_names()) >= {
        t.name for t in SQLModel.metadata.sorted_tables
    }


@pytest.mark.postgres
def test_migrations_produce_the_models_schema_on_postgres(pg_ctx) -> None:  # type: ignore[no-untyped-def]
    assert migrate.is_current(pg_ctx.engine)
    assert _diff(pg_ctx.engine) == []


def test_upgrade_is_idempotent(tmp_path) -> None:  # type: ignore[no-untyped-def]
    engine = make_engine(f"sqlite:///{tmp_path / 'm.sqlite3'}")
    migrate.upgrade(engine)
    migrate.upgrade(engine)
    assert migrate.current_revision(engine) == migrate.head_revision()


def test_head_read_from_the_files_matches_alembic() -> None:
    assert migrate.head_revision() == migrate.alembic_head_revision()


def test_stored_revision_is_none_on_an_empty_database_and_head_after_upgrade(tmp_path) -> None:  # type: ignore[no-untyped-def]
    engine = make_engine(f"sqlite:///{tmp_path / 'm.sqlite3'}")
    assert migrate.stored_revision(engine) is None
    assert not migrate.is_current(engine)
    migrate.upgrade(engine)
    assert migrate.stored_revision(engine) == migrate.current_revision(engine)
    assert migrate.is_current(engine)


def test_heads_from_files_finds_the_one_unreferenced_revision(tmp_path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "a.py").write_text("revision = '0001'\ndown_revision = None\n")
    (tmp_path / "b.py").write_text('revision: str = "0002"\ndown_revision: str | None = "0001"\n')
    (tmp_path / "c.py").write_text("revision = '0003'\ndown_revision = ('0002', 'x')  # merge\n")
    assert migrate._heads_from_files(tmp_path) == ["0003"]
    (tmp_path / "d.py").write_text("REV = '0004'\n")  # not the plain form: let Alembic read it
    assert migrate._heads_from_files(tmp_path) is None


def test_a_database_command_does_not_import_alembic(course_ctx, settings) -> None:  # type: ignore[no-untyped-def]
    import json
    import os
    import subprocess
    import sys

    # nor the ORM, SQLModel or the model classes: the course list is one Core query; nor
    # pydantic (Typer 0.29 builds a pydantic adapter per parameter: pyproject bounds Typer),
    # the import rules or the TOML reader (the CLI's error handling imports them on failure),
    # nor the modules of the other commands (cli.lazy imports a command when it is run)
    code = (
        "import sys; from coursekit.cli import app\n"
        "try:\n    app(['courses', '--json'])\nexcept SystemExit:\n    pass\n"
        "heavy = ('alembic', 'pandas', 'textual', 'openpyxl', 'sqlmodel', 'sqlalchemy.orm',\n"
        "         'coursekit.db.models', 'coursekit.domain.syllabus', 'pydantic',\n"
        "         'coursekit.domain.imports', 'coursekit.interchange.toml_source')\n"
        "print(sorted(m for m in sys.modules\n"
        "             if any(m == h or m.startswith(h + '.') for h in heavy)))\n"
        "print(sorted(m for m in sys.modules if m.startswith('coursekit.cli.')))"
    )
    env = {**os.environ, "COURSEKIT_DB": settings.db_url}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    *listing, imported, cli_modules = out.stdout.strip().splitlines()
    assert imported == "[]"
    assert cli_modules == "['coursekit.cli.lazy', 'coursekit.cli.support']"
    courses = json.loads("\n".join(listing))
    assert [(c["code"], c["assessments"], c["students"]) for c in courses] == [("COMP529", 35, 0)]
