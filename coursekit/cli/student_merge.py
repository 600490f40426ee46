"""``coursekit student merge KEEP OTHER`` and ``coursekit doctor``."""

from __future__ import annotations

import typer

from coursekit.cli.support import JsonOption, print_json, print_table, service_context, user_errors


@user_errors
def merge_command(
    keep: str = typer.Argument(..., help="The student to keep (student id, e-mail or login)."),
    other: str = typer.Argument(..., help="The duplicate, merged into KEEP and removed."),
    as_json: bool = JsonOption,
) -> None:
    """Merge a duplicate student into another: identifiers, enrollments, scores,
    credits, practice attempts, checklists and history move to KEEP (undoable)."""
    from coursekit.services.importing.student_merge import merge_students

    with service_context() as ctx:
        result = merge_students(ctx, keep, other)
    if as_json:
        print_json(
            {
                "batch": result.batch_id,
                "keep": result.keep,
                "other": result.other,
                "moved": result.moved,
            }
        )
        return
    moved = ", ".join(f"{n} {what}" for what, n in result.moved.items()) or "nothing"
    typer.echo(
        f"merged {result.other} into {result.keep} ({moved} moved) as batch "
        f"{result.batch_id} (undo with `coursekit undo {result.batch_id}`)"
    )


@user_errors
def doctor_command(as_json: bool = JsonOption) -> None:
    """List likely duplicate students and orphan rows, with the command that fixes each."""
    from coursekit.services.importing.doctor import diagnose

    with service_context() as ctx:
        findings = diagnose(ctx)
    if as_json:
        print_json([{"kind": f.kind, "message": f.message, "fix": f.fix} for f in findings])
        return
    if not findings:
        typer.echo("no likely duplicates or orphan rows found")
        return
    print_table(
        f"Findings ({len(findings)})",
        ["kind", "what", "fix"],
        [(f.kind, f.message, f.fix) for f in findings],
    )
