"""SQLite pragmas on every connection, owner-only files, version counters."""

from __future__ import annotations

import stat

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session

from coursekit.db import migrate
from coursekit.db import models as m
from coursekit.db.engine import make_engine


def _mode(path) -> int:  # type: ignore[no-untyped-def]
    return stat.S_IMODE(path.stat().st_mode)


def test_sqlite_file_is_owner_only_with_pragmas(tmp_path) -> None:  # type: ignore[no-untyped-def]
    db_file = tmp_path / "sub" / "ck.sqlite3"
    engine = make_engine(f"sqlite:///{db_file}")
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() == 30000  # lock_wait_ms()
    assert _mode(db_file) == 0o600


def test_existing_file_mode_is_left_alone(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Issue 16: coursekit never changes the mode of a file it did not create (a 0400
    database used to be made writable)."""
    for mode in (0o644, 0o400):
        db_file = tmp_path / f"ck{mode:o}.sqlite3"
        db_file.touch(mode=mode)
        make_engine(f"sqlite:///{db_file}")
        assert _mode(db_file) == mode


def test_backup_is_owner_only_and_complete(course_ctx, tmp_path) -> None:  # type: ignore[no-untyped-def]
    target = migrate.backup_sqlite(course_ctx.engine, tmp_path / "backup.sqlite3")
    assert _mode(target) == 0o600
    copy = make_engine(f"sqlite:///{target}")
    with copy.connect() as conn:
        assert conn.execute(text("select count(*) from assessment")).scalar() == 35


def test_foreign_keys_are_enforced(ctx) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(IntegrityError), Session(ctx.engine) as session:
        session.add(m.Enrollment(course_id=999, student_pk=999))
        session.commit()


def test_student_id_is_unique_text_with_leading_zeros(ctx) -> None:  # type: ignore[no-untyped-def]
    with Session(ctx.engine) as session:
        session.add(m.Student(student_id="000123", name="A"))
        session.commit()
        assert session.exec(text("select student_id from student")).scalar() == "000123"  # type: ignore[call-overload]
        session.add(m.Student(student_id="000123", name="B"))
        with pytest.raises(IntegrityError):
            session.commit()


def test_concurrent_edit_is_a_conflict_not_a_lost_update(ctx) -> None:  # type: ignore[no-untyped-def]
    with Session(ctx.engine) as setup:
        setup.add(m.Student(student_id="1", name="Ada"))
        setup.commit()
    with Session(ctx.engine) as first, Session(ctx.engine) as second:
        a = first.get(m.Student, 1)
        b = second.get(m.Student, 1)
        assert a is not None and b is not None
        a.name = "Ada L."
        first.commit()
        b.name = "Ada Lovelace"
        with pytest.raises(StaleDataError):
            second.commit()
