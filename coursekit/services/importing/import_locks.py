"""Keep edits and a running import from overwriting each other (issue 16).

An import checks, inside its transaction, that nothing changed since its plan
(``import_state.state_token``). On SQLite that is enough: one writer at a time,
and a transaction that read before another's commit cannot write after it. On
PostgreSQL (READ COMMITTED) an edit could commit *during* a long import, to a row
the import had not reached yet; the import then overwrote it and audited the
wrong old value. So, before checking the token, the import takes an EXCLUSIVE
lock on the tables it writes: readers go on, concurrent writers wait until the
import ends — and then fail their own version check, a clean conflict for one
side (the edit), never a silent loss.
"""

from __future__ import annotations

from sqlmodel import Session

from coursekit.db import models as m

LOCKED_TABLES = tuple(
    str(model.__tablename__)
    for model in (m.Student, m.Enrollment, m.Score, m.CreditEvent, m.PracticeAttempt)
)


def lock_for_import(session: Session) -> None:
    """Block concurrent writers of the import's tables until this transaction ends."""
    if session.get_bind().dialect.name != "postgresql":
        return  # SQLite: the write transaction already serialises writers
    tables = ", ".join(f'"{name}"' for name in LOCKED_TABLES)
    session.connection().exec_driver_sql(f"LOCK TABLE {tables} IN EXCLUSIVE MODE")
