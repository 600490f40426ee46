"""The ``coursekit`` command (Typer) and the composition root ``build_app``.

Heavy packages (pandas, Textual, openpyxl) are imported inside the commands
that need them, so ``coursekit --help`` starts fast.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from coursekit.cli.lazy import LazyGroup
from coursekit.cli.support import (
    CourseOption,
    JsonOption,
    options,
    print_json,
    print_table,
    service_context,
    settings,
    user_errors,
)

if TYPE_CHECKING:
    from coursekit.config import Settings
    from coursekit.tui.app import CoursekitApp


class _Commands(LazyGroup):
    """The core commands below, then the areas with their own modules (in --help's order),
    each imported when it is run or listed: start-up imports none of them."""

    lazy_commands = (
        ("grades", "coursekit.cli.engine:grades"),
        ("labs", "coursekit.cli.engine:labs"),
        ("credits", "coursekit.cli.engine:credits"),
        ("readiness", "coursekit.cli.engine:readiness"),
        ("nudges", "coursekit.cli.engine:nudges"),
        ("imports", "coursekit.cli.imports:imports_command"),
        ("undo", "coursekit.cli.imports:undo_command"),
        ("extend", "coursekit.cli.scores:extend_command"),
        ("history", "coursekit.cli.history:history_command"),
        ("revert", "coursekit.cli.history:revert_command"),
        ("doctor", "coursekit.cli.student_merge:doctor_command"),
        ("import", "coursekit.cli.imports:import_app"),
        ("checklist", "coursekit.cli.checklist:app"),
        ("student", "coursekit.cli.student:student_app"),
        ("score", "coursekit.cli.scores:score_app"),
        ("cfn", "coursekit.cli.cfn:cfn_app"),
        ("report", "coursekit.cli.reports:report_app"),
        ("db", "coursekit.cli.db:app"),
        ("canvas", "coursekit.cli.canvas:canvas_app"),
    )


app = typer.Typer(
    name="coursekit",
    help="Run an AWS Academy class: roster, labs, credits, grades, readiness, export checklists.",
    no_args_is_help=False,
    add_completion=False,
    pretty_exceptions_enable=False,  # its tracebacks print local variables (student data)
    cls=_Commands,
)


def build_app(
    app_settings: Settings, *, course: str | None = None, create: bool = True
) -> CoursekitApp:
    """The Textual app wired to its services: used by the CLI and the tests."""
    from coursekit.services.context import ServiceContext
    from coursekit.tui.app import CoursekitApp
    from coursekit.tui.app_access import CourseHost

    ctx = ServiceContext.open(app_settings, create=create)
    tui_app = CoursekitApp(ctx, course_code=course)
    _host: CourseHost = tui_app  # mypy: the app is what its screens take it for
    return tui_app


@app.callback(invoke_without_command=True)
def root(
    ctx: typer.Context,
    db: str = typer.Option(
        None, "--db", envvar="COURSEKIT_DB", help="SQLAlchemy URL or SQLite file."
    ),
    course: str = typer.Option(None, "--course", "-c", help="Open the TUI on this course."),
) -> None:
    """With no command, open the TUI on the default database."""
    options.db = db
    if ctx.invoked_subcommand is None:
        _open_tui(course)


@user_errors
def _open_tui(course: str | None) -> None:
    build_app(settings(), course=course, create=False).run()


@app.command()
@user_errors
def init(syllabus: Path = typer.Argument(..., exists=True, dir_okay=False)) -> None:
    """Create or update a course from a syllabus TOML file (idempotent)."""
    from coursekit.services.courses import init_course

    with service_context(create=True) as ctx:
        result = init_course(ctx, syllabus)
    verb = "created" if result.created else "updated"
    typer.echo(
        f"{verb} {result.course.code} {result.course.title} ({result.course.term}): "
        f"{result.assessments_added} assessments added, {result.assessments_updated} updated, "
        f"{result.assessments_unchanged} unchanged"
    )


@app.command()
@user_errors
def courses(as_json: bool = JsonOption) -> None:
    """List the courses in the database."""
    from coursekit.services.course_list import list_courses

    with service_context() as ctx:
        found = list_courses(ctx)
    if as_json:
        print_json([c.__dict__ if hasattr(c, "__dict__") else _asdict(c) for c in found])
        return
    print_table(
        "Courses",
        ["code", "title", "term", "exam", "students", "assessments", "accounts close"],
        [
            (c.code, c.title, c.term, c.exam_code, c.students, c.assessments, c.accounts_close_on)
            for c in found
        ],
    )


@app.command()
@user_errors
def roster(course: str = CourseOption, as_json: bool = JsonOption) -> None:
    """List the students of a course."""
    from coursekit.services.roster.roster import list_roster

    with service_context() as ctx:
        rows = list_roster(ctx, course)
    if as_json:
        print_json([_asdict(r) for r in rows])
        return
    print_table(
        None,
        ["student id", "name", "email", "section", "status"],
        [(r.student_id, r.name, r.email, r.section, r.status) for r in rows],
    )


@app.command()
@user_errors
def demo(
    fresh: bool = typer.Option(False, "--fresh", help="Rebuild the demo database."),
    no_tui: bool = typer.Option(False, "--no-tui", help="Only build the demo database."),
) -> None:
    """Build a demo database from syllabi/ and rosters/ and open the TUI on it."""
    from coursekit.services.demo import build_demo, demo_settings

    demo_cfg = demo_settings(settings())
    summary = build_demo(demo_cfg, fresh=fresh)
    typer.echo(summary)
    typer.echo(
        f"open it again: coursekit demo   (or: coursekit --db {demo_cfg.db_url} for any "
        "command; coursekit demo --fresh starts over)"
    )
    if not no_tui:
        build_app(demo_cfg, course="COMP529").run()


def _asdict(record: object) -> dict[str, object]:
    from dataclasses import asdict, is_dataclass

    return asdict(record) if is_dataclass(record) else dict(vars(record))  # type: ignore[arg-type]


def main() -> None:
    import atexit
    import os
    import sys

    atexit.register(_exit_quickly)  # registered first, so run last of the exit handlers
    os.umask(0o077)  # every file coursekit writes is owner-only
    from coursekit.interchange.atomic import clean_stale_parts

    clean_stale_parts()  # .part files of a coursekit killed mid-write (may hold student data)
    try:
        app()
    except Exception as exc:  # a path without @user_errors: still one line, never a traceback
        from coursekit.cli.crash_log import unexpected_error_line
        from coursekit.cli.support import describe_failure

        message = describe_failure(exc) or unexpected_error_line(exc)
        sys.stderr.write(f"error: {message}\n")
        sys.exit(1)


def _exit_quickly() -> None:
    """Collect what the command left behind (closing, say, a connection it did not), then
    leave everything still alive (every imported module's objects) to the OS instead of to
    the collector's passes over it while the interpreter shuts down: ≈ 0.06 s of every
    command, a fifth of `coursekit courses`."""
    import gc

    gc.collect()
    gc.freeze()
