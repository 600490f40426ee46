"""One builder per report kind: engine records in, report sheets (and extra metadata) out."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from coursekit.db.queries.course_data import credit_facts
from coursekit.domain.problems import ProblemCode
from coursekit.domain.report_model import Sheet
from coursekit.services.context import ServiceContext, ServiceError
from coursekit.services.courses import exam as find_exam
from coursekit.services.views.engine_data import load_course, resolve_now

Meta = tuple[tuple[str, str], ...]
Builder = Callable[[ServiceContext, str, datetime, str | None], tuple[list[Sheet], Meta]]


def grades(
    ctx: ServiceContext, course: str, now: datetime, section: str | None
) -> tuple[list[Sheet], Meta]:
    from coursekit.services.reporting.reports_grades import grade_sheets, load_grade_data

    data = load_grade_data(ctx, course, now=now, section=section)
    sheets = grade_sheets(data, split_sections=section is None)
    return sheets, (("students", str(len(data.rows))),)


def labs(
    ctx: ServiceContext, course: str, now: datetime, section: str | None
) -> tuple[list[Sheet], Meta]:
    from coursekit.services.reporting.reports_views import lab_sheets
    from coursekit.services.views.labs import lab_matrix

    matrix = lab_matrix(ctx, course, now=now, section=section)
    return lab_sheets(matrix), (("students", str(len(matrix.rows))),)


def credits(
    ctx: ServiceContext, course: str, now: datetime, section: str | None
) -> tuple[list[Sheet], Meta]:
    from coursekit.services.reporting.reports_views import credit_sheets
    from coursekit.services.views.credits import credit_rows

    rows = credit_rows(ctx, course, now=now, section=section)
    with ctx.read() as session:
        data = load_course(ctx, session, course)
        ledgers = credit_facts(session, course_id=data.id)
    spec = data.syllabus.course
    sheets = credit_sheets(rows, ledgers, budget_default=spec.credit_budget_usd)
    meta = (
        ("students", str(len(rows))),
        ("accounts close on", spec.accounts_close_on.isoformat()),
    )
    return sheets, meta


def readiness(
    ctx: ServiceContext, course: str, now: datetime, section: str | None
) -> tuple[list[Sheet], Meta]:
    from coursekit.services.reporting.reports_readiness import readiness_sheets
    from coursekit.services.views.readiness import readiness_rows

    with ctx.read() as session:
        data = load_course(ctx, session, course)
    code = data.syllabus.course.exam_code
    if code is None:
        raise ServiceError(
            f"{data.code} has no certification exam in its syllabus", code=ProblemCode.NOT_FOUND
        )
    blueprint = find_exam(ctx, code)
    rows = readiness_rows(ctx, course, exam=code, now=now, section=section)
    titles = {a.key: a.title for a in data.syllabus.assessments}
    meta = (
        ("students", str(len(rows))),
        ("exam", f"{blueprint.code} {blueprint.name}"),
        ("passing score", str(blueprint.passing_score)),
    )
    return readiness_sheets(rows, blueprint, titles), meta


def checklists(
    ctx: ServiceContext, course: str, now: datetime, section: str | None
) -> tuple[list[Sheet], Meta]:
    from coursekit.services.reporting.reports_checklists import checklist_sheets

    return checklist_sheets(ctx, course, now=now, section=section)


BUILDERS: dict[str, Builder] = {
    "grades": grades,
    "readiness": readiness,
    "credits": credits,
    "labs": labs,
    "checklists": checklists,
}


def write_canvas(
    ctx: ServiceContext,
    out: Path,
    *,
    course: str | None,
    section: str | None,
    now: datetime | None,
    progress: Callable[[int, int], None] | None,
) -> Path:
    """The grades as a Canvas gradebook import csv (stored points; totals read-only)."""
    from coursekit.interchange.canvas_export import write_canvas_csv
    from coursekit.services.courses import get_course
    from coursekit.services.reporting.reports_grades import canvas_records, load_grade_data

    code = get_course(ctx, course).code
    data = load_grade_data(ctx, code, now=resolve_now(now), section=section)
    assignments, students = canvas_records(data)
    total = len(students) + 1
    done = 0

    def advance(n: int) -> None:
        nonlocal done
        done = min(total, done + n)
        if progress is not None:
            progress(done, total)

    return write_canvas_csv(assignments, students, out, progress=advance)
