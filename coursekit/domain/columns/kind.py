"""Which import kind a header row looks like (for the TUI import wizard)."""

from __future__ import annotations

from collections.abc import Sequence

from coursekit.domain.columns.canvas import split_canvas_header
from coursekit.domain.columns.fields import CREDIT_FIELDS, PRACTICE_FIELDS, ROSTER_FIELDS
from coursekit.domain.columns.headers import norm
from coursekit.domain.enums import ImportKind


def detect_kind_from_header(header: Sequence[str]) -> ImportKind | None:
    """Guess what a file is from its header row (for the TUI import wizard)."""
    keys = [norm(h) for h in header]
    present = set(keys)
    if len(keys) >= 2 and "student" in keys[0] and keys[1] == "id":
        return ImportKind.GRADEBOOK
    if keys[:1] == ["lastname"] and "id" in keys[:4]:
        return ImportKind.GRADEBOOK
    if any(split_canvas_header(h)[1] for h in header) and "sis login id" in present:
        return ImportKind.GRADEBOOK

    def has(fields: dict[str, frozenset[str]], name: str) -> bool:
        return bool(fields[name] & present)

    if has(PRACTICE_FIELDS, "exam") and any(
        has(PRACTICE_FIELDS, f) for f in ("score", "percent", "scaled")
    ):
        return ImportKind.PRACTICE
    if has(CREDIT_FIELDS, "spent"):
        return ImportKind.CREDITS
    if has(ROSTER_FIELDS, "student_id") and any(
        has(ROSTER_FIELDS, f) for f in ("name", "last_name", "sortable_name")
    ):
        return ImportKind.ROSTER
    return None
