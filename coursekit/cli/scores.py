"""``coursekit score set|excuse|clear`` and ``coursekit extend``: hand edits of one score.

STUDENT is a student id, e-mail, SIS login or Canvas user id; ASSESSMENT a key (Canvas
assignment id) or an exact title. Every edit is audited (``coursekit history``) and can be
taken back (``coursekit revert``).
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import typer

from coursekit.cli.support import CourseOption, fail, service_context, user_errors

if TYPE_CHECKING:
    from coursekit.services.roster.score_edits import ScoreChange

score_app = typer.Typer(help="Set, excuse or clear one student's score.", no_args_is_help=True)

StudentArg = typer.Argument(..., help="Student id, e-mail, SIS login or Canvas user id.")
AssessmentArg = typer.Argument(..., help="Assessment key (Canvas id) or exact title.")
ExpectOption = typer.Option(
    None, "--expect-version", help="Refuse if the score's version is no longer this one."
)


def _said(c: ScoreChange) -> None:
    verb = "unchanged" if c.old == c.new else f"{c.old} → {c.new}"
    typer.echo(f"{c.student_id} {c.key} ({c.title}): {verb}")


@score_app.command("set")
@user_errors
def set_(
    student: str = StudentArg,
    assessment: str = AssessmentArg,
    points: float = typer.Argument(..., help="Points (not a percent)."),
    course: str = CourseOption,
    expect_version: int = ExpectOption,
) -> None:
    """Give the student POINTS on ASSESSMENT (a hand edit: outranks later imports)."""
    from coursekit.services.roster.score_edits import set_score

    with service_context() as ctx:
        _said(set_score(ctx, course, student, assessment, points, expected_version=expect_version))


@score_app.command()
@user_errors
def excuse(
    student: str = StudentArg,
    assessment: str = AssessmentArg,
    course: str = CourseOption,
    expect_version: int = ExpectOption,
) -> None:
    """Excuse the student (EX): the assessment leaves every count for them."""
    from coursekit.services.roster.score_edits import excuse_score

    with service_context() as ctx:
        _said(excuse_score(ctx, course, student, assessment, expected_version=expect_version))


@score_app.command()
@user_errors
def clear(
    student: str = StudentArg,
    assessment: str = AssessmentArg,
    course: str = CourseOption,
    expect_version: int = ExpectOption,
) -> None:
    """Remove the score (missing once past due); an import will not overwrite it unforced."""
    from coursekit.services.roster.score_edits import clear_score

    with service_context() as ctx:
        _said(clear_score(ctx, course, student, assessment, expected_version=expect_version))


def _when(text: str) -> datetime:
    try:
        value = datetime.fromisoformat(text.strip())
    except ValueError:
        raise fail(f"--until: {text!r} is not an ISO date and time") from None
    if value.tzinfo is None:
        raise fail(f"--until: {text!r} needs a time zone (e.g. 2026-10-04T23:59-04:00)")
    return value


@user_errors
def extend_command(
    student: str = StudentArg,
    assessment: str = typer.Argument(None, help="Assessment key or title (not with --all-future)."),
    until: str = typer.Option(None, "--until", help="The student's own due date (ISO, with zone)."),
    remove: bool = typer.Option(False, "--remove", help="Take the extension away."),
    all_future: bool = typer.Option(
        False, "--all-future", help="Every assessment not due yet (a standing accommodation)."
    ),
    days: float = typer.Option(None, "--days", help="With --all-future: days added to each."),
    course: str = CourseOption,
    expect_version: int = ExpectOption,
) -> None:
    """Grant STUDENT an extension on ASSESSMENT, or --all-future --days N."""
    from coursekit.services.roster.score_edits import extend, extend_all_future

    if all_future:
        if assessment is not None or until is not None or remove:
            raise fail("--all-future takes --days N, not an assessment, --until or --remove")
        if days is None:
            raise fail("--all-future needs --days N")
        with service_context() as ctx:
            granted = extend_all_future(ctx, course, student, days)
        for e in granted:
            typer.echo(f"{e.key} ({e.title}): due {e.extended_due_at:%Y-%m-%d %H:%M %Z}")
        typer.echo(f"{len(granted)} due dates moved {days:g} days later for {student}")
        return
    if assessment is None:
        raise fail("give an ASSESSMENT (or --all-future --days N)")
    if remove == (until is not None):
        raise fail("give exactly one of --until DATETIME or --remove")
    due = None if remove else _when(until)
    with service_context() as ctx:
        e = extend(ctx, course, student, assessment, due, expected_version=expect_version)
    if e.extended_due_at is None:
        typer.echo(f"{e.key} ({e.title}): extension removed")
    else:
        typer.echo(f"{e.key} ({e.title}): due {e.extended_due_at.isoformat()} for {student}")
