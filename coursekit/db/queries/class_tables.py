"""Class-wide raw tables: every stored score of the active students (long form) and
every credit event, as rows for the notebook adapter."""

from __future__ import annotations

from datetime import datetime
from typing import NamedTuple

from sqlalchemy import select
from sqlmodel import Session

from coursekit.db.queries.raw_rows import plain_rows, utc_or_none, utc_value
from coursekit.db.tables import ASSESSMENT, CREDIT_EVENT, ENROLLMENT, SCORE
from coursekit.domain.engine_records import CreditEventRecord
from coursekit.domain.enums import EnrollmentStatus


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


def score_lines(session: Session, *, course_id: int) -> tuple[ScoreLine, ...]:
    """Every stored score of the course's active students, by student then assessment.

    The assessments (a few dozen) are read once and their fields shared by every row;
    the score rows come in the order of the (enrollment, assessment) unique index, so
    the database does not sort 380,000 rows for a 10,000-student course."""
    sc, a, e = SCORE.c, ASSESSMENT.c, ENROLLMENT.c
    conn = session.connection()
    meta = {
        aid: (key, title, kind, cat, possible, utc_or_none(due))
        for aid, key, title, kind, cat, possible, due in plain_rows(
            conn,
            select(a.id, a.key, a.title, a.kind, a.category, a.points_possible, a.due_at).where(
                a.course_id == course_id
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
        .where(e.course_id == course_id, e.status == EnrollmentStatus.ACTIVE.value)
        .order_by(sc.enrollment_id, sc.assessment_id)
    )
    raw = plain_rows(conn, query)
    new = tuple.__new__
    return tuple(
        new(ScoreLine, (eid, *meta[aid], pts, status, utc_or_none(sub), utc_or_none(ext)))
        for eid, aid, pts, status, sub, ext in raw
    )


def credit_ledger(session: Session, *, course_id: int) -> tuple[tuple[int, CreditEventRecord], ...]:
    """Every credit event of the course's active students: (enrollment id, event),
    oldest first per student."""
    ce, e = CREDIT_EVENT.c, ENROLLMENT.c
    query = (
        select(ce.enrollment_id, ce.id, ce.at, ce.kind, ce.amount_usd, ce.source)
        .select_from(CREDIT_EVENT.join(ENROLLMENT, e.id == ce.enrollment_id))
        .where(e.course_id == course_id, e.status == EnrollmentStatus.ACTIVE.value)
        .order_by(ce.enrollment_id, ce.at, ce.id)
    )
    return tuple(
        (eid, CreditEventRecord(cid, utc_value(at), kind, amount, source))
        for eid, cid, at, kind, amount, source in plain_rows(session.connection(), query)
    )
