"""Reads behind student identity: every student's identifying columns, every stored
identifier, a student by id, and what ``coursekit doctor`` looks at."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlmodel import Session, col

from coursekit.db import models as m

IdentityRow = tuple[int, str, str | None, str | None, str | None, str]
"""pk, student_id, lms_id, login, email, name."""


def student_identity_rows(session: Session) -> Iterable[IdentityRow]:
    """Every student's own identifying columns (they count as identifiers too)."""
    s = m.Student
    columns = (s.id, s.student_id, s.lms_id, s.login, s.email, s.name)
    rows: Iterable[IdentityRow] = session.execute(select(*(col(c) for c in columns)))
    return rows


def identifier_rows(session: Session) -> Iterable[tuple[int, str, str]]:
    """Every stored identifier: (student pk, kind, value)."""
    si = m.StudentIdentifier
    return session.execute(select(col(si.student_pk), col(si.kind), col(si.value)))


def student_pk_of(session: Session, *, student_id: str) -> int | None:
    """The student whose student id is exactly ``student_id``."""
    pk: int | None = session.scalar(
        select(col(m.Student.id)).where(col(m.Student.student_id) == student_id)
    )
    return pk


def student_names(session: Session) -> dict[int, tuple[str, str]]:
    """Every student: pk -> (student id, name)."""
    return {
        pk: (sid, name)
        for pk, sid, name in session.execute(
            select(col(m.Student.id), col(m.Student.student_id), col(m.Student.name))
        )
    }


def enrollment_pairs(session: Session) -> Iterable[tuple[int, int]]:
    """Every enrollment as (course id, student pk)."""
    e = m.Enrollment
    return session.execute(select(col(e.course_id), col(e.student_pk)))


def course_codes(session: Session) -> dict[int, str]:
    """Every course: id -> code."""
    return dict(session.execute(select(col(m.Course.id), col(m.Course.code))).all())
