"""CloudFormation template analysis: safe parsing, portability findings and the
data-migration to-do items for moving a student's work out of a lab account.

Pure domain code (stdlib + PyYAML). The rule ids are listed in ``model``.
"""

from .analyze import analyze_template, with_findings
from .errors import MAX_DEPTH, MAX_TEMPLATE_BYTES, TemplateError
from .model import (
    RULES,
    Category,
    Finding,
    ResourceRef,
    RuleInfo,
    Severity,
    TemplateAnalysis,
    rule_name,
    sort_key,
)
from .parse import parse_template
from .walk import format_path

__all__ = [
    "MAX_DEPTH",
    "MAX_TEMPLATE_BYTES",
    "RULES",
    "Category",
    "Finding",
    "ResourceRef",
    "RuleInfo",
    "Severity",
    "TemplateAnalysis",
    "TemplateError",
    "analyze_template",
    "format_path",
    "parse_template",
    "rule_name",
    "sort_key",
    "with_findings",
]
