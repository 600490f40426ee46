"""Learner Lab credit views: per-student budget, spend, burn rate, run-out date, flags."""

from __future__ import annotations

from datetime import datetime

from coursekit.db.queries.course_data import credit_events, credit_facts, enrolled_students
from coursekit.domain.credits import CreditFact, forecast
from coursekit.domain.engine_records import CreditRow, StudentCredits
from coursekit.services.context import ServiceContext, gc_paused
from coursekit.services.views.engine_data import course_of_enrollment, load_course, resolve_now


@gc_paused
def credit_rows(
    ctx: ServiceContext,
    course: str | None = None,
    *,
    now: datetime | None = None,
    section: str | None = None,
) -> list[CreditRow]:
    """Every active student's credit forecast, by sortable name."""
    at = resolve_now(now)
    with ctx.read() as session:
        data = load_course(ctx, session, course)
        students = enrolled_students(session, course_id=data.id, section=section)
        facts = credit_facts(session, course_id=data.id)
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
        student = enrolled_students(session, course_id=data.id, enrollment_id=enrollment_id)[0]
        events = credit_events(session, enrollment_id=enrollment_id)
    spec = data.syllabus.course
    result = forecast(
        [CreditFact(e.at, e.kind, e.amount_usd) for e in events],
        default_budget=spec.credit_budget_usd,
        starts_on=spec.starts_on,
        accounts_close_on=spec.accounts_close_on,
        now=at,
    )
    return StudentCredits(CreditRow(student.ref, result), events)
