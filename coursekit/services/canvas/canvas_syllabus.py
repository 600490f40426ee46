"""``canvas syllabus COURSE_ID --out FILE``: write (or update) a syllabus TOML from
a Canvas course, then check it loads as a coursekit syllabus."""

from __future__ import annotations

from pathlib import Path

from coursekit.domain.problems import ProblemCode
from coursekit.interchange.atomic import atomic_text
from coursekit.interchange.canvas_live import credentials
from coursekit.interchange.canvas_live.client import connect
from coursekit.interchange.canvas_live.errors import CanvasError
from coursekit.interchange.canvas_live.syllabus import SyllabusUpdate, fetch_outline, render
from coursekit.interchange.canvas_live.transport import RetryPolicy
from coursekit.interchange.syllabus_toml import SourceError, parse_syllabus
from coursekit.services.canvas.canvas_connection import get_connection
from coursekit.services.context import ServiceContext, ServiceError
from coursekit.services.courses import exams


def write_syllabus(
    ctx: ServiceContext,
    canvas_course_id: str,
    out: Path,
    *,
    url: str | None = None,
    course: str | None = None,
    policy: RetryPolicy | None = None,
) -> tuple[SyllabusUpdate, str | None]:
    """Write ``out``; the update and, when the file does not load yet, why (the
    instructor still has keys to fill in)."""
    base = url or get_connection(ctx, course).url
    existing = None
    if out.exists():
        try:
            existing = out.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            raise ServiceError(
                f"{out}: cannot read the existing syllabus", code=ProblemCode.FILE_UNREADABLE
            ) from None
    try:
        base = credentials.normalize_url(base)
        token, _ = credentials.load_token(base)
        outline = fetch_outline(connect(base, token, policy), canvas_course_id, base)
        update = render(outline, existing)
    except CanvasError as exc:
        raise ServiceError(
            f"{exc}; {out.name} not written", code=ProblemCode.CANVAS_FAILED
        ) from None
    with atomic_text(out) as handle:
        handle.write(update.text)
    try:
        parse_syllabus(update.text, out.name, exams(ctx))
        problem = None
    except SourceError as exc:
        problem = str(exc)
    return update, problem
