"""``canvas push grades``: the cells where coursekit's scores differ from Canvas
(a diff shown first), written through the bulk grade update, read back cell by
cell, and recorded as a ``CanvasPush`` with what Canvas held before.

Only graded points and excused marks are sent; a score coursekit does not have
(missing, not assigned) never clears a Canvas grade.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime

from coursekit.db import models as m
from coursekit.db.queries.canvas import pushable_scores
from coursekit.domain.enums import ScoreStatus
from coursekit.domain.problems import ProblemCode
from coursekit.interchange.canvas_live.errors import CanvasError
from coursekit.interchange.canvas_live.push import (
    GradeWrite,
    list_assignments,
    posted_grade,
    read_cells,
    write_grades,
)
from coursekit.interchange.canvas_live.snapshot import CanvasSubmission
from coursekit.services.canvas.canvas_connection import CanvasSession
from coursekit.services.context import ServiceContext, ServiceError
from coursekit.services.courses import find_course_row

EXCUSED, NONE = "EX", "-"


def spell(points: float | None, excused: bool) -> str:
    if excused:
        return EXCUSED
    return NONE if points is None else posted_grade(points)


def canvas_value(sub: CanvasSubmission | None) -> str:
    return NONE if sub is None else spell(sub.score, sub.excused)


@dataclass(frozen=True, slots=True)
class PushCell:
    user_id: str  # Canvas user id
    student_id: str
    name: str
    key: str  # Canvas assignment id
    title: str
    before: str  # what Canvas held
    after: str  # what coursekit sends
    read_back: str = ""  # what Canvas held afterwards
    took: bool | None = None  # None: not read back


@dataclass(frozen=True, slots=True)
class PushPlan:
    course_code: str
    course_id: int
    canvas_course_id: str
    cells: tuple[PushCell, ...]
    unchanged: int
    notes: tuple[str, ...] = ()
    target: str = "grades"  # or "column:<title>"
    column_id: str | None = None  # a column push: None until the column is created


@dataclass(frozen=True, slots=True)
class PushResult:
    push_id: int
    status: str  # completed | partial | failed
    cells: tuple[PushCell, ...]
    message: str = ""

    @property
    def not_taken(self) -> tuple[PushCell, ...]:
        return tuple(c for c in self.cells if not c.took)


def _local_scores(
    ctx: ServiceContext, course: str | None
) -> tuple[m.Course, list[tuple[str, str, str, str, str, float | None, bool]]]:
    """(Canvas user id, student id, name, key, title, points, excused) of every
    graded or excused score of an active student with a Canvas id."""
    with ctx.read() as session:
        course_row = find_course_row(session, course)
        rows = pushable_scores(session, course_id=course_row.id)
    found = []
    for lms, sid, name, key, title, points, status in rows:
        excused = status == ScoreStatus.EXCUSED.value
        if excused or points is not None:
            found.append((str(lms), sid, name, key, title, points, excused))
    return course_row, found


def plan_push_grades(ctx: ServiceContext, session: CanvasSession) -> PushPlan:
    """What a push would change in Canvas (nothing is written)."""
    canvas_course = session.canvas_course_id
    course_row, local = _local_scores(ctx, session.connection.course_code)
    assert course_row.id is not None
    url = session.connection.url
    try:
        in_canvas = {a.id for a in list_assignments(session.canvas, canvas_course, url)}
        keys = sorted({row[3] for row in local if row[3] in in_canvas})
        current = read_cells(session.canvas, canvas_course, keys, url) if keys else {}
    except CanvasError as exc:
        raise ServiceError(f"{exc}; nothing written", code=ProblemCode.CANVAS_FAILED) from None
    cells: list[PushCell] = []
    unchanged = 0
    not_in_canvas: set[str] = set()
    for user_id, sid, name, key, title, points, excused in local:
        if key not in in_canvas:
            not_in_canvas.add(key)
            continue
        before = canvas_value(current.get((user_id, key)))
        after = spell(points, excused)
        if before == after:
            unchanged += 1
            continue
        cells.append(PushCell(user_id, sid, name, key, title, before, after))
    notes = []
    if not_in_canvas:
        notes.append(f"{len(not_in_canvas)} assessment(s) are not Canvas assignments; not sent")
    return PushPlan(
        course_row.code, course_row.id, canvas_course, tuple(cells), unchanged, tuple(notes)
    )


def push_grades(
    ctx: ServiceContext,
    session: CanvasSession,
    plan: PushPlan,
    progress: Callable[[int, int], None] | None = None,
) -> PushResult:
    """Write ``plan``, read every written cell back, record the push."""
    if not plan.cells:
        raise ServiceError(
            "nothing to push: Canvas already holds coursekit's grades",
            code=ProblemCode.ALREADY_DONE,
        )
    url = session.connection.url
    writes = [
        GradeWrite(
            c.user_id,
            c.key,
            None if c.after == EXCUSED else float(c.after),
            excused=c.after == EXCUSED,
        )
        for c in plan.cells
    ]
    message = ""
    try:
        state = write_grades(
            session.canvas,
            plan.canvas_course_id,
            writes,
            sleep=session.policy.pause,
            every=session.policy.base_delay,
            url=url,
            report=progress,
        )
    except CanvasError as exc:
        state, message = "failed", str(exc)
    if state == "failed" and not message:
        message = "Canvas reported the bulk update as failed"
    try:
        keys = sorted({c.key for c in plan.cells})
        after = read_cells(session.canvas, plan.canvas_course_id, keys, url)
        cells = tuple(
            replace(
                c,
                read_back=canvas_value(after.get((c.user_id, c.key))),
                took=canvas_value(after.get((c.user_id, c.key))) == c.after,
            )
            for c in plan.cells
        )
    except CanvasError as exc:
        cells = plan.cells
        message = (message + "; " if message else "") + f"read-back failed: {exc}"
    taken = sum(1 for c in cells if c.took)
    status = "completed" if taken == len(cells) else ("partial" if taken else "failed")
    push_id = record_push(ctx, plan, cells, status)
    return PushResult(push_id, status, cells, message)


def record_push(
    ctx: ServiceContext, plan: PushPlan, cells: tuple[PushCell, ...], status: str
) -> int:
    """Keep the push: each cell with what Canvas held before, what was sent and what
    was read back (Canvas ids and student ids, no names)."""
    taken = sum(1 for c in cells if c.took)
    with ctx.transaction() as session:
        row = m.CanvasPush(
            course_id=plan.course_id,
            target=plan.target,
            status=status,
            cells=[
                {k: v for k, v in asdict(c).items() if k not in ("name", "title")} for c in cells
            ],
            counts={"cells": len(cells), "took": taken, "not_taken": len(cells) - taken},
            actor=ctx.settings.actor,
            pushed_at=datetime.now(UTC),
        )
        session.add(row)
        session.flush()
        assert row.id is not None
        return row.id
