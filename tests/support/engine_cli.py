"""Run the real ``coursekit`` app (the composition root) as the engine CLI tests do."""

from __future__ import annotations

from typer.testing import CliRunner

from coursekit.cli import app

AS_OF = "2026-09-29T12:00:00+00:00"  # the clock of the ``db_url`` fixture (tests/cli/conftest.py)


def run(*args: str) -> tuple[int, str]:
    """Exit code and output of ``coursekit ARGS`` (wide terminal: tables do not wrap)."""
    result = CliRunner().invoke(app, list(args), env={"COLUMNS": "250"})
    return result.exit_code, result.output
