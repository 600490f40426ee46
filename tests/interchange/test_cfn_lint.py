"""The optional cfn-lint bridge: works when installed, degrades when not."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from coursekit.domain.cfn import Category, Severity, analyze_template, with_findings
from coursekit.interchange.cfn_lint import CFN_LINT_MISSING, cfn_lint_available, lint_template

SAMPLE = (
    Path(__file__).resolve().parents[1] / "data/cfn/learner-lab/cafe-export-from-learner-lab.yaml"
)


@pytest.fixture
def no_cfn_lint(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in [m for m in sys.modules if m == "cfnlint" or m.startswith("cfnlint.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "cfnlint", None)
    monkeypatch.setitem(sys.modules, "cfnlint.api", None)


@pytest.mark.usefixtures("no_cfn_lint")
def test_missing_cfn_lint_is_reported_not_raised() -> None:
    assert not cfn_lint_available()
    outcome = lint_template(SAMPLE.read_bytes(), SAMPLE.name)
    assert outcome.findings == ()
    assert outcome.error == CFN_LINT_MISSING
    # The analysis itself does not need cfn-lint.
    assert analyze_template(SAMPLE.read_bytes(), SAMPLE.name).findings


def test_unparseable_templates_never_reach_cfn_lint() -> None:
    outcome = lint_template("a: &x [*x]\n", "evil.yaml")
    assert outcome.findings == ()
    assert outcome.error is not None
    assert outcome.error.startswith("not linted: evil.yaml:1:")


def test_cfn_lint_matches_become_findings() -> None:
    pytest.importorskip("cfnlint")
    assert cfn_lint_available()
    outcome = lint_template(SAMPLE.read_bytes(), SAMPLE.name, regions=["us-east-1"])
    assert outcome.error is None
    w3010 = {
        (f.resource, f.path, f.line) for f in outcome.findings if f.rule_id == "cfn-lint:W3010"
    }
    assert ("PublicSubnet1", "Resources.PublicSubnet1.Properties.AvailabilityZone", 20) in w3010
    for finding in outcome.findings:
        assert finding.category is Category.LINT
        assert finding.severity in (Severity.BLOCKING, Severity.WARNING, Severity.INFO)
        assert "cfn-lint" in finding.fix

    merged = with_findings(analyze_template(SAMPLE.read_bytes(), SAMPLE.name), outcome.findings)
    rules = {f.rule_id for f in merged.findings}
    assert {"cfn-lint:W3010", "CK104"} <= rules


def test_cfn_lint_errors_are_blocking() -> None:
    pytest.importorskip("cfnlint")
    text = "Resources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      Nope: 1\n"
    outcome = lint_template(text, "t.yaml")
    (e3002,) = [f for f in outcome.findings if f.rule_id == "cfn-lint:E3002"]
    assert (e3002.severity, e3002.resource, e3002.line) == (Severity.BLOCKING, "B", 5)
    assert e3002.path == "Resources.B.Properties.Nope"
