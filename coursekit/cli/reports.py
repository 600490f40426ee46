"""``coursekit report grades|readiness|credits|labs|checklists --out FILE``.

Register with ``app.add_typer(report_app, name="report")``. Services (and with
them pandas/XlsxWriter) are imported inside the command, so ``--help`` stays fast.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import typer

from coursekit.cli.support import CourseOption, fail, service_context, user_errors
from coursekit.domain.report_catalog import REPORT_KINDS

report_app = typer.Typer(
    help="Write reports: xlsx (charts, colours), csv (grades: Canvas import format), markdown.",
    no_args_is_help=True,
)

LARGE = 2_000  # rows: show a progress bar from this size on (on a terminal)

OutOption = typer.Option(
    ..., "--out", "-o", help="Output file: .xlsx, .csv or .md (format follows the extension)."
)
SectionOption = typer.Option(None, "--section", "-s", help="Only this section.")
AnonymiseOption = typer.Option(
    False,
    "--anonymise",
    "--anonymize",
    help="Keyed pseudonyms instead of names and ids; no statistics for groups under 10.",
)
StableOption = typer.Option(
    False,
    "--stable-pseudonyms",
    help="With --anonymise: reuse this database's pseudonym key (same pseudonyms every run).",
)
AsOfOption = typer.Option(
    None, "--as-of", help="Compute the report as of this time (ISO 8601; default: now, UTC)."
)
FormatOption = typer.Option(
    None, "--format", "-f", help="csv flavour: canvas (grades default) or plain."
)


def _as_of(text: str | None) -> datetime | None:
    if text is None:
        return None
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise fail(f"--as-of {text!r} is not an ISO 8601 date or time") from None
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def _progress_bar() -> tuple[Callable[[int, int], None], Callable[[], None]]:
    """A progress callback for ``write_report``: on a terminal, a spinner while the report
    is built, then a bar while a large one (``LARGE`` rows or more) is written."""
    from rich.console import Console

    console = Console(stderr=True)
    state: dict[str, Any] = {"bar": None, "status": None}
    if console.is_terminal:
        state["status"] = console.status("building the report…")
        state["status"].start()

    def update(done: int, total: int) -> None:
        if state["status"] is not None:
            state["status"].stop()
            state["status"] = None
            if total >= LARGE:
                from rich.progress import Progress

                bar = Progress(console=console, transient=True)
                bar.start()
                state["bar"], state["task"] = bar, bar.add_task("writing", total=total)
        if state["bar"] is not None:
            state["bar"].update(state["task"], completed=done, total=total)

    def stop() -> None:
        for key in ("status", "bar"):
            if state[key] is not None:
                state[key].stop()
                state[key] = None

    return update, stop


def _run(
    kind: str,
    course: str | None,
    out: Path,
    section: str | None,
    anonymise: bool,
    fmt: str | None,
    stable: bool,
    as_of: str | None,
) -> None:
    from coursekit.services.reporting.reports import unknown_section_warning, write_report

    now = _as_of(as_of)
    update, stop = _progress_bar()
    with service_context() as ctx:
        if section is not None and (warning := unknown_section_warning(ctx, course, section)):
            typer.echo(f"warning: {warning}", err=True)
        try:
            path = write_report(
                ctx,
                kind,
                out,
                course=course,
                section=section,
                anonymise=anonymise,
                now=now,
                fmt=fmt,
                stable_pseudonyms=stable,
                progress=update,
            )
        finally:
            stop()
    extra = " (anonymised)" if anonymise else ""
    typer.echo(f"wrote {kind} report{extra}: {path}")


def _command(kind: str, summary: str) -> None:
    @report_app.command(kind, help=summary)
    @user_errors
    def command(
        out: Path = OutOption,
        course: str = CourseOption,
        section: str = SectionOption,
        anonymise: bool = AnonymiseOption,
        fmt: str = FormatOption,
        stable: bool = StableOption,
        as_of: str = AsOfOption,
    ) -> None:
        _run(kind, course, out, section, anonymise, fmt, stable, as_of)


for _kind in REPORT_KINDS:
    _command(_kind.key, _kind.help)


@report_app.command("final-grades")
@user_errors
def final_grades(
    into: Path = typer.Option(
        ..., "--into", help="The registrar's workbook (.xlsx) to fill; it is not modified."
    ),
    out: Path = typer.Option(..., "--out", "-o", help="The filled copy to write (.xlsx)."),
    course: str = CourseOption,
    sheet: str = typer.Option(None, "--sheet", help="Sheet to fill (default: the first)."),
    id_column: str = typer.Option(None, "--id-column", help="Header of the student id column."),
    grade_column: str = typer.Option(None, "--grade-column", help="Header of the grade column."),
    what: str = typer.Option("letter", "--what", help="letter or percent (the final grade)."),
    force: bool = typer.Option(False, "--force", help="Overwrite grade cells already filled."),
    as_of: str = AsOfOption,
) -> None:
    """Fill the registrar's own grade workbook (formatting, validation, formulas,
    protection and other sheets kept); lists students missing from the sheet and rows
    matching no student."""
    from coursekit.services.reporting.registrar import fill_final_grades

    with service_context() as ctx:
        result = fill_final_grades(
            ctx,
            course,
            into,
            out,
            what=what,
            sheet=sheet,
            id_column=id_column,
            grade_column=grade_column,
            force=force,
            now=_as_of(as_of),
        )
    fill = result.fill
    typer.echo(f"wrote {fill.written} grades into sheet {fill.sheet!r}: {out}")
    for sid in fill.missing:
        typer.echo(f"not in the sheet: {sid} {_one_line(result.names.get(sid, ''))}")
    for sid in fill.ungraded:
        typer.echo(f"no grade yet, left blank: {sid} {_one_line(result.names.get(sid, ''))}")
    for row, sid in fill.unknown_rows:
        typer.echo(f"row {row}: {_one_line(sid)} is not a student of the course")


def _one_line(text: str) -> str:
    """Untrusted text on one terminal line: control characters shown as spaces."""
    return "".join(ch if ch.isprintable() else " " for ch in text)


@report_app.command("student-sheets")
@user_errors
def student_sheets(
    out: Path = typer.Option(..., "--out", "-o", help="Folder for the sheets (created)."),
    course: str = CourseOption,
    section: str = SectionOption,
    as_of: str = AsOfOption,
) -> None:
    """One progress sheet per student (Markdown and self-contained HTML): grades by
    category, labs, credits with the forecast, readiness by domain with next labs,
    export checklist. Each holds only its own student's data."""
    from coursekit.services.reporting.student_digests import write_student_sheets

    with service_context() as ctx:
        written = write_student_sheets(ctx, course, out, now=_as_of(as_of), section=section)
    typer.echo(f"wrote {len(written) // 2} student sheets (.md and .html) to {out}")
