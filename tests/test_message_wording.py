"""Messages of the core name no command-line option: the CLI words hints at the edge.

Every string literal in ``coursekit/domain``, ``coursekit/services`` and
``coursekit/interchange`` (docstrings aside) is checked against the options of the real
Typer app (built by ``coursekit.cli``, so a new option is covered the day it is added). A
message that needs the user to act carries a ``HintKind`` instead, and ``cli.hints`` /
``tui.hints`` word it.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import typer.main

from coursekit.cli import app

ROOT = Path(__file__).resolve().parents[1] / "coursekit"
CORE = ("domain", "services", "interchange")
OPTION = re.compile(r"(?<![\w-])--[a-z][a-z0-9-]*")

# The remediation text of the CloudFormation checks (``domain/cfn/``) quotes commands of
# the *AWS CLI* and cfn-lint for the student to run (``aws lambda get-function
# --function-name``, ``aws cloudformation deploy --stack-name``, ``cfn-lint --regions``).
# Those flags belong to those tools, not to coursekit, so an option of ours that someday
# shares such a name must not fail the check there; anywhere else it still does.
AWS_CLI_FLAGS = frozenset(
    {
        "--arn",
        "--capabilities",
        "--export-type",
        "--function-name",
        "--kms-key-id",
        "--regions",
        "--stack-name",
        "--table-name",
        "--template-file",
        "--template-stage",
        "--with-decryption",
    }
)
CFN_REMEDIATION = "coursekit/domain/cfn/"


def cli_options() -> set[str]:
    """Every long option of every command of the real CLI."""
    found: set[str] = set()

    def walk(command: Any) -> None:  # Typer's click commands and groups
        for param in command.params:
            found.update(o for o in (*param.opts, *param.secondary_opts) if o.startswith("--"))
        for sub in getattr(command, "commands", {}).values():
            walk(sub)

    walk(typer.main.get_command(app))
    return found


def _docstrings(tree: ast.AST) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(
            node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef
        ) and (body := node.body):
            first = body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                ids.add(id(first.value))
    return ids


def literals(path: Path) -> Iterator[tuple[int, str]]:
    """(line, text) of every string literal of ``path`` but its docstrings."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = _docstrings(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip:
            yield node.lineno, node.value


def core_flags() -> Iterator[tuple[str, int, str, str]]:
    """(file, line, flag, literal) of every ``--flag`` in a core string literal."""
    for package in CORE:
        for path in sorted((ROOT / package).rglob("*.py")):
            name = path.relative_to(ROOT.parent).as_posix()
            for line, text in literals(path):
                for flag in OPTION.findall(text):
                    yield name, line, flag, text


def option_spellings(options: set[str]) -> list[str]:
    """Where a core literal spells one of ``options`` (AWS CLI commands in cfn text aside)."""
    return [
        f"{name}:{line}: {flag} in {text!r}"
        for name, line, flag, text in core_flags()
        if flag in options and not (name.startswith(CFN_REMEDIATION) and flag in AWS_CLI_FLAGS)
    ]


def test_the_real_cli_has_the_options_the_hints_name() -> None:
    options = cli_options()
    assert {"--map", "--force", "--link", "--new", "--course", "--include-dropped"} <= options
    assert "--behind" in options and "--json" in options


def test_no_core_message_spells_a_cli_option() -> None:
    assert option_spellings(cli_options()) == []


def test_the_allow_list_names_only_flags_the_cfn_text_quotes() -> None:
    quoted = {flag for name, _, flag, _ in core_flags() if name.startswith(CFN_REMEDIATION)}
    assert quoted >= AWS_CLI_FLAGS


def test_the_check_sees_an_option_in_a_message(tmp_path: Path) -> None:
    # the scanner itself: a literal naming an option is found, a docstring is not
    source = tmp_path / "sample.py"
    source.write_text(
        'def f():\n    """Use --force here."""\n    raise ValueError("use --force to win")\n'
    )
    assert [text for _, text in literals(source)] == ["use --force to win"]
    assert OPTION.findall("use --force to win, not x--y") == ["--force"]
