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
