"""Learner Lab / AWS Educate credit-usage sheets → ``CreditFile`` + row issues.

One row is one spend snapshot: student (id or email), date, amount spent so far
(USD) and optionally the student's budget (USD).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from coursekit.domain.columns.field_matching import map_fields
from coursekit.domain.enums import ImportKind
from coursekit.domain.import_values import ValueProblem, parse_number
from coursekit.domain.imports import CreditFile, CreditRecord, RowIssue, Severity
from coursekit.domain.problems import ProblemCode
from coursekit.interchange.spreadsheet import Sheet
from coursekit.interchange.table_cells import cell, date_order, read_datetime, student_ref


def read_money(
    text: str, decimal_comma: bool, row: int, column: str, issues: list[RowIssue]
) -> float | None:
    try:
        value = parse_number(text.replace("$", "").replace("USD", ""), decimal_comma=decimal_comma)
    except ValueProblem:
        issues.append(
            RowIssue(
                row,
                column,
                f"{text[:20]!r} is not an amount in USD",
                code=ProblemCode.INVALID_VALUE,
            )
        )
        return None
    if value < 0:
        issues.append(
            RowIssue(row, column, "an amount cannot be negative", code=ProblemCode.INVALID_VALUE)
        )
        return None
    return round(value, 2)


def read_credits(
    sheet: Sheet,
    mapping: Mapping[str, str] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[CreditFile, list[RowIssue]]:
    fields, columns, issues = map_fields(ImportKind.CREDITS, sheet.header, mapping)
    issues = list(sheet.issues) + issues
    if any(i.severity == Severity.ERROR for i in issues):
        return CreditFile(tuple(columns), ()), issues
    header = sheet.header
    at_header, spent_header = header[fields["at"]], header[fields["spent"]]
    order, order_issues = date_order(sheet, fields["at"], at_header)
    issues.extend(order_issues)
    records: list[CreditRecord] = []
    seen: dict[tuple[str, object], int] = {}
    for position, row in enumerate(sheet.rows):
        number = sheet.row_numbers[position]
        if progress is not None and position % 1000 == 0:
            progress(position, len(sheet.rows))
        student = student_ref(row, number, fields, header, issues)
        at = read_datetime(cell(row, fields["at"]), order, number, at_header, issues)
        spent_text = cell(row, fields["spent"])
        if not spent_text:
            issues.append(
                RowIssue(number, spent_header, "no amount", code=ProblemCode.MISSING_VALUE)
            )
            continue
        spent = read_money(spent_text, sheet.decimal_comma, number, spent_header, issues)
        budget = None
        if "budget" in fields and cell(row, fields["budget"]):
            budget = read_money(
                cell(row, fields["budget"]),
                sheet.decimal_comma,
                number,
                header[fields["budget"]],
                issues,
            )
        if student is None or at is None or spent is None:
            continue
        key = ((student.student_id or student.email or "").casefold(), at)
        if key in seen:
            issues.append(
                RowIssue(
                    number,
                    at_header,
                    f"duplicate row (same student and date as row {seen[key]})",
                    code=ProblemCode.DUPLICATE_ROW,
                )
            )
            continue
        seen[key] = number
        records.append(CreditRecord(number, student, at, spent, budget))
    return CreditFile(tuple(columns), tuple(records)), issues
