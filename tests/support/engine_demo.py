"""The demo database (``build_demo``: COMP529 with the sample roster, gradebook, credits and
practice files) for the course-engine screens, built once per test process and copied per
test, plus the fixed clock every such test uses (the demo is dated Fall 2026)."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from coursekit.config import Settings, default_syllabi_dir, sqlite_url

NOW = datetime(2026, 11, 16, 10, tzinfo=UTC)
SIZE = (120, 40)
_TEMPLATE: dict[str, Path] = {}


def _settings(directory: Path) -> Settings:
    return Settings(
        db_url=sqlite_url(directory / "demo.sqlite3"),
        data_dir=directory,
        syllabi_dir=default_syllabi_dir(),
        actor="tester",
    )


def demo_template(directory: Path) -> Path:
    """The demo SQLite file, built on first use in ``directory`` (then reused)."""
    if "db" not in _TEMPLATE:
        from coursekit.services.demo import build_demo

        build_demo(_settings(directory), fresh=True)
        _TEMPLATE["db"] = directory / "demo.sqlite3"
    return _TEMPLATE["db"]


def demo_ctx(template: Path, directory: Path) -> Any:
    """A private copy of the demo database, opened."""
    from coursekit.services.context import ServiceContext

    source = sqlite3.connect(template)
    target = sqlite3.connect(directory / "demo.sqlite3")
    try:
        source.backup(target)
    finally:
        source.close()
        target.close()
    return ServiceContext.open(_settings(directory))
