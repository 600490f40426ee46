"""``coursekit canvas login|whoami|logout|pull|push|compare``: Canvas itself.

Registered by ``coursekit.cli``: ``app.add_typer(canvas_app, name="canvas")``.
The access token is read from a hidden prompt or ``CANVAS_API_TOKEN`` and never
printed.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import typer

from coursekit.cli.hints import issue_line
from coursekit.cli.import_preview import print_preview
from coursekit.cli.progress import progress_bar, progress_callback
from coursekit.cli.support import (
    CourseOption,
    JsonOption,
    fail,
    print_json,
    print_table,
    service_context,
    user_errors,
)

canvas_app = typer.Typer(
    help="Canvas itself: pull the roster and scores, push grades back.", no_args_is_help=True
)
DryRunOption = typer.Option(False, "--dry-run", "-n", help="Only show the preview; write nothing.")
SHOWN = 25


@canvas_app.command()
@user_errors
def login(
    url: str = typer.Option(
        ..., "--url", help="Canvas address, e.g. https://school.instructure.com"
    ),
    canvas_course: str = typer.Option(
        None, "--canvas-course", help="The course's Canvas id (the number in its address)."
    ),
    course: str = CourseOption,
) -> None:
    """Check an access token and keep it in the system keyring (the address per course)."""
    from coursekit.interchange.canvas_live.credentials import ENV_TOKEN
    from coursekit.services.canvas.canvas_connection import login as do_login

    token = None
    if not os.environ.get(ENV_TOKEN):
        token = typer.prompt("Canvas access token", hide_input=True)
    with service_context() as ctx:
        result = do_login(ctx, url, course=course, canvas_course_id=canvas_course, token=token)
    where = "system keyring" if result.token_source == "keyring" else result.token_source
    typer.echo(
        f"logged in to {result.connection.url} as {result.user.name} "
        f"(token from the {where}); {result.connection.course_code} → Canvas course "
        f"{result.connection.canvas_course_id or '(none yet: --canvas-course ID)'}"
    )


@canvas_app.command()
@user_errors
def whoami(course: str = CourseOption) -> None:
    """Who the stored token belongs to (the token itself is never shown)."""
    from coursekit.services.canvas.canvas_connection import check

    with service_context() as ctx:
        result = check(ctx, course)
    login_id = f" <{result.user.login}>" if result.user.login else ""
    typer.echo(
        f"{result.user.name}{login_id} on {result.connection.url} (user {result.user.user_id}); "
        f"token from the {result.token_source}; Canvas course "
        f"{result.connection.canvas_course_id or '(none)'}"
    )


@canvas_app.command()
@user_errors
def logout(course: str = CourseOption) -> None:
    """Forget the stored token (the Canvas address stays with the course)."""
    from coursekit.services.canvas.canvas_connection import logout as do_logout

    with service_context() as ctx:
        removed = do_logout(ctx, course)
    typer.echo("token removed from the system keyring" if removed else "no stored token")


@canvas_app.command()
@user_errors
def pull(
    roster: bool = typer.Option(False, "--roster", help="Pull the roster (enrollments, sections)."),
    scores: bool = typer.Option(False, "--scores", help="Pull the scores (submissions)."),
    dry_run: bool = DryRunOption,
    force: bool = typer.Option(
        False, "--force", help="Let Canvas overwrite newer or manual edits."
    ),
    drop_missing: bool = typer.Option(
        False, "--drop-missing", help="Drop active students Canvas no longer lists (roster)."
    ),
    course: str = CourseOption,
    as_json: bool = JsonOption,
) -> None:
    """Import the roster and/or scores from Canvas (both by default), through the
    same preview, identity matching, apply and undo as a spreadsheet."""
    from coursekit.domain.enums import ImportKind
    from coursekit.services.canvas.canvas_connection import open_canvas
    from coursekit.services.canvas.canvas_pull import plan_pull
    from coursekit.services.canvas.canvas_pull import pull as do_pull
    from coursekit.services.importing.imports import apply_import

    kinds = [k for k, on in ((ImportKind.ROSTER, roster), (ImportKind.GRADEBOOK, scores)) if on]
    kinds = kinds or [ImportKind.ROSTER, ImportKind.GRADEBOOK]
    report: list[dict[str, Any]] = []
    with service_context() as ctx:
        session = open_canvas(ctx, course)
        with progress_bar(not as_json) as bar:
            pulled = do_pull(
                session,
                scores=ImportKind.GRADEBOOK in kinds,
                progress=progress_callback(bar, "reading Canvas"),
            )
        for kind in kinds:
            plan = plan_pull(ctx, pulled, kind, drop_missing=drop_missing)
            entry: dict[str, Any] = {"kind": kind.value, "counts": plan.counts}
            report.append(entry)
            if not as_json:
                print_preview(plan)
            if plan.has_errors:
                if as_json:
                    print_json(report)
                raise fail(
                    f"{plan.file_name}: {len(plan.errors)} error(s) "
                    f"(first: {issue_line(plan.errors[0])}); nothing imported",
                    code=1,
                )
            if dry_run or plan.is_empty:
                if not as_json:
                    typer.echo(
                        f"{kind.value}: the database already matches Canvas"
                        if plan.is_empty
                        else f"{kind.value}: dry run, nothing written"
                    )
                continue
            batch = apply_import(ctx, plan, force=force)
            entry["batch"] = batch.id
            if not as_json:
                typer.echo(
                    f"{kind.value} from {plan.file_name} imported into {plan.course_code} as "
                    f"batch {batch.id} (undo with `coursekit undo {batch.id}`)"
                )
    if as_json:
        print_json(report)


@canvas_app.command()
@user_errors
def push(
    what: str = typer.Argument(..., help="grades, or column"),
    name: str = typer.Argument(None, help="column: credits or readiness"),
    title: str = typer.Option(None, "--title", help="The Canvas column's title (column)."),
    dry_run: bool = DryRunOption,
    yes: bool = typer.Option(False, "--yes", "-y", help="Do not ask before writing."),
    course: str = CourseOption,
    as_json: bool = JsonOption,
) -> None:
    """Write to Canvas: ``grades`` (coursekit's scores) or ``column credits|readiness``
    (a custom gradebook column). Shows the diff, writes in one bulk update, reads every
    cell back and reports any that did not take."""
    from coursekit.services.canvas.canvas_column import plan_push_column, push_column
    from coursekit.services.canvas.canvas_connection import open_canvas
    from coursekit.services.canvas.canvas_push import plan_push_grades, push_grades

    if what not in ("grades", "column") or (what == "column") != bool(name):
        raise fail("push what? `grades`, or `column credits` / `column readiness`")
    with service_context() as ctx:
        session = open_canvas(ctx, course)
        if what == "grades":
            plan, write = plan_push_grades(ctx, session), push_grades
        else:
            plan, write = plan_push_column(ctx, session, name, title), push_column
        if not as_json:
            _print_push_plan(plan)
        if not plan.cells or dry_run:
            if as_json:
                print_json({"cells": len(plan.cells), "unchanged": plan.unchanged})
            elif plan.cells:
                typer.echo("dry run: nothing written to Canvas")
            return
        if not yes and not typer.confirm(f"write {len(plan.cells)} cell(s) to Canvas?"):
            raise fail("nothing written", code=1)
        with progress_bar(not as_json) as bar:
            result = write(ctx, session, plan, progress_callback(bar, "Canvas is writing"))
    missed = result.not_taken
    if as_json:
        print_json(
            {
                "push": result.push_id,
                "status": result.status,
                "cells": len(result.cells),
                "not_taken": [
                    {"user_id": c.user_id, "item": c.key, "sent": c.after, "canvas": c.read_back}
                    for c in missed
                ],
            }
        )
    else:
        typer.echo(
            f"push {result.push_id}: {len(result.cells) - len(missed)} of {len(result.cells)} "
            f"cell(s) read back as written ({result.status})"
            + (f"; {result.message}" if result.message else "")
        )
        if missed:
            print_table(
                f"Did not take ({len(missed)})",
                ["student id", "name", "item", "sent", "Canvas now"],
                [(c.student_id, c.name, c.title, c.after, c.read_back) for c in missed[:SHOWN]],
            )
    if missed:
        raise typer.Exit(1)


def _print_push_plan(plan: Any) -> None:
    typer.echo(
        f"{plan.target} of {plan.course_code} → Canvas course {plan.canvas_course_id}: "
        f"{len(plan.cells)} cell(s) change, {plan.unchanged} already match"
    )
    for note in plan.notes:
        typer.echo(f"  {note}")
    if plan.cells:
        print_table(
            "Changes in Canvas",
            ["student id", "name", "item", "Canvas now", "coursekit"],
            [(c.student_id, c.name, c.title, c.before, c.after) for c in plan.cells[:SHOWN]],
        )
        if len(plan.cells) > SHOWN:
            typer.echo(f"  … and {len(plan.cells) - SHOWN} more")


@canvas_app.command()
@user_errors
def compare(
    all_rows: bool = typer.Option(False, "--all", help="Also list the students who agree."),
    course: str = CourseOption,
    as_json: bool = JsonOption,
) -> None:
    """Canvas's own current/final scores next to coursekit's, each difference explained."""
    from dataclasses import asdict

    from coursekit.services.canvas.canvas_compare import compare as do_compare
    from coursekit.services.canvas.canvas_connection import open_canvas

    with service_context() as ctx:
        rows = do_compare(ctx, open_canvas(ctx, course))
    differ = [r for r in rows if not r.agrees]
    if as_json:
        print_json([{**asdict(r), "agrees": r.agrees} for r in (rows if all_rows else differ)])
        return

    def pct(totals: Any, which: str) -> str:
        value = None if totals is None else getattr(totals, which)
        return "" if value is None else f"{value:.2f}"

    shown = rows if all_rows else differ
    print_table(
        f"Canvas vs coursekit ({len(differ)} of {len(rows)} differ)",
        [
            "student id",
            "name",
            "Canvas current",
            "coursekit current",
            "Canvas final",
            "coursekit final",
            "why",
        ],
        [
            (
                r.student_id,
                r.name,
                pct(r.canvas, "current"),
                pct(r.local, "current"),
                pct(r.canvas, "final"),
                pct(r.local, "final"),
                " / ".join(r.reasons) or "agrees",
            )
            for r in shown
        ],
    )


@canvas_app.command()
@user_errors
def syllabus(
    canvas_course: str = typer.Argument(..., help="The course's Canvas id."),
    out: Path = typer.Option(..., "--out", "-o", dir_okay=False, help="Syllabus TOML to write."),
    url: str = typer.Option(None, "--url", help="Canvas address (default: the course's)."),
    course: str = CourseOption,
) -> None:
    """Write a syllabus TOML from the Canvas course (groups, assignments, late policy,
    grading standard); re-running updates it and keeps hand-written keys."""
    from coursekit.services.canvas.canvas_syllabus import write_syllabus

    with service_context() as ctx:
        update, problem = write_syllabus(ctx, canvas_course, out, url=url, course=course)
    verb = "wrote" if update.created else "updated"
    typer.echo(
        f"{verb} {out}: {len(update.added)} assessment(s) added, {len(update.updated)} updated"
    )
    if update.gone:
        typer.echo(
            f"  kept {len(update.gone)} assessment(s) no longer in Canvas: "
            + ", ".join(update.gone)
        )
    for note in update.notes:
        typer.echo(f"  {note}")
    typer.echo(
        f"  to complete before `coursekit init`: {problem}"
        if problem
        else f"  loads as a syllabus: `coursekit init {out}`"
    )
