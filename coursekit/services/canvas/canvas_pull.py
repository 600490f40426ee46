"""``canvas pull``: read the course from Canvas and plan an import of the existing
kinds (roster, gradebook) from it — same preview, identity matching, stale-edit
protection, ``apply_import`` and undo as a spreadsheet."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from coursekit.db.queries.import_state import course_assessments
from coursekit.domain.enums import ImportKind
from coursekit.domain.imports import AssessmentRef, ImportPlan, ParsedFile, RowIssue
from coursekit.domain.problems import ProblemCode
from coursekit.interchange.canvas_live.errors import CanvasError
from coursekit.interchange.canvas_live.fetch import fetch_course
from coursekit.interchange.canvas_live.records import gradebook_from, roster_from
from coursekit.interchange.canvas_live.snapshot import CourseSnapshot
from coursekit.services.canvas.canvas_connection import CanvasSession
from coursekit.services.context import ServiceContext, ServiceError, paused_gc
from coursekit.services.courses import find_course_row
from coursekit.services.importing.imports import plan_parsed

Progress = Callable[[int, int], None]


@dataclass(frozen=True, slots=True)
class Pulled:
    """A course as read from Canvas at ``at`` (its "export time" for stale checks)."""

    snapshot: CourseSnapshot
    at: datetime
    course_code: str | None
    source: str  # "canvas:<host> course <id>", the batch's file name


def pull(
    session: CanvasSession, *, scores: bool = True, progress: Progress | None = None
) -> Pulled:
    canvas_course = session.canvas_course_id
    at = datetime.now(UTC)
    try:
        snapshot = fetch_course(
            session.canvas,
            canvas_course,
            url=session.connection.url,
            scores=scores,
            progress=progress,
        )
    except CanvasError as exc:
        raise ServiceError(f"{exc}; nothing imported", code=ProblemCode.CANVAS_FAILED) from None
    host = session.connection.url.split("://", 1)[-1]
    return Pulled(
        snapshot, at, session.connection.course_code, f"canvas:{host} course {canvas_course}"
    )


def _digest(kind: ImportKind, parsed: ParsedFile) -> str:
    """A fingerprint of what was pulled (the batch's "file" hash): the records' repr,
    which is deterministic for these frozen dataclasses and much cheaper than JSON."""
    return hashlib.sha256(f"{kind}:{parsed!r}".encode()).hexdigest()


def plan_pull(
    ctx: ServiceContext,
    pulled: Pulled,
    kind: ImportKind,
    *,
    drop_missing: bool = False,
    progress: Progress | None = None,
) -> ImportPlan:
    """The import plan of ``kind`` (roster or gradebook) for what was pulled."""
    if kind not in (ImportKind.ROSTER, ImportKind.GRADEBOOK):
        raise ServiceError(
            f"a Canvas pull plans roster or gradebook imports, not {kind}",
            code=ProblemCode.INVALID_VALUE,
            field="kind",
        )
    with ctx.read() as session:
        course_row = find_course_row(session, pulled.course_code)
        assert course_row.id is not None
        rows = course_assessments(session, course_id=course_row.id)
    assessments = [AssessmentRef(r[0], r[1], r[2]) for r in rows]
    parsed: ParsedFile
    issues: list[RowIssue]
    if kind == ImportKind.ROSTER:
        parsed, issues = roster_from(pulled.snapshot)
    else:
        parsed, issues = gradebook_from(pulled.snapshot, assessments)
    with paused_gc():
        return plan_parsed(
            ctx,
            kind,
            parsed,
            issues,
            course_row=course_row,
            ids={r[0]: r[3] for r in rows},
            path=pulled.source,
            file_name=pulled.source,
            sha256=_digest(kind, parsed),
            exported=pulled.at,
            progress=progress,
            drop_missing=drop_missing,
        )
