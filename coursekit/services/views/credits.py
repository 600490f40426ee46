"""Learner Lab credit views: per-student budget, spend, burn rate, run-out date, flags."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from coursekit.db.tables import CREDIT_EVENT
from coursekit.domain.credits import CreditFact, forecast
from coursekit.domain.engine_records import CreditEventRecord, CreditRow, StudentCredits
from coursekit.services.context import ServiceContext, paused_gc
from coursekit.services.views.engine_data import (
    course_of_enrollment,
    load_course,
    load_credit_facts,
    load_students,
    resolve_now,
)


def credit_rows(
    ctx: ServiceContext,
    course: str | None = None,
    *,
    now: datetime | None = None,
    section: str | None = None,
) -> list[CreditRow]:
    """Every active student's credit forecast, by sortable name."""
    at = resolve_now(now)
    with paused_gc():
        with ctx.read() as session:
            data = load_course(ctx, session, course)
            students = load_students(session, data.id, section=section)
            facts = load_credit_facts(session, data.id)
        spec = data.syllabus.course
        empty: list[CreditFact] = []
        return [
            CreditRow(
                s.ref,
                forecast(
                    facts.get(s.ref.enrollment_id, empty),
                    default_budget=spec.credit_budget_usd,
                    starts_on=spec.starts_on,
                    accounts_close_on=spec.accounts_close_on,
                    now=at,
                ),
            )
            for s in students
        ]


def student_credits(
    ctx: ServiceContext, enrollment_id: int, *, now: datetime | None = None
) -> StudentCredits:
    """One student's ledger (oldest first) and its projection."""
    at = resolve_now(now)
    with ctx.read() as session:
        data = load_course(ctx, session, course_of_enrollment(session, enrollment_id))
        student = load_students(session, data.id, enrollment_id=enrollment_id)[0]
        ce = CREDIT_EVENT.c
        events = tuple(
            CreditEventRecord(*row)
            for row in session.connection().execute(
                select(ce.id, ce.at, ce.kind, ce.amount_usd, ce.source)
                .where(ce.enrollment_id == enrollment_id)
                .order_by(ce.at, ce.id)
            )
        )
    spec = data.syllabus.course
    result = forecast(
        [CreditFact(e.at, e.kind, e.amount_usd) for e in events],
        default_budget=spec.credit_budget_usd,
        starts_on=spec.starts_on,
        accounts_close_on=spec.accounts_close_on,
        now=at,
    )
    return StudentCredits(CreditRow(student.ref, result), events)
