"""Lab completion views: the student × lab matrix, per-lab rates, the nudge list."""

from __future__ import annotations

from datetime import datetime

from coursekit.db.queries.course_data import enrolled_students, score_facts
from coursekit.domain.engine_records import LabInfo, LabMatrix, LabRow, Nudge
from coursekit.domain.enums import AssessmentKind
from coursekit.domain.grading import ScoreFact
from coursekit.domain.labs import lab_rates, lab_specs, student_labs
from coursekit.domain.nudges import rank_nudges
from coursekit.services.context import ServiceContext, ServiceError, gc_paused
from coursekit.services.views.engine_data import load_course, resolve_now

LAB_KINDS = tuple(k.value for k in AssessmentKind if k.is_lab)


@gc_paused
def lab_matrix(
    ctx: ServiceContext,
    course: str | None = None,
    *,
    now: datetime | None = None,
    section: str | None = None,
) -> LabMatrix:
    """Every active student's state on every lab, plus each lab's completion rate."""
    at = resolve_now(now)
    with ctx.read() as session:
        data = load_course(ctx, session, course)
        students = enrolled_students(session, course_id=data.id, section=section)
        scores = score_facts(session, course_id=data.id, kinds=LAB_KINDS)
    labs = lab_specs(data.syllabus.assessments)
    empty: dict[str, ScoreFact] = {}
    rows = tuple(
        LabRow(s.ref, student_labs(labs, scores.get(s.ref.enrollment_id, empty), at))
        for s in students
    )
    return LabMatrix(
        labs=tuple(LabInfo(a.key, a.title, a.kind.value, a.due_at, a.pass_threshold) for a in labs),
        rows=rows,
        rates=tuple(lab_rates(labs, (r.labs for r in rows))),
    )


def check_nudge_window(behind: int, days: float) -> None:
    """Refuse a nudge rule that cannot hold (``behind`` labs short of the pace, due within
    ``days`` days); the dashboard, ``nudges`` and the digests share it."""
    if behind < 1:
        raise ServiceError.bad_input("behind must be at least 1", "behind")
    if days < 0:
        raise ServiceError.bad_input("days cannot be negative", "days")


def nudges(
    ctx: ServiceContext,
    course: str | None = None,
    *,
    now: datetime | None = None,
    behind: int = 2,
    days: float = 3,
    section: str | None = None,
) -> list[Nudge]:
    """Students to nudge: ``behind`` labs short of the pace or more, an overdue lab, or a
    lab due within ``days`` days not yet passed. Most behind first."""
    check_nudge_window(behind, days)
    at = resolve_now(now)
    matrix = lab_matrix(ctx, course, now=at, section=section)
    rows = ((row.student, row.labs) for row in matrix.rows)
    return rank_nudges(rows, at, behind=behind, days=days)
