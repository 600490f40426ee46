"""Every query lives in ``coursekit/db/queries``: the services hold use cases,
transactions and decisions, never SQL (issue 13 item 1). The scanner reads the source
(``ast``) and names ``file:line`` of each statement-builder import and each call that
runs a statement."""

from __future__ import annotations

import pytest

from support.sql_scan import scan_packages, scan_source
from tests.conftest import REPO


def test_no_services_module_holds_sql() -> None:
    found = scan_packages(REPO, ["coursekit/services"])
    assert found == [], "SQL belongs in coursekit/db/queries:\n" + "\n".join(found)


@pytest.mark.parametrize(
    ("source", "line", "what"),
    [
        ("from sqlmodel import Session, select\n", 1, "imports select from sqlmodel"),
        ("x = 1\nfrom sqlalchemy import and_ as both\n", 2, "imports and_ from sqlalchemy"),
        ("from sqlalchemy.sql import text\n", 1, "imports text from sqlalchemy.sql"),
        ("import sqlalchemy as sa\n", 1, "imports sqlalchemy"),
        ("from sqlalchemy import Table\n", 1, "imports Table from sqlalchemy"),
        ("def f(s):\n    return s.execute(q)\n", 2, "calls .execute("),
        ("def f(s):\n    return s.connection().exec(q)\n", 2, "calls .exec("),
        ("def f(s):\n    return s.connection().exec_driver_sql(q)\n", 2, "calls .exec_driver_sql("),
        ("def f(s):\n    return s.scalars(q)\n", 2, "calls .scalars("),
    ],
)
def test_the_scanner_names_the_line_of_each_kind_of_sql(source: str, line: int, what: str) -> None:
    assert scan_source(source, "m.py") == [f"m.py:{line}: {what}"]


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
    assert scan_source(source, "m.py") == []
