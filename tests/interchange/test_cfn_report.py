"""Rendering analyses as text, JSON and Markdown."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from coursekit.domain.cfn import Finding, Severity, TemplateAnalysis, analyze_template
from coursekit.interchange.cfn_report import FORMATS, clean, md, render_report

SAMPLE = (
    Path(__file__).resolve().parents[1] / "data/cfn/learner-lab/cafe-export-from-learner-lab.yaml"
)


@pytest.fixture(scope="module")
def analyses() -> list[TemplateAnalysis]:
    return [
        analyze_template(SAMPLE.read_bytes(), "cafe.yaml"),
        analyze_template("a: 1\na: 2\n", "bad.yaml"),
    ]


def test_text(analyses: list[TemplateAnalysis]) -> None:
    text = render_report(analyses, "text")
    # issue 12: + DATA-SECRET (blocking) and 3 CK111 deletion-policy warnings
    assert "cafe.yaml: 13 resources, 18 blocking, 13 warning" in text
    assert "cafe.yaml:47: blocking CK103 literal-ami [CafeInstance] " in text
    assert "Data to save before the account closes:" in text
    assert "bad.yaml:2: duplicate key 'a'" in text
    assert text.rstrip().endswith(
        "2 template(s): 0 ready, 12 blocking template problem(s), 1 not parsed"
    )


def test_json(analyses: list[TemplateAnalysis]) -> None:
    doc = json.loads(render_report(analyses, "json"))
    cafe, bad = doc["templates"]
    assert doc["ok"] is False
    assert cafe["counts"] == {"blocking": 18, "warning": 13, "info": 3}  # see test_text
    assert {"logical_id": "OrdersTable", "type": "AWS::DynamoDB::Table"} in cafe["resources"]
    first = cafe["findings"][0]
    assert set(first) == {
        "rule_id", "rule", "category", "severity", "resource", "path", "line", "message", "fix",
    }  # fmt: skip
    assert bad["parse_error"] == "bad.yaml:2: duplicate key 'a'"
    assert bad["findings"] == []


def test_markdown_checklist(analyses: list[TemplateAnalysis]) -> None:
    text = render_report(analyses, "markdown")
    assert text.startswith("# CloudFormation check\n")
    assert "## cafe.yaml" in text
    assert "### Data to save before the account closes" in text
    assert "- [ ] **blocking** `DATA-S3` `CafeMediaBucket` at `Resources.CafeMediaBucket`" in text
    assert "**Does not parse:** bad.yaml:2: duplicate key 'a'" in text


def test_untrusted_text_is_neutralised() -> None:
    evil = Finding(
        "CK101", Severity.BLOCKING, "R`x", "Resources.R", "\x1b[31mred\x1b[0m <b>|x|</b>", "[a](b)"
    )
    analysis = TemplateAnalysis("t\x1b]0;title\x07.yaml", (), (evil,))
    text = render_report([analysis], "text")
    assert "\x1b" not in text and "\x07" not in text
    markdown = render_report([analysis], "markdown")
    assert "<b>" not in markdown and "\\<b\\>" in markdown
    assert "\\[a\\](b)" in markdown
    assert "`R'x`" in markdown
    assert clean("a\nb\tc") == "a b c"
    assert md("*x*") == "\\*x\\*"


def test_unknown_format() -> None:
    assert FORMATS == ("text", "json", "markdown")
    with pytest.raises(ValueError, match="unknown format"):
        render_report([], "html")
