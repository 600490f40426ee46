"""Practice-exam results → ``PracticeFile`` + row issues.

Columns: student (id or email), exam code (or the course's exam when absent),
date, a total score, optional per-domain percentages (headers ``Domain 2``,
``D2``, ``2`` or the domain's name, optionally with ``%``), minutes, questions.

Totals: a ``Percent`` column is a percentage and a ``Scaled`` column is on the
100–1000 scale; a plain ``Score`` column is read per row — above 100 it is a
scaled score, otherwise a percentage.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from coursekit.domain.columns.field_matching import map_fields
from coursekit.domain.columns.headers import norm
from coursekit.domain.enums import ImportKind
from coursekit.domain.exams import SCALED_MAX, SCALED_MIN, ExamBlueprint
from coursekit.domain.import_values import ValueProblem, parse_number
from coursekit.domain.imports import PracticeFile, PracticeRecord, RowIssue, Severity
from coursekit.domain.problems import HintKind, ProblemCode
from coursekit.interchange.spreadsheet import Sheet
from coursekit.interchange.table_cells import cell, date_order, read_datetime, student_ref

_DOMAIN_NUMBER = re.compile(r"^(?:domain|d)?\s*(\d{1,2})(?: percent)?$")


def _domain_columns(
    header: list[str], taken: set[int], exams: Mapping[str, ExamBlueprint]
) -> dict[int, str]:
    """Column index → domain number (as text) or the domain name to resolve per exam."""
    names = {norm(d.name) for exam in exams.values() for d in exam.domains}
    found: dict[int, str] = {}
    for index, title in enumerate(header):
        if index in taken:
            continue
        key = norm(title)
        match = _DOMAIN_NUMBER.match(key)
        if match:
            found[index] = match.group(1)
            continue
        key = re.sub(r" percent$", "", key)
        key = re.sub(r"^domain \d+ ", "", key)
        if key in names:
            found[index] = "name:" + key
    return found


def _number(
    text: str,
    decimal_comma: bool,
    row: int,
    column: str,
    issues: list[RowIssue],
    low: float,
    high: float,
) -> float | None:
    try:
        value = parse_number(text, decimal_comma=decimal_comma)
    except ValueProblem:
        issues.append(
            RowIssue(row, column, f"{text[:20]!r} is not a number", code=ProblemCode.INVALID_VALUE)
        )
        return None
    if not low <= value <= high:
        issues.append(
            RowIssue(
                row,
                column,
                f"{value:g} is outside {low:g}–{high:g}",
                code=ProblemCode.INVALID_VALUE,
            )
        )
        return None
    return value


def read_practice(
    sheet: Sheet,
    exams: Mapping[str, ExamBlueprint],
    default_exam: str | None,
    mapping: Mapping[str, str] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[PracticeFile, list[RowIssue]]:
    header = sheet.header
    fields, _, _ = map_fields(ImportKind.PRACTICE, header, mapping)
    domains = _domain_columns(header, set(fields.values()), exams)
    fields, columns, issues = map_fields(ImportKind.PRACTICE, header, mapping, extra_ok=domains)
    issues = list(sheet.issues) + issues
    if "exam" not in fields and not default_exam:
        issues.append(
            RowIssue(
                1,
                None,
                "missing required column: exam (the course has no exam)",
                code=ProblemCode.COLUMN_MISSING,
                field="exam",
                hint=HintKind.MAP_COLUMN,
            )
        )
    if any(i.severity == Severity.ERROR for i in issues):
        return PracticeFile(tuple(columns), ()), issues
    dc = sheet.decimal_comma
    at_header = header[fields["at"]]
    order, order_issues = date_order(sheet, fields["at"], at_header)
    issues.extend(order_issues)
    records: list[PracticeRecord] = []
    seen: dict[tuple[object, ...], int] = {}
    for position, row in enumerate(sheet.rows):
        number = sheet.row_numbers[position]
        if progress is not None and position % 1000 == 0:
            progress(position, len(sheet.rows))
        before = len(issues)
        student = student_ref(row, number, fields, header, issues)
        code = cell(row, fields["exam"]).upper() if "exam" in fields else (default_exam or "")
        exam = exams.get(code)
        if exam is None:
            issues.append(
                RowIssue(
                    number,
                    header[fields["exam"]] if "exam" in fields else None,
                    f"unknown exam code {code[:20]!r}",
                    code=ProblemCode.INVALID_VALUE,
                )
            )
        at = read_datetime(cell(row, fields["at"]), order, number, at_header, issues)
        percent = scaled = None
        for name in ("percent", "scaled", "score"):
            text = cell(row, fields.get(name))
            if name not in fields or not text:
                continue
            column = header[fields[name]]
            value = _number(text, dc, number, column, issues, 0, SCALED_MAX)
            if value is None:
                continue
            if name == "percent" or (name == "score" and value <= 100):
                if value > 100:
                    issues.append(
                        RowIssue(
                            number, column, "a percentage above 100", code=ProblemCode.INVALID_VALUE
                        )
                    )
                percent = percent if percent is not None else value
            else:
                if value < SCALED_MIN:
                    issues.append(
                        RowIssue(
                            number,
                            column,
                            f"a scaled score is {SCALED_MIN}–{SCALED_MAX}",
                            code=ProblemCode.INVALID_VALUE,
                        )
                    )
                scaled = scaled if scaled is not None else value
        if percent is None and scaled is None and len(issues) == before:
            issues.append(RowIssue(number, None, "no score", code=ProblemCode.MISSING_VALUE))
        per_domain: list[tuple[str, float]] = []
        for index, domain in domains.items():
            text = cell(row, index)
            if not text:
                continue
            value = _number(text, dc, number, header[index], issues, 0, 100)
            if value is None:
                continue
            if domain.startswith("name:") and exam is not None:
                found = next((d for d in exam.domains if norm(d.name) == domain[5:]), None)
                if found is None:
                    issues.append(
                        RowIssue(
                            number,
                            header[index],
                            f"not a domain of {exam.code}",
                            Severity.WARNING,
                            code=ProblemCode.COLUMN_UNKNOWN,
                        )
                    )
                    continue
                domain = str(found.number)
            elif exam is not None and exam.domain(int(domain)) is None:
                issues.append(
                    RowIssue(
                        number,
                        header[index],
                        f"{exam.code} has no domain {domain}",
                        Severity.WARNING,
                        code=ProblemCode.COLUMN_UNKNOWN,
                    )
                )
                continue
            per_domain.append((domain, value))
        optional: list[float | None] = []
        for name, high in (("minutes", 24 * 60), ("questions", 10_000)):
            text = cell(row, fields.get(name))  # "" when the column is absent
            optional.append(
                _number(text, dc, number, header[fields[name]], issues, 0, high) if text else None
            )
        minutes, count = optional
        questions = int(count) if count is not None else None
        if len(issues) > before and any(i.severity == Severity.ERROR for i in issues[before:]):
            continue
        assert student is not None and at is not None
        key = (student.student_id or (student.email or "").casefold(), code, at)
        if key in seen:
            issues.append(
                RowIssue(
                    number,
                    None,
                    f"duplicate row (same student, exam and date as row {seen[key]})",
                    code=ProblemCode.DUPLICATE_ROW,
                )
            )
            continue
        seen[key] = number
        records.append(
            PracticeRecord(
                number,
                student,
                code,
                at,
                percent,
                scaled,
                tuple(sorted(per_domain, key=lambda d: int(d[0]))),
                minutes,
                questions,
            )
        )
    return PracticeFile(tuple(columns), tuple(records)), issues
