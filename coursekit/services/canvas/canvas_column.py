"""``canvas push column credits|readiness``: a custom gradebook column students
see in Canvas (Learner Lab credits left, exam readiness), diffed first, written
in one bulk update, read back, recorded as a ``CanvasPush``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from coursekit.db.queries.canvas import students_by_pk
from coursekit.domain.problems import ProblemCode
from coursekit.interchange.canvas_live.errors import CanvasError
from coursekit.interchange.canvas_live.push import (
    create_column,
    find_column,
    read_column,
    write_column,
)
from coursekit.services.canvas.canvas_connection import CanvasSession
from coursekit.services.canvas.canvas_push import PushCell, PushPlan, PushResult, record_push
from coursekit.services.context import ServiceContext, ServiceError
from coursekit.services.courses import find_course_row

COLUMNS = {"credits": "Learner Lab credits left", "readiness": "Exam readiness"}
_READINESS = {"ready": "ready", "close": "close", "not_yet": "not yet", "no_data": "no data yet"}


def column_values(ctx: ServiceContext, what: str, course: str | None) -> dict[int, str]:
    """student pk → the text the column shows."""
    if what == "credits":
        from coursekit.services.views.credits import credit_rows

        values: dict[int, str] = {}
        for row in credit_rows(ctx, course):
            f = row.forecast
            text = f"${f.remaining:.2f} of ${f.budget:.2f}"
            if f.runs_out_before_close and f.runout_on is not None:
                text += f"; runs out about {f.runout_on.isoformat()}"
            values[row.student.student_pk] = text
        return values
    if what == "readiness":
        from coursekit.services.views.readiness import readiness_rows

        with ctx.read() as session:
            exam = find_course_row(session, course).exam_code
        if not exam:
            raise ServiceError(
                "the course has no certification exam: no readiness to push",
                code=ProblemCode.NOT_FOUND,
            )
        values = {}
        for ready in readiness_rows(ctx, course, exam=exam):
            r = ready.result
            text = f"{exam}: {_READINESS.get(r.status.value, r.status.value)}"
            if r.predicted_score is not None:
                text += f" (predicted {r.predicted_score:.0f}, pass {r.passing_score})"
            values[ready.student.student_pk] = text
        return values
    raise ServiceError(
        f"push column {what!r}: choose " + " or ".join(COLUMNS),
        code=ProblemCode.INVALID_VALUE,
        field="what",
    )


def plan_push_column(
    ctx: ServiceContext, session: CanvasSession, what: str, title: str | None = None
) -> PushPlan:
    course = session.connection.course_code
    values = column_values(ctx, what, course)
    title = (title or COLUMNS[what]).strip()
    with ctx.read() as db:
        course_row = find_course_row(db, course)
        people = students_by_pk(db, student_pks=values)
    assert course_row.id is not None
    url = session.connection.url
    try:
        column_id = find_column(session.canvas, session.canvas_course_id, title, url)
        current = (
            read_column(session.canvas, session.canvas_course_id, column_id, url)
            if column_id
            else {}
        )
    except CanvasError as exc:
        raise ServiceError(f"{exc}; nothing written", code=ProblemCode.CANVAS_FAILED) from None
    cells, unchanged, no_canvas = [], 0, 0
    for pk, lms, sid, name in sorted(people, key=lambda p: p[3]):
        if not lms:
            no_canvas += 1
            continue
        before, after = current.get(str(lms), ""), values[pk]
        if before == after:
            unchanged += 1
        else:
            cells.append(PushCell(str(lms), sid, name, title, title, before or "-", after))
    notes = [] if column_id else [f"the column {title!r} will be created in Canvas"]
    if no_canvas:
        notes.append(f"{no_canvas} student(s) without a Canvas id (pull the roster first)")
    return PushPlan(
        course_row.code,
        course_row.id,
        session.canvas_course_id,
        tuple(cells),
        unchanged,
        tuple(notes),
        target=f"column:{title}",
        column_id=column_id,
    )


def push_column(
    ctx: ServiceContext,
    session: CanvasSession,
    plan: PushPlan,
    progress: Callable[[int, int], None] | None = None,
) -> PushResult:
    if not plan.cells:
        raise ServiceError(
            "nothing to push: Canvas's column already matches", code=ProblemCode.ALREADY_DONE
        )
    title = plan.target.removeprefix("column:")
    url, course = session.connection.url, plan.canvas_course_id
    message = ""
    column_id = plan.column_id
    try:
        if column_id is None:
            column_id = create_column(session.canvas, course, title, url)
        state = write_column(
            session.canvas,
            course,
            column_id,
            {c.user_id: c.after for c in plan.cells},
            sleep=session.policy.pause,
            every=session.policy.base_delay,
            url=url,
            report=progress,
        )
    except CanvasError as exc:
        state, message = "failed", str(exc)
    if state == "failed" and not message:
        message = "Canvas reported the column update as failed"
    cells = plan.cells
    if column_id is not None:
        try:
            now = read_column(session.canvas, course, column_id, url)
            cells = tuple(
                replace(
                    c,
                    read_back=now.get(c.user_id, "") or "-",
                    took=now.get(c.user_id, "") == c.after,
                )
                for c in plan.cells
            )
        except CanvasError as exc:
            message = (message + "; " if message else "") + f"read-back failed: {exc}"
    taken = sum(1 for c in cells if c.took)
    status = "completed" if taken == len(cells) else ("partial" if taken else "failed")
    return PushResult(record_push(ctx, plan, cells, status), status, cells, message)
