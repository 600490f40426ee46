"""The commands imported on first use (``cli.lazy``) are the commands the eager registration
made: same names in the same order, same help, same options and errors, for every command
and subcommand; a mistyped command is still suggested; naming commands builds nothing."""

from __future__ import annotations

from typing import Any

import pytest
import typer
import typer.main
from typer.testing import CliRunner

from coursekit.cli import app
from coursekit.cli import lazy as lazy_module
from coursekit.cli.lazy import LazyCommands


def eager_app() -> typer.Typer:
    """The CLI as it was registered before ``cli.lazy`` (the old code, kept here as the
    reference): every area imported at start-up and added to the root by hand."""
    from coursekit.cli import checklist as checklist_commands
    from coursekit.cli import db as db_commands
    from coursekit.cli import engine as engine_commands
    from coursekit.cli.canvas import canvas_app
    from coursekit.cli.cfn import cfn_app
    from coursekit.cli.history import history_command, revert_command
    from coursekit.cli.imports import import_app, imports_command, undo_command
    from coursekit.cli.reports import report_app
    from coursekit.cli.scores import extend_command, score_app
    from coursekit.cli.student import student_app
    from coursekit.cli.student_merge import doctor_command

    eager = typer.Typer(
        name="coursekit",
        help=app.info.help,
        no_args_is_help=False,
        add_completion=False,
        pretty_exceptions_enable=False,
    )
    eager.registered_callback = app.registered_callback  # the core commands, as defined
    eager.registered_commands = list(app.registered_commands)
    for view in (
        engine_commands.grades,
        engine_commands.labs,
        engine_commands.credits,
        engine_commands.readiness,
        engine_commands.nudges,
    ):
        eager.command()(view)
    eager.add_typer(import_app, name="import")
    eager.command("imports")(imports_command)
    eager.command("undo")(undo_command)
    eager.add_typer(checklist_commands.app, name="checklist")
    eager.add_typer(student_app, name="student")
    eager.add_typer(score_app, name="score")
    eager.command("extend")(extend_command)
    eager.command("history")(history_command)
    eager.command("revert")(revert_command)
    eager.add_typer(cfn_app, name="cfn")
    eager.add_typer(report_app, name="report")
    eager.add_typer(db_commands.app, name="db")
    eager.command("doctor")(doctor_command)
    eager.add_typer(canvas_app, name="canvas")
    return eager


def command_paths(command: Any, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    paths = [path]
    for name, sub in getattr(command, "commands", {}).items():
        paths.extend(command_paths(sub, (*path, name)))
    return paths


def test_every_command_is_listed_in_the_same_order_with_the_same_options() -> None:
    lazy, eager = typer.main.get_command(app), typer.main.get_command(eager_app())
    paths = command_paths(lazy)
    assert paths == command_paths(eager)
    assert len(paths) > 50

    def options(command: Any) -> list[tuple[Any, ...]]:
        return [(p.name, p.opts, p.secondary_opts, p.default, p.required) for p in command.params]

    def find(root: Any, path: tuple[str, ...]) -> Any:
        for name in path:
            root = root.commands[name]
        return root

    for path in paths:
        assert options(find(lazy, path)) == options(find(eager, path)), path


@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        ["grades", "--help"],
        ["import", "--help"],
        ["import", "gradebook", "--help"],
        ["canvas", "push", "--help"],
        ["checklist", "--help"],
        ["db", "--help"],
        ["nudges", "--behind", "abc"],
        ["import", "gradebook"],
        ["gradse"],
        ["report"],
    ],
)
def test_help_and_usage_errors_read_the_same(args: list[str], monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("COLUMNS", "100")
    runner = CliRunner()
    lazy = runner.invoke(app, args, prog_name="coursekit")
    eager = runner.invoke(eager_app(), args, prog_name="coursekit")
    assert (lazy.exit_code, lazy.output) == (eager.exit_code, eager.output)
    assert "Traceback" not in lazy.output


def test_naming_the_commands_builds_none_and_a_typo_is_suggested(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    built: list[str] = []

    def build(name: str, target: str) -> str:
        built.append(name)
        return f"command {name} from {target}"

    monkeypatch.setattr(lazy_module, "build_command", build)
    commands = LazyCommands({"init": "built"}, [("grades", "m:grades"), ("labs", "m:labs")])
    assert list(commands) == ["init", "grades", "labs"] and len(commands) == 3
    assert "labs" in commands and "nothing" not in commands
    assert built == []
    assert commands["labs"] == commands["labs"] == "command labs from m:labs"
    assert built == ["labs"]  # once
    with pytest.raises(KeyError):
        commands["nothing"]
    monkeypatch.undo()

    result = CliRunner().invoke(app, ["gradse"])
    assert result.exit_code == 2
    assert "Did you mean 'grades'" in result.output
