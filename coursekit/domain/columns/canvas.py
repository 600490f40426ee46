"""Canvas gradebook column classes: the student-info columns, ``Title (id)``
assignment headers and the computed totals Canvas recomputes (never imported)."""

from __future__ import annotations

import re

from coursekit.domain.columns.headers import norm, synonyms

_ID_SUFFIX = re.compile(r"^(.*?)\s*\((\d+)\)\s*$")
_PERIOD_SUFFIX = re.compile(r"\s*\([^)]*\)\s*$")
_COMPUTED = re.compile(
    r"(^|\s)(unposted )?(current|final) (points|score|grade)$|^override (score|grade)$"
)

CANVAS_INFO = synonyms(
    "student",
    "id",
    "sis user id",
    "sis login id",
    "integration id",
    "root account",
    "section",
    "lastname",
    "firstname",
    "last name",
    "first name",
)


def split_canvas_header(header: str) -> tuple[str, str | None]:
    """``"Lab 1 (12345)"`` → ("Lab 1", "12345"); other headers → (header, None)."""
    match = _ID_SUFFIX.match(header)
    if match and match.group(1):
        return match.group(1).strip(), match.group(2)
    return header.strip(), None


def is_computed(header: str) -> bool:
    """Canvas's read-only totals (``Current Score``, ``Labs Final Points (Fall 2026)``…)."""
    key = norm(_PERIOD_SUFFIX.sub("", header))
    return bool(_COMPUTED.search(key))
