"""``coursekit import roster|gradebook|credits|practice FILE``, ``coursekit imports``,
``coursekit undo BATCH``.

Registered by ``coursekit.cli``: ``app.add_typer(import_app, name="import")``,
``app.command("imports")(imports_command)``, ``app.command("undo")(undo_command)``.
Services (and pandas/calamine behind them) are imported inside the commands.
"""

from __future__ import annotations

from contextlib import nullcontext
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from coursekit.cli.support import (
    CourseOption,
    JsonOption,
    fail,
    print_json,
    print_table,
    service_context,
    user_errors,
)

if TYPE_CHECKING:
    from coursekit.domain.imports import ImportPlan

import_app = typer.Typer(
    help="Import a spreadsheet: preview the changes, then apply them in one transaction.",
    no_args_is_help=True,
)

FileArg = typer.Argument(..., exists=True, dir_okay=False, help="A .csv or .xlsx file.")
DryRunOption = typer.Option(False, "--dry-run", "-n", help="Only show the preview; write nothing.")
MapOption = typer.Option(
    None,
    "--map",
    "-m",
    help='Column mapping "Header=field" (roster/credits/practice) or "Header=assessment key" '
    '(gradebook); "Header=" ignores a column. Repeatable.',
)
SheetOption = typer.Option(None, "--sheet", help="Worksheet name (xlsx; default: the first).")
ForceOption = typer.Option(False, "--force", help="Let the file overwrite newer or manual edits.")
SHOWN = 25  # rows per preview table
PROGRESS_BYTES = 512 * 1024  # show a progress bar for files larger than this


def parse_mapping(values: list[str] | None) -> dict[str, str]:
    mapping: dict[str, str] = {}
    for value in values or []:
        if "=" not in value:
            raise fail(f'--map {value!r}: write it as "Header=field"')
        header, target = value.rsplit("=", 1)
        if not header.strip():
            raise fail(f"--map {value!r}: the column header is empty")
        mapping[header.strip()] = target.strip()
    return mapping


def _progress(path: Path) -> Any:
    if path.stat().st_size < PROGRESS_BYTES:
        return nullcontext(None)
    from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn

    return Progress(
        TextColumn("{task.description}"), BarColumn(), TaskProgressColumn(), transient=True
    )


def _callback(progress: Any, description: str) -> Any:
    if progress is None:
        return None
    task = progress.add_task(description, total=None)

    def update(done: int, total: int) -> None:
        progress.update(task, completed=done, total=total)

    return update


def _run(
    kind: str,
    file: Path,
    course: str | None,
    dry_run: bool,
    maps: list[str] | None,
    sheet: str | None,
    force: bool,
    as_json: bool,
    drop_missing: bool = False,
) -> None:
    from coursekit.services.imports import apply_import, plan_import

    mapping = parse_mapping(maps)
    with service_context() as ctx, _progress(file) as progress:
        plan = plan_import(
            ctx,
            kind,
            file,
            course=course,
            mapping=mapping or None,
            sheet=sheet,
            progress=_callback(progress, "reading"),
            drop_missing=drop_missing,
        )
        if progress is not None:
            progress.stop()
        if not as_json:
            print_preview(plan)
        if plan.has_errors:
            if as_json:
                print_json(_plan_json(plan))
            raise fail(
                f"{plan.file_name}: {len(plan.errors)} error(s) (first: {plan.errors[0]}); "
                "nothing imported",
                code=1,
            )
        if dry_run or plan.is_empty:
            if as_json:
                print_json(_plan_json(plan))
            else:
                typer.echo(
                    "nothing to import: the database already matches the file"
                    if plan.is_empty
                    else "dry run: nothing written"
                )
            return
        with _progress(file) as bar:
            batch = apply_import(ctx, plan, force=force, progress=_callback(bar, "writing"))
    if as_json:
        print_json({**_plan_json(plan), "batch": batch.id})
        return
    typer.echo(
        f"imported {plan.file_name} into {plan.course_code} as batch {batch.id} "
        f"(undo with `coursekit undo {batch.id}`)"
    )


def _plan_json(plan: ImportPlan) -> dict[str, Any]:
    return {
        "kind": plan.kind.value,
        "course": plan.course_code,
        "file": plan.file_name,
        "sha256": plan.sha256,
        "counts": plan.counts,
        "issues": [
            {"row": i.row, "column": i.column, "severity": i.severity.value, "message": i.message}
            for i in plan.issues
        ],
    }


def _more(total: int) -> None:
    if total > SHOWN:
        typer.echo(f"  … and {total - SHOWN} more")


