"""The importing services hold no SQL: their queries live in ``coursekit/db/queries/``
(issue 13 item 1). A service that builds or runs a statement is named by file:line."""

from __future__ import annotations

from pathlib import Path

from support.sql_scan import scan_packages, scan_source

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("coursekit/services/importing",)  # the service packages kept free of SQL


def test_importing_services_hold_no_sql() -> None:
    found = scan_packages(ROOT, PACKAGES)
    assert found == [], "SQL in services (move it to coursekit/db/queries/):\n" + "\n".join(found)


def test_the_scan_names_each_statement_builder_and_query_call_by_line() -> None:
    source = "\n".join(
        [
            "from typing import TYPE_CHECKING",  # 1
            "from sqlalchemy import Connection, select",  # 2
            "from sqlalchemy.exc import IntegrityError",  # 3
            "from sqlmodel import Session, col",  # 4
            "import sqlalchemy as sa",  # 5
            "if TYPE_CHECKING:",  # 6
            "    from sqlalchemy import Table",  # 7
            "def f(session: Session) -> None:",  # 8
            "    session.execute(select(1))",  # 9
            "    session.exec(None)",  # 10
            "    session.connection().exec_driver_sql('LOCK TABLE x')",  # 11
            "    {}.get('x')",  # 12
        ]
    )
    assert scan_source(source, "svc.py") == [
        "svc.py:2: imports select from sqlalchemy",
        "svc.py:4: imports col from sqlmodel",
        "svc.py:5: imports sqlalchemy",
        "svc.py:9: calls .execute(",
        "svc.py:10: calls .exec(",
        "svc.py:11: calls .exec_driver_sql(",
    ]
