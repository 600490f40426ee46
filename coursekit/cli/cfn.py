"""``coursekit cfn``: check CloudFormation templates without a database."""

from __future__ import annotations

import enum
import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from coursekit.domain.cfn import TemplateAnalysis

cfn_app = typer.Typer(
    help="Check CloudFormation templates before moving work out of a lab account.",
    no_args_is_help=True,
)


class Target(enum.StrEnum):
    export = "export"
    learner_lab = "learner-lab"


class OutputFormat(enum.StrEnum):
    text = "text"
    json = "json"
    markdown = "markdown"


@cfn_app.callback()
def _cfn() -> None:
    """Check CloudFormation templates before moving work out of a lab account."""


def _read(path: Path, limit: int) -> tuple[bytes, int] | str:
    """The file's bytes (at most ``limit`` + 1, enough to detect oversize) and its
    real size, or an error."""
    from coursekit.interchange.atomic import check_input_file

    try:
        check_input_file(path)  # a FIFO would block forever
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
            size = max(os.fstat(handle.fileno()).st_size, len(data))
            return data, size
    except OSError as exc:
        return f"{path}: cannot read the file: {exc.strerror or exc}"


@cfn_app.command("check")
def check(
    templates: Annotated[
        list[Path], typer.Argument(metavar="TEMPLATE", help="Template files (YAML or JSON).")
    ],
    fmt: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="Output format.")
    ] = OutputFormat.text,
    lint: Annotated[
        bool,
        typer.Option(
            "--lint/--no-lint", help="Also run cfn-lint (when installed) and merge its findings."
        ),
    ] = False,
    regions: Annotated[
        list[str] | None,
        typer.Option("--region", "-r", help="Destination region(s) for cfn-lint; repeatable."),
    ] = None,
    target: Annotated[
        Target,
        typer.Option(
            "--target",
            "-t",
            help="export: moving work out of a lab account (default). learner-lab: "
            "redeploying the template into next term's Learner Lab (its limits).",
        ),
    ] = Target.export,
) -> None:
    """Find portability problems and the data to save in each TEMPLATE.

    With --target learner-lab, checks the opposite direction instead: whether
    the template fits a fresh Learner Lab account (regions, instance and volume
    sizes, no IAM roles, vockey).

    Exit status 1 when a template does not parse or has a blocking template
    problem; data to-do items and steps do not count. Otherwise 0.
    """
    from coursekit.domain.cfn import MAX_TEMPLATE_BYTES, TemplateAnalysis
    from coursekit.interchange.cfn_guard import analyze_untrusted
    from coursekit.interchange.cfn_report import render_report

    analyses: list[TemplateAnalysis] = []
    notes: list[str] = []
    for path in templates:
        name = str(path)
        read = _read(path, MAX_TEMPLATE_BYTES)
        if isinstance(read, str):
            analyses.append(TemplateAnalysis(name, (), (), read))
            continue
        data, size = read
        # a parser gap is one line, never a traceback
        analysis = analyze_untrusted(data, name, size=size, target=target.value)
        if lint and analysis.parse_error is None:
            analysis = _with_lint(analysis, data, name, regions or [], notes)
        analyses.append(analysis)

    for note in dict.fromkeys(notes):
        typer.echo(f"note: {note}", err=True)
    if fmt is not OutputFormat.text:
        for analysis in analyses:
            if analysis.parse_error is not None:
                typer.echo(f"error: {analysis.parse_error}", err=True)
    typer.echo(render_report(analyses, fmt.value), nl=False)
    failed = any(not a.ok for a in analyses)
    raise typer.Exit(1 if failed else 0)


def _with_lint(
    analysis: TemplateAnalysis, data: bytes, name: str, regions: list[str], notes: list[str]
) -> TemplateAnalysis:
    from coursekit.domain.cfn import with_findings
    from coursekit.interchange.cfn_lint import DEFAULT_REGIONS, lint_template

    outcome = lint_template(data, name, regions or DEFAULT_REGIONS)
    if outcome.error is not None:
        notes.append(outcome.error)
    return with_findings(analysis, outcome.findings)
