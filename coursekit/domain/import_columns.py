"""Which column means what: header synonyms, explicit mappings, Canvas column
classes, assessment matching (id → title → fuzzy) and file-kind detection."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping, Sequence

from coursekit.domain.enums import ImportKind
from coursekit.domain.imports import AssessmentRef, ColumnMatch, RowIssue, Severity
from coursekit.domain.problems import HintKind, ProblemCode

_ID_SUFFIX = re.compile(r"^(.*?)\s*\((\d+)\)\s*$")
_PERIOD_SUFFIX = re.compile(r"\s*\([^)]*\)\s*$")
_COMPUTED = re.compile(
    r"(^|\s)(unposted )?(current|final) (points|score|grade)$|^override (score|grade)$"
)
_NUMBERS = re.compile(r"\d+")
FUZZY_MIN = 0.82  # similarity needed for a fuzzy title match
FUZZY_MARGIN = 0.04  # and this much better than the runner-up


def norm(header: str) -> str:
    """Header spelling → a comparable form (``"Student #"`` → ``"student number"``)."""
    text = header.casefold().replace("#", " number ").replace("%", " percent ")
    text = re.sub(r"[^\w]+", " ", text)
    return " ".join(text.replace("_", " ").split())


def _names(*spellings: str) -> frozenset[str]:
    return frozenset(norm(s) for s in spellings)


STUDENT_ID = _names(
    "student id",
    "student number",
    "student no",
    "studentid",
    "id number",
    "sis user id",
    "sis id",
    "emplid",
    "banner id",
    "university id",
    "matriculation number",
    "student code",
    "id",
    "learner id",
)
EMAIL = _names(
    "email",
    "e-mail",
    "email address",
    "university email",
    "student email",
    "school email",
    "mail",
    "e-mail address",
)

ROSTER_FIELDS: dict[str, frozenset[str]] = {
    "student_id": STUDENT_ID,
    "name": _names("name", "student name", "full name", "student", "display name", "learner"),
    "sortable_name": _names("sortable name", "name last first", "last first"),
    "first_name": _names(
        "first name",
        "given name",
        "first",
        "forename",
        "given names",
        "firstname",
        "preferred first name",
    ),
    "last_name": _names("last name", "surname", "family name", "last", "lastname"),
    "email": EMAIL,
    "section": _names(
        "section", "class section", "section name", "lab section", "sections", "group", "class"
    ),
    "status": _names(
        "status",
        "enrollment status",
        "enrolment status",
        "registration status",
        "enrollment state",
        "state",
    ),
    "login": _names(
        "sis login id", "login", "login id", "username", "user name", "netid", "net id"
    ),
    "lms_id": _names("canvas id", "canvas user id", "lms id", "lms user id"),
}

CREDIT_FIELDS: dict[str, frozenset[str]] = {
    "student_id": STUDENT_ID,
    "email": EMAIL,
    "at": _names(
        "date",
        "snapshot date",
        "as of",
        "report date",
        "timestamp",
        "time",
        "day",
        "usage date",
        "date usd",
    ),
    "spent": _names(
        "spent",
        "spent usd",
        "spend",
        "spend usd",
        "usage",
        "usage usd",
        "used",
        "amount spent",
        "cost",
        "total spend",
        "credits used",
        "spent $",
    ),
    "budget": _names(
        "budget",
        "budget usd",
        "credit",
        "credits",
        "allocation",
        "limit",
        "total budget",
        "budget $",
        "credit usd",
    ),
}

PRACTICE_FIELDS: dict[str, frozenset[str]] = {
    "student_id": STUDENT_ID,
    "email": EMAIL,
    "exam": _names("exam", "exam code", "certification", "test", "practice exam"),
    "at": _names(
        "date",
        "taken",
        "taken at",
        "completed",
        "date taken",
        "attempt date",
        "submitted",
        "completed at",
    ),
    "score": _names("score", "total", "result", "total score", "overall", "overall score"),
    "percent": _names("percent", "score %", "score percent", "percentage", "score (%)", "%"),
    "scaled": _names("scaled score", "scaled", "score scaled", "score (scaled)"),
    "minutes": _names(
        "minutes",
        "duration",
        "time minutes",
        "time spent",
        "duration minutes",
        "time taken",
        "time (min)",
        "duration (min)",
        "time spent (minutes)",
    ),
    "questions": _names(
        "questions", "question count", "number of questions", "items", "questions answered"
    ),
}

REQUIRED: dict[ImportKind, tuple[tuple[str, ...], ...]] = {
    # each inner tuple: at least one of these fields must be present
    ImportKind.ROSTER: (("student_id",), ("name", "sortable_name", "last_name")),
    ImportKind.CREDITS: (("student_id", "email"), ("at",), ("spent",)),
    ImportKind.PRACTICE: (("student_id", "email"), ("at",), ("score", "percent", "scaled")),
}

FIELDS: dict[ImportKind, dict[str, frozenset[str]]] = {
    ImportKind.ROSTER: ROSTER_FIELDS,
    ImportKind.CREDITS: CREDIT_FIELDS,
    ImportKind.PRACTICE: PRACTICE_FIELDS,
}


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
    return found, matches, issues


# ---- Canvas gradebook columns ------------------------------------------------------------

CANVAS_INFO = _names(
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
    explicit = {k.strip(): v.strip() for k, v in (mapping or {}).items()}
    issues: list[RowIssue] = []
    for given, target in explicit.items():
        if target and target not in by_key:
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


# ---- kind detection -----------------------------------------------------------------------


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
