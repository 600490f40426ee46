"""The ``coursekit`` command (Typer) and the composition root ``build_app``.

Heavy packages (pandas, Textual, openpyxl) are imported inside the commands
that need them, so ``coursekit --help`` starts fast.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from coursekit.cli import checklist as checklist_commands
from coursekit.cli import db as db_commands
from coursekit.cli import engine as engine_commands
from coursekit.cli.canvas import canvas_app
from coursekit.cli.cfn import cfn_app
from coursekit.cli.history import history_command, revert_command
from coursekit.cli.imports import import_app, imports_command, undo_command
from coursekit.cli.reports import report_app
from coursekit.cli.scores import extend_command, score_app
from coursekit.cli.student import student_app
from coursekit.cli.student_merge import doctor_command
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

app = typer.Typer(
    name="coursekit",
    help="Run an AWS Academy class: roster, labs, credits, grades, readiness, export checklists.",
    no_args_is_help=False,
    add_completion=False,
    pretty_exceptions_enable=False,  # its tracebacks print local variables (student data)
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


# Areas with their own modules, after the core commands in --help.
for _view in (
    engine_commands.grades,
    engine_commands.labs,
    engine_commands.credits,
    engine_commands.readiness,
    engine_commands.nudges,
):
    app.command()(_view)
app.add_typer(import_app, name="import")
app.command("imports")(imports_command)
app.command("undo")(undo_command)
app.add_typer(checklist_commands.app, name="checklist")
app.add_typer(student_app, name="student")
app.add_typer(score_app, name="score")
app.command("extend")(extend_command)
app.command("history")(history_command)
app.command("revert")(revert_command)
app.add_typer(cfn_app, name="cfn")
app.add_typer(report_app, name="report")
app.add_typer(db_commands.app, name="db")
app.command("doctor")(doctor_command)
app.add_typer(canvas_app, name="canvas")


def main() -> None:
    import os
    import sys

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
