"""Gradebook columns → course assessments: the explicit ``--map``, the ``(id)``
suffix, the exact title, then a fuzzy title match that the preview flags."""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping, Sequence

from coursekit.domain.columns.canvas import split_canvas_header
from coursekit.domain.columns.map_option import assessment_map
from coursekit.domain.imports import AssessmentRef, ColumnMatch, RowIssue, Severity
from coursekit.domain.problems import HintKind, ProblemCode

_NUMBERS = re.compile(r"\d+")
FUZZY_MIN = 0.82  # similarity needed for a fuzzy title match
FUZZY_MARGIN = 0.04  # and this much better than the runner-up


def _title_key(title: str) -> str:
    return " ".join(title.casefold().split())


def match_assessments(
    columns: Sequence[tuple[int, str]],
    assessments: Sequence[AssessmentRef],
    mapping: Mapping[str, str] | None = None,
) -> tuple[list[ColumnMatch], list[RowIssue]]:
    """Map gradebook columns to assessments: explicit ``mapping`` (header → key,
    empty = skip), then the ``(id)`` suffix, then the exact title, then a fuzzy
    title match (same numbers, similarity ≥ ``FUZZY_MIN``, clearly best) that the
    preview flags. Unknown columns are reported, never created."""
    by_key = {a.key: a for a in assessments}
    by_title: dict[str, AssessmentRef] = {}
    for a in assessments:
        by_title.setdefault(_title_key(a.title), a)
    explicit, issues = assessment_map(mapping, by_key)
    matches: list[ColumnMatch] = []
    pending: list[tuple[int, str, str]] = []
    for index, header in columns:
        title, key = split_canvas_header(header)
        if header.strip() in explicit:
            target = explicit[header.strip()]
            ref = by_key.get(target)
            matches.append(
                ColumnMatch(
                    index,
                    header,
                    ref.key if ref else None,
                    ref.title if ref else None,
                    "mapped" if ref else "skipped",
                )
            )
        elif key is not None and key in by_key:
            matches.append(ColumnMatch(index, header, key, by_key[key].title, "id"))
        elif _title_key(title) in by_title:
            ref = by_title[_title_key(title)]
            matches.append(ColumnMatch(index, header, ref.key, ref.title, "title"))
        else:
            pending.append((index, header, title))
    taken = {m.key for m in matches if m.key}
    for index, header, title in pending:
        ref, similarity = _fuzzy(title, [a for a in assessments if a.key not in taken])
        if ref is None:
            matches.append(ColumnMatch(index, header, None, how="unknown"))
            issues.append(
                RowIssue(
                    1,
                    header,
                    "no such assessment in the course; column not imported: add it to the syllabus",
                    Severity.WARNING,
                    code=ProblemCode.COLUMN_UNKNOWN,
                    hint=HintKind.MAP_COLUMN,
                )
            )
            continue
        taken.add(ref.key)
        matches.append(
            ColumnMatch(index, header, ref.key, ref.title, "fuzzy", round(similarity, 3))
        )
        issues.append(
            RowIssue(
                1,
                header,
                f"matched by similar title to {ref.title!r} ({similarity:.0%}); check it",
                Severity.WARNING,
                code=ProblemCode.COLUMN_FUZZY,
                field=ref.key,
                hint=HintKind.MAP_COLUMN,
            )
        )
    seen: dict[str, str] = {}
    for match in matches:
        if match.key is None:
            continue
        if match.key in seen:
            issues.append(
                RowIssue(
                    1,
                    match.header,
                    f"maps to the same assessment as column {seen[match.key]!r}",
                    code=ProblemCode.AMBIGUOUS,
                    field=match.key,
                )
            )
        seen[match.key] = match.header
    matches.sort(key=lambda m: m.index)
    return matches, issues


def _fuzzy(title: str, candidates: Sequence[AssessmentRef]) -> tuple[AssessmentRef | None, float]:
    wanted = _title_key(title)
    numbers = _NUMBERS.findall(wanted)
    scored = []
    for ref in candidates:
        other = _title_key(ref.title)
        if _NUMBERS.findall(other) != numbers:
            continue  # "Module 5" never matches "Module 6"
        scored.append((difflib.SequenceMatcher(None, wanted, other).ratio(), ref))
    scored.sort(key=lambda pair: pair[0], reverse=True)
    if not scored or scored[0][0] < FUZZY_MIN:
        return None, 0.0
    if len(scored) > 1 and scored[0][0] - scored[1][0] < FUZZY_MARGIN:
        return None, 0.0
    return scored[0][1], scored[0][0]
