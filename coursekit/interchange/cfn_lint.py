"""Optional bridge to cfn-lint (``pip install 'coursekit[lint]'``).

cfn-lint is imported lazily and only when asked for; without it the bridge
returns ``CFN_LINT_MISSING`` and the analysis stands on its own. Matches become
``Finding`` records with rule ids like ``cfn-lint:W3010`` so they merge into
the same list (``coursekit.domain.cfn.with_findings``).

Templates are handed to cfn-lint only after coursekit's own parser accepted
them, so hostile input (aliases, huge files, deep nesting) never reaches it.
"""

from __future__ import annotations

import functools
import importlib.util
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from coursekit.domain.cfn import Finding, Severity, TemplateError, format_path, parse_template

CFN_LINT_MISSING = "cfn-lint not installed (pip install 'coursekit[lint]' or pip install cfn-lint)"
DEFAULT_REGIONS = ("us-east-1",)

_LEVELS = {"E": Severity.BLOCKING, "W": Severity.WARNING, "I": Severity.INFO}


@dataclass(frozen=True, slots=True)
class LintOutcome:
    """cfn-lint's findings, or why there are none (``error``)."""

    findings: tuple[Finding, ...] = ()
    error: str | None = None


def cfn_lint_available() -> bool:
    """True when cfn-lint can be imported (checked without importing it)."""
    try:
        return importlib.util.find_spec("cfnlint") is not None
    except (ImportError, ValueError):  # e.g. blocked with sys.modules["cfnlint"] = None
        return False


def _finding(match: Any) -> Finding:
    rule = match.rule
    rule_id = str(getattr(rule, "id", "") or "E0000")
    path = [p for p in (getattr(match, "path", None) or []) if isinstance(p, str | int)]
    if len(path) >= 2 and path[0] == "Resources":
        resource: str | None = str(path[1])
    else:
        resource = str(path[0]) if path else None
    description = str(getattr(rule, "shortdesc", "") or "")
    url = str(getattr(rule, "source_url", "") or "")
    fix = f"{description} (cfn-lint {rule_id}{', ' + url if url else ''})"
    line = getattr(match, "linenumber", None)
    return Finding(
        rule_id=f"cfn-lint:{rule_id}",
        severity=_LEVELS.get(rule_id[:1], Severity.WARNING),
        resource=resource,
        path=format_path(tuple(path)),
        message=" ".join(str(match.message).split()),
        fix=fix,
        line=line if isinstance(line, int) else None,
    )


@functools.lru_cache(maxsize=4)
def _runner(regions: tuple[str, ...]) -> Any:
    """One cfn-lint Runner per region set: building it loads every rule (~0.3 s),
    which ``cfnlint.api.lint`` would redo for each template."""
    from cfnlint.config import ConfigMixIn
    from cfnlint.runner import Runner

    return Runner(ConfigMixIn(regions=list(regions)))


def _matches(text: str, regions: tuple[str, ...]) -> list[Any]:
    try:
        from cfnlint.decode.decode import decode_str

        runner = _runner(regions)
    except (ImportError, AttributeError, TypeError):  # internals moved: use the public API
        from cfnlint.api import lint

        return list(lint(text, regions=list(regions)))
    template, errors = decode_str(text)
    if errors:
        return list(errors)
    return [] if template is None else list(runner.validate_template(template))


def lint_template(
    text: str | bytes, filename: str, regions: Sequence[str] = DEFAULT_REGIONS
) -> LintOutcome:
    """Run cfn-lint over one template for ``regions``; never raises."""
    try:
        parse_template(text, filename)
    except TemplateError as exc:
        return LintOutcome(error=f"not linted: {exc}")
    if not cfn_lint_available():
        return LintOutcome(error=CFN_LINT_MISSING)
    if isinstance(text, bytes):
        text = text.decode("utf-8-sig")
    try:
        matches = _matches(text, tuple(regions) or DEFAULT_REGIONS)
    except ImportError:
        return LintOutcome(error=CFN_LINT_MISSING)
    except Exception as exc:  # cfn-lint bugs must not break a check run
        return LintOutcome(error=f"cfn-lint failed: {type(exc).__name__}: {exc}")
    findings = {f.key: f for f in map(_finding, matches)}
    return LintOutcome(findings=tuple(findings.values()))