def print_preview(plan: ImportPlan) -> None:
    """The preview as tables (cells are shown literally, never as markup)."""
    counts = plan.counts
    typer.echo(f"{plan.kind.value} import of {plan.file_name} into {plan.course_code}")
    mapped = [c for c in plan.columns if c.how not in ("computed", "custom")]
    if plan.kind.value == "gradebook" and mapped:
        print_table(
            "Columns",
            ["column", "assessment", "matched by"],
            [
                (
                    c.header,
                    c.title or "— not imported",
                    f"{c.how} {c.similarity:.0%}" if c.how == "fuzzy" else c.how,
                )
                for c in mapped
            ],
        )
    if plan.students_added:
        print_table(
            f"Students added ({len(plan.students_added)})",
            ["row", "student id", "name", "section", "note"],
            [
                (
                    c.row,
                    c.student_id,
                    c.name,
                    next((f.new for f in c.changes if f.field == "section"), ""),
                    c.note,
                )
                for c in plan.students_added[:SHOWN]
            ],
        )
        _more(len(plan.students_added))
    if plan.students_changed:
        print_table(
            f"Students changed ({len(plan.students_changed)})",
            ["row", "student id", "name", "changes"],
            [
                (c.row, c.student_id, c.name, "; ".join(str(f) for f in c.changes))
                for c in plan.students_changed[:SHOWN]
            ],
        )
        _more(len(plan.students_changed))
    if plan.students_missing:
        verb = "dropped" if plan.drop_missing else "not in the file (drop candidates)"
        print_table(
            f"Students {verb} ({len(plan.students_missing)})",
            ["student id", "name"],
            [(c.student_id, c.name) for c in plan.students_missing[:SHOWN]],
        )
        _more(len(plan.students_missing))
    if plan.scores_changed:
        print_table(
            f"Scores changed ({len(plan.scores_changed)})",
            ["row", "student", "assessment", "old", "new", "warning"],
            [(c.row, c.name, c.title, c.old, c.new, c.stale) for c in plan.scores_changed[:SHOWN]],
        )
        _more(len(plan.scores_changed))
    for title, rows in (("Rows added", plan.rows_added), ("Rows changed", plan.rows_changed)):
        if rows:
            print_table(
                f"{title} ({len(rows)})",
                ["row", "student id", "name", "what", "changes"],
                [
                    (r.row, r.student_id, r.name, r.summary, "; ".join(str(f) for f in r.changes))
                    for r in rows[:SHOWN]
                ],
            )
            _more(len(rows))
    shown = [i for i in plan.issues if i.severity.value != "info"][:50]
    if shown:
        print_table(
            "Problems",
            ["severity", "row", "column", "message"],
            [(i.severity.value, i.row or "", i.column or "", i.message) for i in shown],
        )
    typer.echo(
        f"students: {counts['students_added']} added, {counts['students_changed']} changed, "
        f"{counts['students_unchanged']} unchanged, {counts['students_missing']} not in the file; "
        f"scores: {counts['scores_added']} added, {counts['scores_changed']} changed, "
        f"{counts['scores_unchanged']} unchanged; rows: {counts['rows_added']} added, "
        f"{counts['rows_changed']} changed, {counts['rows_unchanged']} unchanged; "
        f"{counts['errors']} error(s), {counts['warnings']} warning(s)"
    )


@import_app.command("roster")
@user_errors
def roster_command(
    file: Path = FileArg,
    course: str = CourseOption,
    dry_run: bool = DryRunOption,
    maps: list[str] = MapOption,
    sheet: str = SheetOption,
    force: bool = ForceOption,
    drop_missing: bool = typer.Option(
        False, "--drop-missing", help="Drop active students the file no longer lists."
    ),
    as_json: bool = JsonOption,
) -> None:
    """University roster: student id, name, email, section, status."""
    _run("roster", file, course, dry_run, maps, sheet, force, as_json, drop_missing)


def _simple_import_command(kind: str, doc: str) -> None:
    """Register ``coursekit import KIND``: the kinds below take the same options."""

    def command(
        file: Path = FileArg,
        course: str = CourseOption,
        dry_run: bool = DryRunOption,
        maps: list[str] = MapOption,
        sheet: str = SheetOption,
        force: bool = ForceOption,
        as_json: bool = JsonOption,
    ) -> None:
        _run(kind, file, course, dry_run, maps, sheet, force, as_json)

    command.__name__ = command.__qualname__ = f"{kind}_command"
    command.__doc__ = doc
    import_app.command(kind)(user_errors(command))


_simple_import_command("gradebook", "Canvas / AWS Academy gradebook export (csv or xlsx).")
_simple_import_command(
    "credits", "Learner Lab credit usage: student id or email, date, spent (USD), budget."
)
_simple_import_command(
    "practice",
    "Practice-exam results: student, exam, date, score, per-domain %, minutes, questions.",
)


@user_errors
def imports_command(course: str = CourseOption, as_json: bool = JsonOption) -> None:
    """List import batches, newest first."""
    from coursekit.services.imports import list_batches

    with service_context() as ctx:
        batches = list_batches(ctx, course)
    if as_json:
        print_json(
            [
                {
                    "id": b.id,
                    "course": b.course_code,
                    "kind": b.kind.value,
                    "file": b.file_name,
                    "sha256": b.sha256,
                    "counts": b.counts,
                    "actor": b.actor,
                    "imported_at": b.imported_at,
                    "undone_at": b.undone_at,
                }
                for b in batches
            ]
        )
        return
    print_table(
        "Import batches",
        ["batch", "course", "kind", "file", "imported", "by", "changes", "undone"],
        [
            (
                b.id,
                b.course_code,
                b.kind.value,
                b.file_name,
                f"{b.imported_at:%Y-%m-%d %H:%M}",
                b.actor,
                _summary(b.counts),
                f"{b.undone_at:%Y-%m-%d %H:%M}" if b.undone_at else "",
            )
            for b in batches
        ],
    )


def _summary(counts: dict[str, int]) -> str:
    parts = []
    for key, label in (
        ("students_added", "students +"),
        ("students_changed", "students ~"),
        ("scores_added", "scores +"),
        ("scores_changed", "scores ~"),
        ("rows_added", "rows +"),
        ("rows_changed", "rows ~"),
        ("students_dropped", "dropped "),
    ):
        if counts.get(key):
            parts.append(f"{label}{counts[key]}")
    return ", ".join(parts) or "no changes"


@user_errors
def undo_command(
    batch: int = typer.Argument(..., help="Batch number (see `coursekit imports`)."),
) -> None:
    """Undo an import batch: restore exactly the state before it."""
    from coursekit.services.imports import undo_batch

    with service_context() as ctx:
        info = undo_batch(ctx, batch)
    typer.echo(
        f"undid batch {info.id} ({info.kind.value} import of {info.file_name} into "
        f"{info.course_code})"
    )
