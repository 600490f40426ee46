"""Small helpers the row readers share: cell access, per-column date rules,
student references (id or email)."""

from __future__ import annotations

from datetime import datetime

from coursekit.domain.import_values import (
    ValueProblem,
    check_id,
    clean_text,
    parse_datetime,
    slash_order,
)
from coursekit.domain.imports import RowIssue, Severity, StudentRecord
from coursekit.domain.problems import ProblemCode
from coursekit.interchange.spreadsheet import Sheet


def cell(row: list[str], index: int | None) -> str:
    return row[index].strip() if index is not None and index < len(row) else ""


def date_order(sheet: Sheet, index: int, column: str) -> tuple[str, list[RowIssue]]:
    """The day/month order of a date column (see ``slash_order`` for the rule)."""
    values = [cell(row, index) for row in sheet.rows]
    try:
        order = slash_order(values)
    except ValueProblem as exc:
        return "MDY", [RowIssue(None, column, str(exc), code=ProblemCode.INVALID_VALUE)]
    if order is None:
        ambiguous = any("/" in v for v in values)
        issues = (
            [
                RowIssue(
                    None,
                    column,
                    "dates like 03/04/2026 read month-first (US); write YYYY-MM-DD to be sure",
                    Severity.WARNING,
                    code=ProblemCode.READ_AS,
                )
            ]
            if ambiguous
            else []
        )
        return "MDY", issues
    return order, []


def read_datetime(
    text: str, order: str, row: int, column: str, issues: list[RowIssue]
) -> datetime | None:
    try:
        return parse_datetime(text, order=order)
    except ValueProblem as exc:
        shown = text[:30]
        issues.append(
            RowIssue(
                row,
                column,
                f"{shown!r}: {exc}" if text else str(exc),
                code=ProblemCode.INVALID_VALUE,
            )
        )
        return None


def student_ref(
    row: list[str], number: int, fields: dict[str, int], header: list[str], issues: list[RowIssue]
) -> StudentRecord | None:
    """The student a credit/practice row is about (student id and/or email)."""
    sid = cell(row, fields.get("student_id"))
    email = clean_text(cell(row, fields.get("email")))[0] or None
    if sid:
        try:
            sid = check_id(sid, "student id")
        except ValueProblem as exc:
            issues.append(
                RowIssue(
                    number, header[fields["student_id"]], str(exc), code=ProblemCode.INVALID_VALUE
                )
            )
            return None
    if not sid and not email:
        column = header[fields["student_id"]] if "student_id" in fields else None
        issues.append(
            RowIssue(number, column, "no student id or email", code=ProblemCode.MISSING_VALUE)
        )
        return None
    return StudentRecord(row=number, student_id=sid or None, email=email)
