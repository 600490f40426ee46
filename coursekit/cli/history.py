"""``coursekit history [STUDENT]`` and ``coursekit revert CHANGE``."""

from __future__ import annotations

import typer

from coursekit.cli.support import CourseOption, JsonOption, print_json, service_context, user_errors


@user_errors
def history_command(
    student: str = typer.Argument(None, help="Only this student (id, e-mail, SIS login)."),
    course: str = CourseOption,
    limit: int = typer.Option(50, "--limit", "-n", help="Show at most this many changes."),
    hand_only: bool = typer.Option(False, "--hand", help="Only hand edits, not imports."),
    as_json: bool = JsonOption,
) -> None:
    """Audited changes, newest first, in words: what changed, old → new, who and when."""
    from coursekit.services.roster.history import history

    with service_context() as ctx:
        changes = history(ctx, course, student, limit=limit, hand_only=hand_only)
    if as_json:
        print_json([c.to_dict() for c in changes])
        return
    if not changes:
        typer.echo("no changes recorded yet")
        return
    for c in changes:
        source = f" (import batch {c.batch_id})" if c.batch_id is not None else ""
        who = f"{c.student_name} ({c.student_id})" if c.student_id else ""
        typer.echo(
            f"#{c.id}  {c.at:%Y-%m-%d %H:%M} UTC  by {c.actor or '?'}{source}  {who} — {c.subject}"
        )
        for line in c.lines:
            typer.echo(f"      {line}")


@user_errors
def revert_command(
    change: int = typer.Argument(..., help="The change number shown by coursekit history."),
) -> None:
    """Undo one hand change (refused, with the reason, when a later change built on it)."""
    from coursekit.services.roster.history import revert

    with service_context() as ctx:
        done = revert(ctx, change)
    who = f" for {done.student_name} ({done.student_id})" if done.student_id else ""
    typer.echo(f"reverted change {done.id}{who}: {done.subject}")
    for row in done.rows:
        from coursekit.domain.history import describe

        typer.echo(f"      {describe(row.field, row.new, row.old)}")
