"""``coursekit cfn check``: the learner-lab target, non-templates and oversize files."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from coursekit.cli import app

DATA = Path(__file__).resolve().parents[1] / "data" / "cfn"
OWN = DATA / "own" / "next-term-lab.yaml"
runner = CliRunner()


def _run(*args: str | Path):  # type: ignore[no-untyped-def]
    """``coursekit cfn ARGS`` on the real app (the composition root)."""
    return runner.invoke(app, ["cfn", *(str(a) for a in args)])


def test_target_learner_lab() -> None:
    result = _run("check", "--target", "learner-lab", "--format", "json", OWN)
    assert result.exit_code == 1
    doc = json.loads(result.stdout)
    rules = {f["rule_id"] for f in doc["templates"][0]["findings"]}
    assert {"LAB-IAM", "LAB-REGION", "LAB-INSTANCE", "LAB-KEYPAIR"} <= rules
    assert not [r for r in rules if r.startswith(("DATA-", "STEP-"))]


def test_non_template_is_one_line(tmp_path: Path) -> None:
    compose = tmp_path / "docker-compose.yml"
    compose.write_text("version: '3'\nservices:\n  web: {image: nginx}\n")
    result = _run("check", compose)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 2  # the error line and the summary
    assert "not a CloudFormation template" in lines[0]


def test_oversize_states_both_sizes(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_bytes(b"Resources: {}\n#" + b"x" * 3_000_000)
    result = _run("check", big)
    assert result.exit_code == 1
    assert "3,000,015 bytes, larger than the limit of 1,048,576 bytes" in result.stdout
