"""Header spellings made comparable, column letters and duplicate headers."""

from __future__ import annotations

import re
from collections.abc import Sequence

from coursekit.domain.imports import RowIssue
from coursekit.domain.problems import ProblemCode


def norm(header: str) -> str:
    """Header spelling → a comparable form (``"Student #"`` → ``"student number"``)."""
    text = header.casefold().replace("#", " number ").replace("%", " percent ")
    text = re.sub(r"[^\w]+", " ", text)
    return " ".join(text.replace("_", " ").split())


def synonyms(*spellings: str) -> frozenset[str]:
    """The normalised forms of a field's header spellings."""
    return frozenset(norm(s) for s in spellings)


def duplicate_headers(header: Sequence[str]) -> list[RowIssue]:
    """Raw header check (pandas would silently rename ``Quiz`` to ``Quiz.1``)."""
    seen: dict[str, int] = {}
    issues = []
    for index, name in enumerate(header):
        key = name.strip()
        if not key:
            continue
        if key in seen:
            issues.append(
                RowIssue(
                    1,
                    key,
                    f"duplicate column header (columns {column_letter(seen[key])} "
                    f"and {column_letter(index)})",
                    code=ProblemCode.COLUMN_DUPLICATE,
                )
            )
        else:
            seen[key] = index
    return issues


def column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters
