"""Shared fixtures: a migrated database (SQLite file by default, PostgreSQL for
``postgres`` tests) with the COMP529 course initialised from ``syllabi/``."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from coursekit.config import Settings, default_syllabi_dir, sqlite_url

REPO = Path(__file__).resolve().parent.parent
SYLLABI = REPO / "syllabi"
COMP529 = SYLLABI / "comp529-cloud-computing.toml"
COMP524 = SYLLABI / "comp524-cybersecurity.toml"
ROSTERS = REPO / "rosters"
# Fixtures shared across folders live in tests/support/ (importable: pythonpath in pyproject).
pytest_plugins = ("support.canvas_fixtures",)
PG_ADMIN_URL = os.environ.get(
    "COURSEKIT_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)


def make_settings(db_url: str, tmp_path: Path) -> Settings:
    return Settings(
        db_url=db_url, data_dir=tmp_path, syllabi_dir=default_syllabi_dir(), actor="tester"
    )


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return make_settings(sqlite_url(tmp_path / "coursekit.sqlite3"), tmp_path)


@pytest.fixture
def ctx(settings: Settings) -> Iterator[object]:
    """An empty, migrated database."""
    from coursekit.services.context import ServiceContext

    context = ServiceContext.open(settings)
    yield context
    context.close()


@pytest.fixture
def course_ctx(ctx: object) -> object:
    """A database holding COMP529 (no students yet)."""
    from coursekit.services.courses import init_course

    init_course(ctx, COMP529)  # type: ignore[arg-type]
    return ctx


@pytest.fixture(scope="session")
def pg_server_url() -> Iterator[str]:
    """A fresh PostgreSQL database for this test session, dropped afterwards.

    Fails (never skips) when the server is unreachable: CI must run these tests.
    """
    from sqlalchemy import create_engine, text

    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    name = f"coursekit_test_{uuid.uuid4().hex[:12]}"
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:  # pragma: no cover - environment problem
        pytest.fail(f"PostgreSQL server unreachable at {PG_ADMIN_URL}: {exc.__class__.__name__}")
    url = admin.url.set(database=name).render_as_string(hide_password=False)
    yield url
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def pg_ctx(pg_server_url: str, tmp_path: Path) -> Iterator[object]:
    """A migrated, empty PostgreSQL database (tables emptied after each test)."""
    from sqlalchemy import text
    from sqlmodel import SQLModel

    from coursekit.services.context import ServiceContext

    context = ServiceContext.open(make_settings(pg_server_url, tmp_path))
    yield context
    with context.engine.begin() as conn:
        names = ", ".join(f'"{t.name}"' for t in SQLModel.metadata.sorted_tables)
        conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    context.close()
