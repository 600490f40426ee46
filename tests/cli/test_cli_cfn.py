"""``coursekit cfn check`` through Typer's CliRunner (no database involved)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from coursekit.cli import app

DATA = Path(__file__).resolve().parents[1] / "data" / "cfn"
CAFE = DATA / "learner-lab" / "cafe-export-from-learner-lab.yaml"
CLEAN = DATA / "aws-cloudformation-templates" / "DynamoDB__DynamoDB_Secondary_Indexes.json"

runner = CliRunner()


def _run(*args: str | Path):  # type: ignore[no-untyped-def]
    """``coursekit cfn ARGS`` on the real app (the composition root)."""
    return runner.invoke(app, ["cfn", *(str(a) for a in args)])


def test_blocking_findings_exit_1() -> None:
    result = _run("check", CAFE)
    assert result.exit_code == 1
    assert "blocking CK102 lab-only-name [CafeInstance]" in result.stdout


def test_data_items_alone_do_not_fail() -> None:
    result = _run("check", CLEAN)
    assert result.exit_code == 0, result.stdout
    assert "DATA-DYNAMODB" in result.stdout
    assert "1 template(s): 1 ready" in result.stdout


def test_json_output_for_several_templates() -> None:
    result = _run("check", "--format", "json", CLEAN, CAFE)
    assert result.exit_code == 1
    doc = json.loads(result.stdout)
    assert [t["ok"] for t in doc["templates"]] == [True, False]


def test_markdown_output() -> None:
    result = _run("check", "-f", "markdown", CAFE)
    assert result.stdout.startswith("# CloudFormation check")


def test_bad_template_is_one_clear_line(tmp_path: Path) -> None:
    bad = tmp_path / "cafe.yaml"
    bad.write_text("Resources:\n  A:\n    Type: X\n    Type: Y\n")
    result = _run("check", bad)
    assert result.exit_code == 1
    assert f"{bad}:4: duplicate key 'Type'" in result.stdout
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_bad_template_in_json_mode_goes_to_stderr_too(tmp_path: Path) -> None:
    bad = tmp_path / "evil.yaml"
    bad.write_text("a: !!python/object/apply:os.system [ls]\n")
    result = _run("check", "--format", "json", bad)
    assert result.exit_code == 1
    assert json.loads(result.stdout)["templates"][0]["parse_error"].startswith(f"{bad}:1:")
    assert result.stderr.startswith(f"error: {bad}:1: unknown tag")


def test_huge_file_is_refused_without_reading_it_all(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    with big.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    result = _run("check", big)
    assert result.exit_code == 1
    assert "limit" in result.stdout


def test_missing_file(tmp_path: Path) -> None:
    result = _run("check", tmp_path / "nope.yaml")
    assert result.exit_code == 1
    assert "nope.yaml: cannot read the file" in result.stdout


def test_lint_without_cfn_lint_is_a_note(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in [m for m in sys.modules if m == "cfnlint" or m.startswith("cfnlint.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "cfnlint", None)
    monkeypatch.setitem(sys.modules, "cfnlint.api", None)
    result = _run("check", "--lint", CLEAN)
    assert result.exit_code == 0
    assert "note: cfn-lint not installed" in result.stderr


def test_lint_merges_cfn_lint_findings() -> None:
    pytest.importorskip("cfnlint")
    result = _run("check", "--lint", "--region", "us-west-2", "--format", "json", CAFE)
    rules = {f["rule_id"] for f in json.loads(result.stdout)["templates"][0]["findings"]}
    assert "cfn-lint:W3010" in rules


def test_no_arguments_shows_help() -> None:
    result = _run()
    assert result.exit_code == 2  # Click: help for a missing command is a usage error
    assert "Usage: coursekit cfn [OPTIONS] COMMAND [ARGS]..." in result.output
    assert "check" in result.output
    assert "Check CloudFormation templates" in result.output
    commands = [line.strip("│ ").split()[0] for line in result.output.splitlines() if "│ " in line]
    assert "check" in commands  # listed as a command, not only mentioned
