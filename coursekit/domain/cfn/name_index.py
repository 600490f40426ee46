"""Find literal physical names inside strings in linear time.

A regex alternation of every name costs (text length x names) per string, so
a template with hundreds of named resources and long strings would be
quadratic. Instead each name is indexed by its longest ``[\\w-]`` run (its
anchor); a string is split into maximal ``[\\w-]`` runs once and only the names
whose anchor equals a run are compared, grouped by (offset, length) so each
group is one set lookup.
"""

from __future__ import annotations

import re
from collections import defaultdict

_RUN = re.compile(r"[\w-]++")

#: Longer literals are not names (the longest AWS physical names are 512 long).
MAX_NAME = 512


class NameIndex:
    """Names to look for, each found only where bounded by non-``[\\w-]`` characters."""

    def __init__(self, names: list[str]) -> None:
        self._groups: dict[str, dict[tuple[int, int], set[str]]] = defaultdict(
            lambda: defaultdict(set)
        )
        for name in names:
            if not name or len(name) > MAX_NAME:
                continue
            runs = list(_RUN.finditer(name))
            if not runs:
                continue
            anchor = max(runs, key=lambda m: len(m.group(0)))
            self._groups[anchor.group(0)][(anchor.start(), len(name))].add(name)

    def __bool__(self) -> bool:
        return bool(self._groups)

    def findall(self, text: str) -> list[str]:
        """Names occurring in ``text``, in order of appearance, without repeats."""
        found: dict[str, None] = {}
        n = len(text)
        for run in _RUN.finditer(text):
            groups = self._groups.get(run.group(0))
            if not groups:
                continue
            for (offset, length), names in groups.items():
                start = run.start() - offset
                end = start + length
                if start < 0 or end > n:
                    continue
                if start > 0 and _is_word(text[start - 1]):
                    continue
                if end < n and _is_word(text[end]):
                    continue
                piece = text[start:end]
                if piece in names:
                    found.setdefault(piece)
        return list(found)


def _is_word(char: str) -> bool:
    return char.isalnum() or char in "_-"
