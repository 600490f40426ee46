"""``coursekit import roster|gradebook|credits|practice FILE``, ``coursekit imports``,
``coursekit undo BATCH``.

Registered by ``coursekit.cli``: ``app.add_typer(import_app, name="import")``,
``app.command("imports")(imports_command)``, ``app.command("undo")(undo_command)``.
Services (and pandas/calamine behind them) are imported inside the commands.
"""

from __future__ import annotations

from pathlib import Path

import typer

from coursekit.cli.hints import issue_line
from coursekit.cli.import_preview import SHOWN, plan_json, print_preview
from coursekit.cli.progress import progress_bar, progress_callback
from coursekit.cli.support import (
    CourseOption,
    JsonOption,
    fail,
    print_json,
    print_table,
    service_context,
    settings,
    user_errors,
)

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
LinkOption = typer.Option(
    None,
    "--link",
    help="Settle a decision: file ROW is stored STUDENT (student id), e.g. --link 7=1001. "
    "Repeatable.",
)
NewOption = typer.Option(
    None, "--new", help="Settle a decision: file ROW is a new student. Repeatable."
)
AllOption = typer.Option(False, "--all", help="Show every row of the preview (default: 25).")
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


def parse_links(values: list[str] | None) -> dict[int, str]:
    links: dict[int, str] = {}
    for value in values or []:
        row, _, student = value.partition("=")
        if not row.strip().isdigit() or not student.strip():
            raise fail(f'--link {value!r}: write it as ROW=STUDENT, e.g. "--link 7=1001"')
        links[int(row)] = student.strip()
    return links


def _large(path: Path) -> bool:
    return path.stat().st_size >= PROGRESS_BYTES


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
    settle: tuple[list[str] | None, list[int] | None, bool] = (None, None, False),
) -> None:
    from coursekit.interchange.spreadsheet import start_reading

    start_reading(file, settings().limits, sheet=sheet)  # an xlsx parses while we import
    from coursekit.services.importing.imports import apply_import, plan_import

    links, new_rows, show_all = settle
    mapping = parse_mapping(maps)
    with service_context() as ctx, progress_bar(_large(file)) as progress:
        plan = plan_import(
            ctx,
            kind,
            file,
            course=course,
            mapping=mapping or None,
            sheet=sheet,
            progress=progress_callback(progress, "reading"),
            drop_missing=drop_missing,
            links=parse_links(links),
            new_rows=new_rows or (),
        )
        if progress is not None:
            progress.stop()
        if not as_json:
            print_preview(plan, shown=None if show_all else SHOWN)
        if plan.has_errors:
            if as_json:
                print_json(plan_json(plan))
            raise fail(
                f"{plan.file_name}: {len(plan.errors)} error(s) "
                f"(first: {issue_line(plan.errors[0])}); "
                "nothing imported",
                code=1,
            )
        if plan.decisions and not dry_run:
            if as_json:
                print_json(plan_json(plan))
            rows = ", ".join(str(d.row) for d in plan.decisions[:10])
            raise fail(
                f"{plan.file_name}: {len(plan.decisions)} decision(s) open (rows {rows}); "
                "nothing imported: settle each with --link ROW=STUDENT or --new ROW",
                code=1,
            )
        if dry_run or plan.is_empty:
            if as_json:
                print_json(plan_json(plan))
            else:
                typer.echo(
                    "nothing to import: the database already matches the file"
                    if plan.is_empty
                    else "dry run: nothing written"
                )
            return
        with progress_bar(_large(file)) as bar:
            batch = apply_import(ctx, plan, force=force, progress=progress_callback(bar, "writing"))
    if as_json:
        print_json({**plan_json(plan), "batch": batch.id})
        return
    typer.echo(
        f"imported {plan.file_name} into {plan.course_code} as batch {batch.id} "
        f"(undo with `coursekit undo {batch.id}`)"
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
        False,
        "--drop-missing",
        help="Drop active students the file no longer lists (the preview names them all).",
    ),
    as_json: bool = JsonOption,
    links: list[str] = LinkOption,
    new_rows: list[int] = NewOption,
    show_all: bool = AllOption,
) -> None:
    """University roster: student id, name, email, section, status."""
    _run(
        "roster",
        file,
        course,
        dry_run,
        maps,
        sheet,
        force,
        as_json,
        drop_missing,
        (links, new_rows, show_all),
    )


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
        links: list[str] = LinkOption,
        new_rows: list[int] = NewOption,
        show_all: bool = AllOption,
    ) -> None:
        _run(
            kind,
            file,
            course,
            dry_run,
            maps,
            sheet,
            force,
            as_json,
            False,
            (links, new_rows, show_all),
        )

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
    from coursekit.services.importing.imports import list_batches

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
    from coursekit.services.importing.imports import undo_batch

    with service_context() as ctx:
        info = undo_batch(ctx, batch)
    typer.echo(
        f"undid batch {info.id} ({info.kind.value} import of {info.file_name} into "
        f"{info.course_code})"
    )
