"""``coursekit checklist attach|show|done|waive|todo|class|export``."""

from __future__ import annotations

from pathlib import Path

import typer

from coursekit.cli.support import (
    CourseOption,
    JsonOption,
    print_json,
    print_table,
    service_context,
    user_errors,
)

app = typer.Typer(
    help="Export checklists: get each student's work out before the accounts close.",
    no_args_is_help=True,
)

StudentArg = typer.Argument(..., help="Student id, email or SIS login.")


@app.command()
@user_errors
def attach(
    student: str = StudentArg,
    template: Path = typer.Argument(..., exists=True, dir_okay=False),
    course: str = CourseOption,
    lint: bool = typer.Option(False, "--lint", help="Also run cfn-lint when installed."),
    include_dropped: bool = typer.Option(
        False, "--include-dropped", help="Store it even if the student has dropped."
    ),
) -> None:
    """Store a student's template and (re)build their checklist (statuses are kept)."""
    from coursekit.services.checklists import attach_template

    with service_context() as ctx:
        result = attach_template(
            ctx, course, student, template, lint=lint, include_dropped=include_dropped
        )
    sheet = result.checklist
    if sheet.parse_error:
        typer.echo(
            f"stored, but the template does not parse: {sheet.parse_error}; "
            "a blocking item says so and the student is not handed in"
        )
        raise typer.Exit(1)
    reopened = f", {result.reopened} reopened (the problem is back)" if result.reopened else ""
    typer.echo(
        f"{sheet.student_id}: {result.added} items added, {result.kept} kept, "
        f"{result.retired} no longer apply{reopened}; {sum(e.open for e in sheet.items)} open"
    )


@app.command()
@user_errors
def show(
    student: str = StudentArg,
    course: str = CourseOption,
    as_json: bool = JsonOption,
    full: bool = typer.Option(
        False, "--full", help="Every item in full: message, fix, resource, path, note."
    ),
) -> None:
    """A student's checklist."""
    from coursekit.services.checklists import student_checklist

    with service_context() as ctx:
        sheet = student_checklist(ctx, course, student)
    if as_json:
        from dataclasses import asdict

        print_json({**asdict(sheet), "handed_in": sheet.handed_in})
        return
    if sheet.template is None:
        typer.echo(f"{sheet.student_id} has not handed in a template yet")
    elif sheet.parse_error is not None:
        typer.echo(
            f"{sheet.student_id} is not handed in: the latest template "
            f"({sheet.template}) does not parse: {sheet.parse_error}"
        )
    title = f"{sheet.name} ({sheet.student_id}) — template {sheet.template or '-'}"
    if full:
        typer.echo(title)
        for e in sheet.items:
            typer.echo("")
            typer.echo(f"item {e.id} · {e.status} · {e.severity} · {e.rule_id} · due {e.due_on}")
            for label, value in (
                ("resource", e.resource),
                ("path", e.path),
                ("line", "" if e.line is None else str(e.line)),
                ("message", e.message),
                ("fix", e.fix),
                ("note", e.note),
            ):
                if value:
                    typer.echo(f"  {label}: {value}")
        return
    print_table(
        title,
        ["item", "status", "severity", "rule", "resource", "message", "due"],
        [
            (e.id, e.status, e.severity, e.rule_id, e.resource, e.message, e.due_on)
            for e in sheet.items
        ],
    )


def _set(student: str, item: int, status: str, note: str, course: str | None) -> None:
    from coursekit.services.checklists import set_item_status

    with service_context() as ctx:
        entry = set_item_status(ctx, course, student, item, status, note=note)
    typer.echo(f"item {entry.id} ({entry.rule_id} {entry.resource}): {entry.status}")


@app.command()
@user_errors
def done(
    student: str = StudentArg,
    item: int = typer.Argument(...),
    course: str = CourseOption,
    note: str = typer.Option("", "--note"),
) -> None:
    """Mark an item done."""
    _set(student, item, "done", note, course)


@app.command()
@user_errors
def waive(
    student: str = StudentArg,
    item: int = typer.Argument(...),
    course: str = CourseOption,
    note: str = typer.Option(..., "--note", help="Why this item does not apply."),
) -> None:
    """Waive an item (a note is required)."""
    _set(student, item, "waived", note, course)


@app.command()
@user_errors
def todo(
    student: str = StudentArg, item: int = typer.Argument(...), course: str = CourseOption
) -> None:
    """Re-open an item."""
    _set(student, item, "todo", "", course)


@app.command("class")
@user_errors
def class_view(
    course: str = CourseOption,
    section: str = typer.Option(None, "--section"),
    as_json: bool = JsonOption,
) -> None:
    """Per student: items done / open / blocking, days left, who has not handed in."""
    from coursekit.services.checklists import class_checklists

    with service_context() as ctx:
        rows = class_checklists(ctx, course, section=section)
    if as_json:
        from dataclasses import asdict

        print_json([{**asdict(r), "handed_in": r.handed_in} for r in rows])
        return
    print_table(
        None,
        [
            "student id",
            "name",
            "section",
            "template",
            "done",
            "waived",
            "open",
            "blocking",
            "overdue",
            "days left",
        ],
        [
            (
                r.student_id,
                r.name,
                r.section,
                _template_cell(r.template, r.parse_error),
                r.done,
                r.waived,
                r.open,
                r.blocking,
                r.overdue,
                r.days_left,
            )
            for r in rows
        ],
    )


def _template_cell(template: str | None, parse_error: str | None) -> str:
    if template is None:
        return "MISSING"
    return f"{template} (does not parse)" if parse_error is not None else template


@app.command()
@user_errors
def export(
    out: Path = typer.Option(..., "--out", "-o", file_okay=False), course: str = CourseOption
) -> None:
    """Write one Markdown checklist per student plus class-summary.md into a folder."""
    from coursekit.services.checklists import export_checklists

    with service_context() as ctx:
        written = export_checklists(ctx, course, out)
    typer.echo(f"wrote {len(written)} files to {out}")
