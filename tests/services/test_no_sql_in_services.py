"""Every query lives in ``coursekit/db/queries``: the services hold use cases,
transactions and decisions, never SQL. The scanner reads the source (``ast``) and names
``file:line`` of each statement-builder import and ``.execute(``/``.exec(`` call."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.support.sql_scan import findings_in_source, sql_findings

SERVICES = REPO / "coursekit" / "services"
# The services modules the rule covers (importing/ has its own move to db/queries).
CHECKED = [
    SERVICES / "views",
    SERVICES / "roster",
    SERVICES / "reporting",
    SERVICES / "canvas",
    SERVICES / "audit.py",
    SERVICES / "checklists.py",
    SERVICES / "context.py",
    SERVICES / "courses.py",
    SERVICES / "demo.py",
    SERVICES / "student_lookup.py",
]


def _files() -> list[Path]:
    out: list[Path] = []
    for path in CHECKED:
        assert path.exists(), path
        out.extend(sorted(path.rglob("*.py")) if path.is_dir() else [path])
    return out


def test_the_services_hold_no_sql() -> None:
    found = sql_findings(_files(), REPO)
    assert not found, "SQL belongs in coursekit/db/queries:\n" + "\n".join(found)


@pytest.mark.parametrize(
    ("source", "line", "what"),
    [
        ("from sqlmodel import Session, select\n", 1, "imports select from sqlmodel"),
        ("x = 1\nfrom sqlalchemy import and_ as both\n", 2, "imports and_ from sqlalchemy"),
        ("from sqlalchemy.sql import text\n", 1, "imports text from sqlalchemy.sql"),
        ("import sqlalchemy as sa\n", 1, "imports the module sqlalchemy"),
        ("from sqlalchemy import Table\n", 1, "imports Table from sqlalchemy"),
        ("def f(s):\n    return s.execute(q)\n", 2, "calls .execute("),
        ("def f(s):\n    return s.connection().exec(q)\n", 2, "calls .exec("),
    ],
)
def test_the_scanner_names_the_line_of_each_kind_of_sql(source: str, line: int, what: str) -> None:
    assert list(findings_in_source(source, "m.py")) == [f"m.py:{line}: {what}"]


def test_the_scanner_lets_sessions_errors_and_typing_only_imports_through() -> None:
    source = (
        "from typing import TYPE_CHECKING\n"
        "from sqlalchemy import Connection, Engine\n"
        "from sqlalchemy.exc import IntegrityError\n"
        "from sqlalchemy.orm.exc import StaleDataError\n"
        "from sqlmodel import Session\n"
        "if TYPE_CHECKING:\n"
        "    from sqlalchemy import Select\n"
        "def f(ctx):\n"
        "    return ctx.read()\n"
    )
    assert list(findings_in_source(source, "m.py")) == []
