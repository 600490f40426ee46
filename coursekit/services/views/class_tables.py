"""Class-wide raw tables the views do not return as such: every stored score (long form)
and every credit event. Read-only; used by the notebook adapter (``coursekit.frames``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

from coursekit.db.queries import class_tables as q
from coursekit.db.queries.class_tables import ScoreLine
from coursekit.db.queries.course_data import enrolled_students
from coursekit.domain.engine_records import CreditEventRecord, StudentRef
from coursekit.services.context import ServiceContext, paused_gc
from coursekit.services.views.engine_data import load_course

__all__ = ["ClassTable", "ScoreLine", "credit_ledger", "score_lines"]

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class ClassTable(Generic[T]):
    students: tuple[StudentRef, ...]  # active students by sortable name
    rows: tuple[T, ...]


def score_lines(ctx: ServiceContext, course: str | None = None) -> ClassTable[ScoreLine]:
    """Every stored score of the course's active students, by student then assessment."""
    with paused_gc(), ctx.read() as session:
        data = load_course(ctx, session, course)
        students = tuple(s.ref for s in enrolled_students(session, course_id=data.id))
        rows = q.score_lines(session, course_id=data.id)
    return ClassTable(students, rows)


def credit_ledger(
    ctx: ServiceContext, course: str | None = None
) -> ClassTable[tuple[int, CreditEventRecord]]:
    """Every credit event (grant, usage snapshot, adjustment) of the active students:
    (enrollment id, event), oldest first per student."""
    with paused_gc(), ctx.read() as session:
        data = load_course(ctx, session, course)
        students = tuple(s.ref for s in enrolled_students(session, course_id=data.id))
        rows = q.credit_ledger(session, course_id=data.id)
    return ClassTable(students, rows)
