"""Fixtures shared by the Canvas tests (a pytest plugin named in ``tests/conftest.py``):
the local Canvas server, an in-memory system keyring, and the COMP529 database on SQLite
or PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError

from support import canvas_server as server

TESTS = Path(__file__).resolve().parent.parent


class MemoryKeyring(KeyringBackend):
    """Stands in for the OS keyring (there is none in CI)."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.store.pop((service, username), None) is None:
            raise PasswordDeleteError("not found")


@pytest.fixture
def memory_keyring(monkeypatch: pytest.MonkeyPatch) -> Iterator[MemoryKeyring]:
    monkeypatch.delenv("CANVAS_API_TOKEN", raising=False)
    previous = keyring.get_keyring()
    ring = MemoryKeyring()
    keyring.set_keyring(ring)
    yield ring
    keyring.set_keyring(previous)


@pytest.fixture
def no_keyring(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    from keyring.backends.fail import Keyring as FailKeyring

    monkeypatch.delenv("CANVAS_API_TOKEN", raising=False)
    previous = keyring.get_keyring()
    keyring.set_keyring(FailKeyring())
    yield
    keyring.set_keyring(previous)


@pytest.fixture
def canvas() -> Iterator[tuple[Any, str]]:
    """A running local Canvas with COMP529's three first labs and three students."""
    fake = server.comp529_course(3)
    httpd, url = fake.start()
    yield fake, url
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_ctx(request: pytest.FixtureRequest) -> Any:
    """COMP529 (no students yet) on SQLite, then on PostgreSQL."""
    from coursekit.services.courses import init_course

    ctx = request.getfixturevalue("ctx" if request.param == "sqlite" else "pg_ctx")
    init_course(ctx, TESTS.parent / "syllabi" / "comp529-cloud-computing.toml")
    return ctx
