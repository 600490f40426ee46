"""Shared state of one analysis run: line lookup and de-duplicated findings."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .model import Finding, Severity, sort_key
from .nodes import line_of_member
from .walk import Path, format_path

B, W, N = Severity.BLOCKING, Severity.WARNING, Severity.INFO

#: rule -> severity in (Resources, Parameters, Mappings, any other section).
#: A parameter default can be overridden at deploy time, so it is one step
#: milder; Mappings feed resources through FindInMap, so they mostly are not.
_BY_SECTION: dict[str, tuple[Severity, Severity, Severity, Severity]] = {
    "CK101": (B, W, B, W),
    "CK102": (B, W, B, W),
    "CK103": (B, W, W, W),
    "CK104": (W, W, N, N),
    "CK105": (W, N, N, N),
    "CK107": (B, W, W, W),
    "CK108": (B, B, B, W),
    "CK109": (W, W, W, W),
}
_SECTION_INDEX = {"Resources": 0, "Globals": 0, "Parameters": 1, "Mappings": 2}


def severity_for(rule_id: str, section: str) -> Severity:
    return _BY_SECTION[rule_id][_SECTION_INDEX.get(section, 3)]


class Collector:
    """Collects findings; one per ``(rule, resource, path)``, the most severe wins."""

    def __init__(self, template: dict[str, Any]) -> None:
        self.template = template
        self._findings: dict[tuple[str, str, str], Finding] = {}
        #: path -> (condition, needed) when reached only through a condition that
        #: is off with the default parameters (set by the analysis; see conditions).
        self.gate: Callable[[Path], tuple[str, bool] | None] | None = None

    def line(self, path: Path) -> int | None:
        """Line of ``path`` or, failing that, of its nearest ancestor with one."""
        node: Any = self.template
        found: int | None = None
        for part in path:
            if isinstance(node, dict):
                if part not in node:
                    break
            elif not (isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)):
                break
            found = line_of_member(node, part) or found
            node = node[part]
        return found

    def add(
        self,
        rule_id: str,
        severity: Severity,
        resource: str | None,
        path: Path,
        message: str,
        fix: str,
        line: int | None = None,
    ) -> None:
        if severity is Severity.BLOCKING and self.gate is not None and rule_id.startswith("CK"):
            gated = self.gate(path)
            if gated is not None:
                name, needed = gated
                severity = Severity.WARNING
                message += (
                    f" (only used when condition {name} is {str(needed).lower()}; it is "
                    f"{str(not needed).lower()} with the default parameters)"
                )
        finding = Finding(
            rule_id,
            severity,
            resource,
            format_path(path),
            message,
            fix,
            self.line(path) if line is None else line,
        )
        old = self._findings.get(finding.key)
        if old is None or finding.severity.rank < old.severity.rank:
            self._findings[finding.key] = finding

    def has(self, rule_id: str, resource: str | None, path: Path) -> bool:
        return (rule_id, resource or "", format_path(path)) in self._findings

    def findings(self) -> tuple[Finding, ...]:
        return tuple(sorted(self._findings.values(), key=sort_key))


def shorten(value: Any, limit: int = 60) -> str:
    """A value for a message: one line, at most ``limit`` characters."""
    text = " ".join(str(value).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
