"""The ``--map "Header=target"`` overrides (an empty target ignores the column),
checked against the fields or assessments they name and the header they refer to."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

from coursekit.domain.columns.headers import norm
from coursekit.domain.imports import RowIssue
from coursekit.domain.problems import HintKind, ProblemCode


def field_map(
    mapping: Mapping[str, str] | None, header: Sequence[str], fields: Collection[str]
) -> tuple[dict[str, str], list[RowIssue]]:
    """``{normalised header: field}`` and an error for each unknown field or column."""
    issues = []
    explicit = {norm(k): v.strip() for k, v in (mapping or {}).items()}
    for given, target in (mapping or {}).items():
        if target.strip() and target.strip() not in fields:
            issues.append(
                RowIssue(
                    None,
                    given,
                    f"unknown field {target.strip()!r} to map to "
                    f"(known: {', '.join(sorted(fields))})",
                    code=ProblemCode.COLUMN_UNKNOWN,
                    field="mapping",
                    hint=HintKind.FIX_VALUE,
                )
            )
        if norm(given) not in {norm(h) for h in header}:
            issues.append(
                RowIssue(
                    None,
                    given,
                    "no such column in the file to map",
                    code=ProblemCode.COLUMN_UNKNOWN,
                    field="mapping",
                    hint=HintKind.FIX_VALUE,
                )
            )
    return explicit, issues


def assessment_map(
    mapping: Mapping[str, str] | None, keys: Collection[str]
) -> tuple[dict[str, str], list[RowIssue]]:
    """``{header: assessment key}`` and an error for each key the course lacks."""
    explicit = {k.strip(): v.strip() for k, v in (mapping or {}).items()}
    issues: list[RowIssue] = []
    for given, target in explicit.items():
        if target and target not in keys:
            issues.append(
                RowIssue(
                    None,
                    given,
                    f"no assessment with key {target!r} to map to",
                    code=ProblemCode.COLUMN_UNKNOWN,
                    field="mapping",
                    hint=HintKind.FIX_VALUE,
                )
            )
    return explicit, issues
