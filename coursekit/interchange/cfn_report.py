"""Render template analyses as text (terminal), JSON or Markdown.

Everything in a finding may come from a student's template, so text output
drops control characters (no terminal escapes) and Markdown escapes markup.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any

from coursekit.domain.cfn import Category, Finding, Severity, TemplateAnalysis
from coursekit.interchange.report_markdown import md_text

FORMATS = ("text", "json", "markdown")

_GROUPS = (
    ("Template problems", (Category.PORTABILITY, Category.LINT)),
    ("Data to save before the account closes", (Category.DATA,)),
    ("Steps", (Category.STEP,)),
)
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def clean(text: str) -> str:
    """One line, no control characters (so no terminal escape sequences)."""
    return " ".join(_CONTROL.sub(" ", text).split())


def md(text: str) -> str:
    """Untrusted text as inert Markdown on one line (``report_markdown.md_text``)."""
    return md_text(clean(text))


def _code(text: str) -> str:
    return "`" + clean(text).replace("`", "'") + "`"


def _counts(analysis: TemplateAnalysis) -> dict[str, int]:
    return {s.value: analysis.count(s) for s in Severity}


def _where(analysis: TemplateAnalysis, finding: Finding) -> str:
    line = f":{finding.line}" if finding.line else ""
    return f"{analysis.filename}{line}"


def render_text(analyses: Sequence[TemplateAnalysis]) -> str:
    out: list[str] = []
    for analysis in analyses:
        if analysis.parse_error is not None:
            out.append(f"{clean(analysis.parse_error)}  [error: the template does not parse]")
            continue
        c = _counts(analysis)
        out.append(
            f"{clean(analysis.filename)}: {len(analysis.resources)} resources, "
            f"{c['blocking']} blocking, {c['warning']} warning, {c['info']} info"
        )
        for title, categories in _GROUPS:
            group = [f for f in analysis.findings if f.category in categories]
            if not group:
                continue
            out.append(f"  {title}:")
            for f in group:
                out.append(
                    f"    {clean(_where(analysis, f))}: {f.severity.value} {f.rule_id} "
                    f"{f.rule_name} [{clean(f.resource or '-')}] {clean(f.path)}"
                )
                out.append(f"        {clean(f.message)}")
                out.append(f"        fix: {clean(f.fix)}")
    out.append(_summary_line(analyses))
    return "\n".join(out) + "\n"


def _summary_line(analyses: Sequence[TemplateAnalysis]) -> str:
    failed = sum(1 for a in analyses if a.parse_error is not None)
    blocking = sum(1 for a in analyses for f in a.findings if f.blocks_template)
    ok = sum(1 for a in analyses if a.ok)
    return (
        f"{len(analyses)} template(s): {ok} ready, {blocking} blocking template problem(s), "
        f"{failed} not parsed"
    )


def _finding_json(f: Finding) -> dict[str, Any]:
    return {
        "rule_id": f.rule_id,
        "rule": f.rule_name,
        "category": f.category.value,
        "severity": f.severity.value,
        "resource": f.resource,
        "path": f.path,
        "line": f.line,
        "message": f.message,
        "fix": f.fix,
    }


def render_json(analyses: Sequence[TemplateAnalysis]) -> str:
    doc = {
        "templates": [
            {
                "filename": a.filename,
                "parse_error": a.parse_error,
                "ok": a.ok,
                "counts": _counts(a),
                "resources": [{"logical_id": r.logical_id, "type": r.type} for r in a.resources],
                "findings": [_finding_json(f) for f in a.findings],
            }
            for a in analyses
        ],
        "ok": all(a.ok for a in analyses),
    }
    return json.dumps(doc, indent=2) + "\n"


def render_markdown(analyses: Sequence[TemplateAnalysis]) -> str:
    out = ["# CloudFormation check", ""]
    for analysis in analyses:
        out += [f"## {md(analysis.filename)}", ""]
        if analysis.parse_error is not None:
            out += [f"**Does not parse:** {md(analysis.parse_error)}", ""]
            continue
        c = _counts(analysis)
        out += [
            f"{len(analysis.resources)} resources · {c['blocking']} blocking · "
            f"{c['warning']} warning · {c['info']} info",
            "",
        ]
        for title, categories in _GROUPS:
            group = [f for f in analysis.findings if f.category in categories]
            if not group:
                continue
            out += [f"### {title}", ""]
            for f in group:
                line = f" (line {f.line})" if f.line else ""
                resource = f" {_code(f.resource)}" if f.resource else ""
                path = f" at {_code(f.path)}" if f.path else ""
                out.append(
                    f"- [ ] **{f.severity.value}** {_code(f.rule_id)}{resource}{path}{line}: "
                    f"{md(f.message)}  \n  Fix: {md(f.fix)}"
                )
            out.append("")
    out.append(md(_summary_line(analyses)))
    return "\n".join(out) + "\n"


def render_report(analyses: Sequence[TemplateAnalysis], fmt: str = "text") -> str:
    """Render in one of ``FORMATS``."""
    if fmt == "json":
        return render_json(analyses)
    if fmt == "markdown":
        return render_markdown(analyses)
    if fmt == "text":
        return render_text(analyses)
    raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
