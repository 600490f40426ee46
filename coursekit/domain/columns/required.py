"""Which fields an import kind cannot do without."""

from __future__ import annotations

from collections.abc import Mapping

from coursekit.domain.enums import ImportKind
from coursekit.domain.imports import RowIssue
from coursekit.domain.problems import HintKind, ProblemCode

REQUIRED: dict[ImportKind, tuple[tuple[str, ...], ...]] = {
    # each inner tuple: at least one of these fields must be present
    ImportKind.ROSTER: (("student_id",), ("name", "sortable_name", "last_name")),
    ImportKind.CREDITS: (("student_id", "email"), ("at",), ("spent",)),
    ImportKind.PRACTICE: (("student_id", "email"), ("at",), ("score", "percent", "scaled")),
}


def missing_required(kind: ImportKind, found: Mapping[str, int]) -> list[RowIssue]:
    """One error for each group of alternatives none of whose fields was found."""
    issues = []
    for alternatives in REQUIRED.get(kind, ()):
        if not any(f in found for f in alternatives):
            wanted = " or ".join(alternatives)
            issues.append(
                RowIssue(
                    1,
                    None,
                    f"missing required column: {wanted}",
                    code=ProblemCode.COLUMN_MISSING,
                    field=alternatives[0],
                    hint=HintKind.MAP_COLUMN,
                )
            )
    return issues
