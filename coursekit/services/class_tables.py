"""Class-wide raw tables the views do not return as such: every stored score (long form)
and every credit event. Read-only; used by the notebook adapter (``coursekit.frames``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Generic, NamedTuple, TypeVar

from sqlalchemy import select

from coursekit.domain.engine_records import CreditEventRecord, StudentRef
from coursekit.domain.enums import EnrollmentStatus
from coursekit.services.context import ServiceContext, paused_gc
from coursekit.services.engine_data import (
    ASSESSMENT,
    CREDIT_EVENT,
    ENROLLMENT,
    SCORE,
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


def _utc(value: object) -> datetime | None:
    if value is None:
        return None
    if type(value) is str:  # SQLite text: the cheap parse first (see engine_data.utc_value)
        try:
            return datetime.fromisoformat(value + "+00:00")
        except ValueError:
            pass
    return utc_value(value)  # type: ignore[arg-type]


def score_lines(ctx: ServiceContext, course: str | None = None) -> ClassTable[ScoreLine]:
    """Every stored score of the course's active students, in syllabus order."""
    sc, a, e = SCORE.c, ASSESSMENT.c, ENROLLMENT.c
    with paused_gc(), ctx.read() as session:
        data = load_course(ctx, session, course)
        students = tuple(s.ref for s in load_students(session, data.id))
        query = (
            select(
                sc.enrollment_id,
                a.key,
                a.title,
                a.kind,
                a.category,
                a.points_possible,
                a.due_at,
                sc.points,
                sc.status,
                sc.submitted_at,
                sc.extended_due_at,
            )
            .select_from(
                SCORE.join(ASSESSMENT, a.id == sc.assessment_id).join(
                    ENROLLMENT, e.id == sc.enrollment_id
                )
            )
            .where(a.course_id == data.id, e.status == EnrollmentStatus.ACTIVE.value)
            .order_by(sc.enrollment_id, a.position, a.id)
        )
        raw = _plain_rows(session.connection(), query)
    with paused_gc():
        due: dict[object, datetime | None] = {}  # one conversion per assessment, not per row
        new = tuple.__new__
        rows = []
        for eid, key, title, kind, cat, possible, due_raw, pts, status, sub, ext in raw:
            if due_raw not in due:
                due[due_raw] = _utc(due_raw)
            rows.append(
                new(
                    ScoreLine,
                    (
                        eid,
                        key,
                        title,
                        kind,
                        cat,
                        possible,
                        due[due_raw],
                        pts,
                        status,
                        _utc(sub),
                        _utc(ext),
                    ),
                )
            )
    return ClassTable(students, tuple(rows))


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
