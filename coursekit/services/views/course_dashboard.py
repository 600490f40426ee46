"""The course dashboard in one call: enrolment, labs, credits, readiness, checklists, nudges.

The class views (``lab_matrix``, ``credit_rows``, ``readiness_rows``) each read the course; the
dashboard needs all of them at once, so it reads students, lab scores, credit events and the
target exam's practice attempts in one session (lab scores once, shared by the lab states and
the readiness lab coverage) and sums them up with ``domain.dashboard``.
"""

from __future__ import annotations

from datetime import datetime

from coursekit.db.queries.course_data import (
    attempt_facts,
    credit_facts,
    enrolled_students,
    score_facts,
)
from coursekit.domain.credits import CreditFact, forecast
from coursekit.domain.dashboard import (
    Dashboard,
    checklist_summary,
    credit_summary,
    lab_summary,
    readiness_summary,
    section_counts,
)
from coursekit.domain.enums import EnrollmentStatus
from coursekit.domain.grading import ScoreFact
from coursekit.domain.labs import lab_rates, lab_specs, student_labs
from coursekit.domain.nudges import rank_nudges
from coursekit.domain.readiness import AttemptFact, LabCoverageCalculator, assess
from coursekit.services.checklists import class_checklists
from coursekit.services.context import ServiceContext, gc_paused
from coursekit.services.courses import exams
from coursekit.services.views.engine_data import load_course, resolve_now
from coursekit.services.views.labs import LAB_KINDS, check_nudge_window


@gc_paused
def dashboard(
    ctx: ServiceContext,
    course: str | None = None,
    *,
    now: datetime | None = None,
    behind: int = 2,
    days: float = 3,
) -> Dashboard:
    """Everything the dashboard shows for ``course`` at ``now`` (default: the clock).

    Nudges use the same rule as ``services.labs.nudges`` (``behind`` labs short of the pace,
    an overdue lab, or a lab due within ``days`` days not passed), most behind first.
    """
    check_nudge_window(behind, days)
    at = resolve_now(now)
    with ctx.read() as session:
        data = load_course(ctx, session, course)
        everyone = enrolled_students(session, course_id=data.id, include_dropped=True)
        # lab states and lab coverage never read the submission time
        scores = score_facts(session, course_id=data.id, kinds=LAB_KINDS, with_times=False)
        ledgers = credit_facts(session, course_id=data.id)
        spec = data.syllabus.course
        target = spec.exam_code
        attempts = attempt_facts(session, course_id=data.id, exam_code=target) if target else {}
    active = [s.ref for s in everyone if s.ref.status == EnrollmentStatus.ACTIVE.value]
    labs = lab_specs(data.syllabus.assessments)
    no_scores: dict[str, ScoreFact] = {}
    states = [student_labs(labs, scores.get(ref.enrollment_id, no_scores), at) for ref in active]
    nudges = rank_nudges(zip(active, states, strict=True), at, behind=behind, days=days)
    no_facts: list[CreditFact] = []
    forecasts = (
        forecast(
            ledgers.get(ref.enrollment_id, no_facts),
            default_budget=spec.credit_budget_usd,
            starts_on=spec.starts_on,
            accounts_close_on=spec.accounts_close_on,
            now=at,
        )
        for ref in active
    )
    credits = credit_summary(forecasts)
    blueprint = exams(ctx).get(target) if target else None
    if blueprint is not None:
        coverage_of = LabCoverageCalculator(labs)
        no_attempts: list[AttemptFact] = []
        results = (
            assess(
                blueprint,
                attempts.get(ref.enrollment_id, no_attempts),
                data.syllabus.readiness,
                now=at,
                coverage=coverage_of(labs_of),
            )
            for ref, labs_of in zip(active, states, strict=True)
        )
        readiness = readiness_summary(blueprint.code, blueprint.passing_score, results)
    else:
        readiness = readiness_summary(None, None, ())
    checklists = checklist_summary(class_checklists(ctx, data.code, today=at.date()))
    return Dashboard(
        course_code=data.code,
        title=spec.title,
        term=spec.term,
        now=at,
        starts_on=spec.starts_on,
        accounts_close_on=spec.accounts_close_on,
        days_to_close=(spec.accounts_close_on - at.date()).days,
        active=len(active),
        dropped=len(everyone) - len(active),
        sections=section_counts(s.ref for s in everyone),
        labs=lab_summary(lab_rates(labs, states), [a.kind.value for a in labs], states),
        credits=credits,
        readiness=readiness,
        checklists=checklists,
        nudges=tuple(nudges),
    )
