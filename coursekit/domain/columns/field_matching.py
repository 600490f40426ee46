"""Header → {field: column index} for the roster, credit and practice imports."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from coursekit.domain.columns.fields import FIELDS
from coursekit.domain.columns.headers import duplicate_headers, norm
from coursekit.domain.columns.map_option import field_map
from coursekit.domain.columns.required import missing_required
from coursekit.domain.enums import ImportKind
from coursekit.domain.imports import ColumnMatch, RowIssue, Severity
from coursekit.domain.problems import HintKind, ProblemCode


def map_fields(
    kind: ImportKind,
    header: Sequence[str],
    mapping: Mapping[str, str] | None = None,
    extra_ok: Iterable[int] = (),
) -> tuple[dict[str, int], list[ColumnMatch], list[RowIssue]]:
    """Header → {field: column index} by synonyms, overridden by ``mapping``
    (``{"Student Number": "student_id"}``; an empty value ignores the column)."""
    fields = FIELDS[kind]
    issues = duplicate_headers(header)
    found: dict[str, int] = {}
    matches: list[ColumnMatch] = []
    explicit, map_issues = field_map(mapping, header, fields)
    issues.extend(map_issues)
    skip = set(extra_ok)
    for index, name in enumerate(header):
        key = norm(name)
        if key in explicit:
            target = explicit[key]
            how = "mapped"
        else:
            target = next((f for f, names in fields.items() if key in names), "")
            how = "field"
        if not target or target not in fields:
            if index not in skip and name.strip():
                matches.append(ColumnMatch(index, name, None, how="unknown"))
                issues.append(
                    RowIssue(
                        1,
                        name,
                        "column not recognised; ignored",
                        Severity.INFO,
                        code=ProblemCode.COLUMN_UNKNOWN,
                        hint=HintKind.MAP_COLUMN,
                    )
                )
            continue
        if target in found:
            issues.append(
                RowIssue(
                    1,
                    name,
                    f"a second {target} column; the first one is used",
                    Severity.WARNING,
                    code=ProblemCode.COLUMN_DUPLICATE,
                    field=target,
                )
            )
            continue
        found[target] = index
        matches.append(ColumnMatch(index, name, target, how=how))
    issues.extend(missing_required(kind, found))
    return found, matches, issues
