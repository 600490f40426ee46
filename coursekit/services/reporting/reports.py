"""Reports out: grades, readiness, credits, lab completion, checklists.

``build_report`` turns the course engine's records into a ``Report`` (pure data,
``domain.report_model``); ``write_report`` renders it by the output's extension:
``.xlsx`` (charts, conditional formats), ``.csv`` (the main sheet; for grades the
Canvas gradebook import format unless ``fmt="plain"``), ``.md``. Files are written
atomically and owner-only. ``anonymise`` swaps names and ids for keyed pseudonyms
(a fresh random key per run unless ``stable_pseudonyms`` asks for the database's
key file) and hides statistics of groups under 10 students.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from coursekit.domain.problems import ProblemCode
from coursekit.domain.report_catalog import REPORT_KEYS
from coursekit.domain.report_model import Report, Sheet
from coursekit.domain.report_model import anonymise as anonymise_report
from coursekit.interchange.atomic import atomic_path
from coursekit.services.context import ServiceContext, ServiceError
from coursekit.services.courses import get_course
from coursekit.services.views.engine_data import resolve_now

KINDS = REPORT_KEYS  # domain.report_catalog: the one list of reports
FORMATS = {".xlsx": "xlsx", ".csv": "csv", ".md": "markdown", ".markdown": "markdown"}
KEY_BYTES = 32

Progress = Callable[[int, int], None]  # (rows done, rows in total)


def build_report(
    ctx: ServiceContext,
    kind: str,
    *,
    course: str | None,
    section: str | None = None,
    anonymise: bool = False,
    now: datetime | None = None,
    key: bytes | None = None,
) -> Report:
    """The report ``kind`` for ``course`` (only ``section`` when given) as data."""
    if kind not in KINDS:
        raise ServiceError(
            f"unknown report {kind!r}; choose one of {', '.join(KINDS)}",
            code=ProblemCode.INVALID_VALUE,
            field="kind",
        )
    at = resolve_now(now)
    info = get_course(ctx, course)
    from coursekit.services.reporting import reports_build

    sheets, extra = reports_build.BUILDERS[kind](ctx, info.code, at, section)
    meta = (
        ("course", f"{info.code} {info.title} ({info.term})"),
        ("generated", at.strftime("%Y-%m-%d %H:%M UTC")),
        ("section", section if section is not None else "all sections"),
        *extra,
    )
    title = f"{info.code} {kind} report"
    report = Report(kind, title, tuple(sheets), main_sheet=sheets[0].name, meta=meta)
    if anonymise:
        report = anonymise_report(report, key or secrets.token_bytes(KEY_BYTES))
    return report


def section_names(ctx: ServiceContext, course: str | None) -> list[str]:
    """The sections the course's enrollments use (for checking ``--section``)."""
    from coursekit.db.queries import courses as q

    info = get_course(ctx, course)
    with ctx.read() as session:
        rows = q.section_names(session, course_code=info.code)
    return sorted(str(r) for r in rows)


def unknown_section_warning(ctx: ServiceContext, course: str | None, section: str) -> str | None:
    """A one-line warning when no student is in ``section`` (the report will be empty)."""
    known = section_names(ctx, course)
    if section in known:
        return None
    listed = ", ".join(repr(s) for s in known if s) or "none"
    return f"no student is in section {section!r} (sections: {listed}); the report has no rows"


def output_format(out: Path, fmt: str | None = None) -> str:
    """``xlsx``, ``csv``, ``canvas`` or ``markdown`` for ``out`` (and an explicit csv flavour)."""
    found = FORMATS.get(out.suffix.lower())
    if found is None:
        raise ServiceError(
            f"{out.name}: choose a file ending in .xlsx, .csv or .md",
            code=ProblemCode.INVALID_VALUE,
            field="out",
        )
    if fmt is not None:
        if fmt not in ("canvas", "plain"):
            raise ServiceError(
                f"unknown format {fmt!r}; use canvas or plain",
                code=ProblemCode.INVALID_VALUE,
                field="format",
            )
        if found != "csv":
            raise ServiceError.bad_input(f"format {fmt} applies to .csv output only", "format")
        return "canvas" if fmt == "canvas" else "csv"
    return found


def write_report(
    ctx: ServiceContext,
    kind: str,
    out: Path,
    *,
    course: str | None,
    section: str | None = None,
    anonymise: bool = False,
    now: datetime | None = None,
    fmt: str | None = None,
    stable_pseudonyms: bool = False,
    progress: Progress | None = None,
) -> Path:
    """Build and write a report; the writer follows ``out``'s extension. Returns ``out``."""
    target = Path(out)
    chosen = output_format(target, fmt)
    if chosen == "csv" and kind == "grades" and fmt is None:
        chosen = "canvas"
    if chosen == "canvas" and kind != "grades":
        raise ServiceError.bad_input("format canvas is for the grades report", "format")
    if chosen == "canvas" and anonymise:
        raise ServiceError.bad_input(
            "a Canvas import file needs the real student ids; anonymise plain csv", "format"
        )
    if not target.parent.is_dir():
        raise ServiceError(f"{target.parent}: no such directory", code=ProblemCode.NOT_FOUND)
    if target.is_dir():
        raise ServiceError(f"{target}: is a directory", code=ProblemCode.INVALID_VALUE)
    if chosen == "canvas":
        from coursekit.services.reporting import reports_build

        return reports_build.write_canvas(
            ctx, target, course=course, section=section, now=now, progress=progress
        )
    key = pseudonym_key(ctx) if anonymise and stable_pseudonyms else None
    report = build_report(
        ctx, kind, course=course, section=section, anonymise=anonymise, now=now, key=key
    )
    return render(report, target, chosen, progress=progress)


def render(report: Report, out: Path, chosen: str, *, progress: Progress | None = None) -> Path:
    """Write an already built report with the writer ``chosen`` (xlsx, csv, markdown)."""
    if chosen == "xlsx":
        from coursekit.interchange.report_xlsx import write_xlsx

        total = sum(len(s.rows) for s in report.sheets)
        return write_xlsx(report, out, progress=_counter(progress, total))
    if chosen == "csv":
        from coursekit.interchange.report_csv import write_csv

        total = len(report.sheet(report.main_sheet).rows)
        return write_csv(report, out, progress=_counter(progress, total))
    from coursekit.interchange.report_markdown import write_markdown

    shown: list[Sheet] = [s for s in report.sheets if not s.section_copy]
    total = sum(len(s.rows) for s in shown)
    return write_markdown(report, out, progress=_counter(progress, total))


def _counter(progress: Progress | None, total: int) -> Callable[[int], None] | None:
    if progress is None:
        return None
    done = 0
    progress(0, total)

    def advance(n: int) -> None:
        nonlocal done
        done = min(total, done + n)
        progress(done, total)

    return advance


def pseudonym_key(ctx: ServiceContext) -> bytes:
    """This database's pseudonym key (created on first use; an owner-only file in the data
    directory), so anonymised reports of one database use the same pseudonyms."""
    digest = hashlib.sha256(ctx.settings.db_url.encode()).hexdigest()[:16]
    path = ctx.settings.data_dir / f"pseudonym-{digest}.key"
    if path.exists():
        data = path.read_bytes()
        if len(data) >= KEY_BYTES:
            return data[:KEY_BYTES]
        raise ServiceError(
            f"{path}: pseudonym key file is damaged; delete it to make a new one",
            code=ProblemCode.FILE_UNREADABLE,
        )
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    data = secrets.token_bytes(KEY_BYTES)
    with atomic_path(path) as tmp:
        tmp.write_bytes(data)
    return data
