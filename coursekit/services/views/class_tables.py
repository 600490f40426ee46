"""Class-wide raw tables the views do not return as such: every stored score (long form)
and every credit event. Read-only; used by the notebook adapter (``coursekit.frames``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Generic, NamedTuple, TypeVar

from sqlalchemy import select

from coursekit.db.tables import ASSESSMENT, CREDIT_EVENT, ENROLLMENT, SCORE
from coursekit.domain.engine_records import CreditEventRecord, StudentRef
from coursekit.domain.enums import EnrollmentStatus
from coursekit.services.context import ServiceContext, paused_gc
from coursekit.services.views.engine_data import (
    _plain_rows,
    load_course,
    load_students,
    utc_value,
)


class ScoreLine(NamedTuple):
    """One stored score of an active student, with its assessment (a NamedTuple: built
    380,000 times for a 10,000-student course, and read column-wise by the frames)."""

    enrollment_id: int
    assessment_key: str
    title: str
    kind: str
    category: str
    points_possible: float
    due_at: datetime | None
    points: float | None
    status: str
    submitted_at: datetime | None
    extended_due_at: datetime | None


T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class ClassTable(Generic[T]):
    students: tuple[StudentRef, ...]  # active students by sortable name
    rows: tuple[T, ...]


def _utc(value: datetime | str | None) -> datetime | None:
    if value is None:
        return None
    if type(value) is str:  # SQLite text: the cheap parse first (see engine_data.utc_value)
        try:
            return datetime.fromisoformat(value + "+00:00")
        except ValueError:
            pass
    return utc_value(value)


def score_lines(ctx: ServiceContext, course: str | None = None) -> ClassTable[ScoreLine]:
    """Every stored score of the course's active students, by student then assessment.

    The assessments (a few dozen) are read once and their fields shared by every row;
    the score rows come in the order of the (enrollment, assessment) unique index, so
    the database does not sort 380,000 rows for a 10,000-student course."""
    sc, a, e = SCORE.c, ASSESSMENT.c, ENROLLMENT.c
    with paused_gc(), ctx.read() as session:
        data = load_course(ctx, session, course)
        students = tuple(s.ref for s in load_students(session, data.id))
        conn = session.connection()
        meta = {
            aid: (key, title, kind, cat, possible, _utc(due))
            for aid, key, title, kind, cat, possible, due in _plain_rows(
                conn,
                select(a.id, a.key, a.title, a.kind, a.category, a.points_possible, a.due_at).where(
                    a.course_id == data.id
                ),
            )
        }
        query = (
            select(
                sc.enrollment_id,
                sc.assessment_id,
                sc.points,
                sc.status,
                sc.submitted_at,
                sc.extended_due_at,
            )
            .select_from(SCORE.join(ENROLLMENT, e.id == sc.enrollment_id))
            .where(e.course_id == data.id, e.status == EnrollmentStatus.ACTIVE.value)
            .order_by(sc.enrollment_id, sc.assessment_id)
        )
        raw = _plain_rows(conn, query)
        new = tuple.__new__
        rows = tuple(
            new(ScoreLine, (eid, *meta[aid], pts, status, _utc(sub), _utc(ext)))
            for eid, aid, pts, status, sub, ext in raw
        )
    return ClassTable(students, rows)


def credit_ledger(
    ctx: ServiceContext, course: str | None = None
) -> ClassTable[tuple[int, CreditEventRecord]]:
    """Every credit event (grant, usage snapshot, adjustment) of the active students:
    (enrollment id, event), oldest first per student."""
    ce, e = CREDIT_EVENT.c, ENROLLMENT.c
    with paused_gc(), ctx.read() as session:
        data = load_course(ctx, session, course)
        students = tuple(s.ref for s in load_students(session, data.id))
        query = (
            select(ce.enrollment_id, ce.id, ce.at, ce.kind, ce.amount_usd, ce.source)
            .select_from(CREDIT_EVENT.join(ENROLLMENT, e.id == ce.enrollment_id))
            .where(e.course_id == data.id, e.status == EnrollmentStatus.ACTIVE.value)
            .order_by(ce.enrollment_id, ce.at, ce.id)
        )
        rows = tuple(
            (eid, CreditEventRecord(cid, utc_value(at), kind, amount, source))
            for eid, cid, at, kind, amount, source in _plain_rows(session.connection(), query)
        )
    return ClassTable(students, rows)
