"""Entry point: template text in, ``TemplateAnalysis`` out (never raises on bad input)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from .check_more import MoreChecks
from .check_resources import ResourceChecks
from .check_strings import StringChecks
from .conditions import DefaultConditions
from .context import Collector
from .data_items import add_data_items, add_steps
from .errors import TemplateError
from .model import Finding, ResourceRef, TemplateAnalysis, sort_key
from .parse import parse_template, require_template
from .walk import iter_resources, iter_sites


def analyze_template(
    text: str | bytes, filename: str, *, size: int | None = None
) -> TemplateAnalysis:
    """Parse and check one template.

    Parse errors are returned in ``parse_error`` (``"file:line: message"``)
    with no resources or findings, so a class of templates can be processed
    without try/except around each one. ``size`` is the file's size when
    ``text`` holds only its first ``MAX_TEMPLATE_BYTES + 1`` bytes.
    """
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
    add_data_items(out)
    add_steps(out)
    resources = tuple(
        ResourceRef(r.logical_id, r.type if isinstance(r.type, str) else "")
        for r in iter_resources(template.get("Resources"))
    )
    return TemplateAnalysis(filename, resources, out.findings())


def with_findings(analysis: TemplateAnalysis, extra: Iterable[Finding]) -> TemplateAnalysis:
    """A copy of ``analysis`` with ``extra`` merged in (e.g. cfn-lint matches), re-sorted."""
    merged = {f.key: f for f in analysis.findings}
    for finding in extra:
        merged.setdefault(finding.key, finding)
    return dataclasses.replace(analysis, findings=tuple(sorted(merged.values(), key=sort_key)))
