"""Entry point: template text in, ``TemplateAnalysis`` out (never raises on bad input)."""

from __future__ import annotations

import dataclasses
import gc
from collections.abc import Iterable

from .check_more import MoreChecks
from .check_resources import ResourceChecks
from .check_strings import StringChecks
from .conditions import DefaultConditions
from .context import Collector
from .data_items import add_data_items, add_steps
from .errors import TemplateError
from .learner_lab import LearnerLabChecks, keep_for_learner_lab
from .model import Finding, ResourceRef, TemplateAnalysis, sort_key
from .parse import parse_template, require_template
from .walk import iter_resources, iter_sites

#: What a check is for: moving work out of a lab account ("export", the
#: default) or redeploying a template into next term's Learner Lab.
TARGETS = ("export", "learner-lab")


def analyze_template(
    text: str | bytes, filename: str, *, size: int | None = None, target: str = "export"
) -> TemplateAnalysis:
    """Parse and check one template.

    Parse errors are returned in ``parse_error`` (``"file:line: message"``)
    with no resources or findings, so a class of templates can be processed
    without try/except around each one. ``size`` is the file's size when
    ``text`` holds only its first ``MAX_TEMPLATE_BYTES + 1`` bytes. ``target``
    is one of ``TARGETS``.
    """
    if target not in TARGETS:
        raise ValueError(f"unknown target {target!r}; expected one of {', '.join(TARGETS)}")
    # A template is a tree of many small containers that live for the whole
    # analysis; generational GC passes over them make big templates superlinear
    # and find nothing to free (there are no cycles), so collection waits.
    paused = gc.isenabled()
    gc.disable()
    try:
        return _analyze(text, filename, size, target)
    finally:
        if paused:
            gc.enable()


def _analyze(text: str | bytes, filename: str, size: int | None, target: str) -> TemplateAnalysis:
    try:
        template = parse_template(text, filename, size)
        require_template(template, filename)
    except TemplateError as exc:
        return TemplateAnalysis(filename, (), (), str(exc))
    out = Collector(template)
    out.gate = DefaultConditions(template).gate
    resource_checks = ResourceChecks(out)
    resource_checks.run()
    MoreChecks(out, resource_checks.literal_names).run()
    StringChecks(out, resource_checks.literal_names).run(iter_sites(template))
    if target == "learner-lab":
        LearnerLabChecks(out).run()
    else:
        add_data_items(out)
        add_steps(out)
    resources = tuple(
        ResourceRef(r.logical_id, r.type if isinstance(r.type, str) else "")
        for r in iter_resources(template.get("Resources"))
    )
    findings = out.findings()
    if target == "learner-lab":
        findings = tuple(f for f in findings if keep_for_learner_lab(f))
    return TemplateAnalysis(filename, resources, findings)


def with_findings(analysis: TemplateAnalysis, extra: Iterable[Finding]) -> TemplateAnalysis:
    """A copy of ``analysis`` with ``extra`` merged in (e.g. cfn-lint matches), re-sorted."""
    merged = {f.key: f for f in analysis.findings}
    for finding in extra:
        merged.setdefault(finding.key, finding)
    return dataclasses.replace(analysis, findings=tuple(sorted(merged.values(), key=sort_key)))
