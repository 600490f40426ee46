"""University roster exports (csv/xlsx) → ``RosterFile`` + row issues.

Column names vary between schools: common spellings are recognised
(``domain.columns.fields.ROSTER_FIELDS``) and the user's column mapping overrides.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from coursekit.domain.columns.field_matching import map_fields
from coursekit.domain.enums import EnrollmentStatus, ImportKind
from coursekit.domain.import_values import (
    ValueProblem,
    check_id,
    clean_text,
    names_from_display,
    names_from_parts,
    names_from_sortable,
)
from coursekit.domain.imports import RosterFile, RowIssue, Severity, StudentRecord
from coursekit.domain.problems import ProblemCode
from coursekit.interchange.spreadsheet import Sheet
from coursekit.interchange.table_cells import cell

_ACTIVE = {"", "active", "enrolled", "enroled", "registered", "current", "e", "a", "enrl"}
_DROPPED = {
    "dropped",
    "drop",
    "withdrawn",
    "withdrew",
    "w",
    "wd",
    "inactive",
    "deleted",
    "cancelled",
    "canceled",
    "d",
    "completed",
    "concluded",
}


def enrollment_status(text: str) -> EnrollmentStatus | None:
    word = text.strip().casefold()
    if word in _ACTIVE:
        return EnrollmentStatus.ACTIVE
    if word in _DROPPED:
        return EnrollmentStatus.DROPPED
    return None


def read_roster(
    sheet: Sheet,
    mapping: Mapping[str, str] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[RosterFile, list[RowIssue]]:
    fields, columns, issues = map_fields(ImportKind.ROSTER, sheet.header, mapping)
    issues = list(sheet.issues) + issues
    if any(i.severity == Severity.ERROR for i in issues):
        return RosterFile(tuple(columns), ()), issues
    header = sheet.header
    students: list[StudentRecord] = []
    seen: dict[str, int] = {}
    seen_email: dict[str, int] = {}
    for position, row in enumerate(sheet.rows):
        number = sheet.row_numbers[position]
        if progress is not None and position % 1000 == 0:
            progress(position, len(sheet.rows))
        sid_text = cell(row, fields["student_id"])
        id_header = header[fields["student_id"]]
        if not sid_text:
            issues.append(
                RowIssue(number, id_header, "no student id", code=ProblemCode.MISSING_VALUE)
            )
            continue
        try:
            sid = check_id(sid_text, "student id")
        except ValueProblem as exc:
            issues.append(RowIssue(number, id_header, str(exc), code=ProblemCode.INVALID_VALUE))
            continue
        if sid in seen:
            issues.append(
                RowIssue(
                    number,
                    id_header,
                    f"duplicate student row (same id as row {seen[sid]})",
                    code=ProblemCode.DUPLICATE_ROW,
                )
            )
            continue
        seen[sid] = number
        name, sortable, dirty = _names(row, fields)
        if dirty:
            issues.append(
                RowIssue(
                    number,
                    None,
                    "control characters removed from the name",
                    Severity.WARNING,
                    code=ProblemCode.READ_AS,
                )
            )
        if not name:
            issues.append(RowIssue(number, None, "no student name", code=ProblemCode.MISSING_VALUE))
        email = clean_text(cell(row, fields.get("email")))[0] or None
        if email and ("@" not in email or " " in email):
            issues.append(
                RowIssue(
                    number,
                    header[fields["email"]],
                    "not an email address; ignored",
                    Severity.WARNING,
                    code=ProblemCode.INVALID_VALUE,
                )
            )
            email = None
        if email:
            key = email.casefold()
            if key in seen_email:
                issues.append(
                    RowIssue(
                        number,
                        header[fields["email"]],
                        f"same email as row {seen_email[key]}",
                        Severity.WARNING,
                        code=ProblemCode.DUPLICATE_ROW,
                    )
                )
            seen_email.setdefault(key, number)
        status = None
        if "status" in fields:
            status = enrollment_status(cell(row, fields["status"]))
            if status is None:
                issues.append(
                    RowIssue(
                        number,
                        header[fields["status"]],
                        "unknown status (use active/enrolled or dropped/withdrawn); left as is",
                        Severity.WARNING,
                        code=ProblemCode.INVALID_VALUE,
                    )
                )
        lms_id = cell(row, fields.get("lms_id")) or None
        if lms_id and not lms_id.isdigit():
            issues.append(
                RowIssue(
                    number,
                    header[fields["lms_id"]],
                    "Canvas ID must be a whole number",
                    code=ProblemCode.INVALID_VALUE,
                )
            )
            lms_id = None
        students.append(
            StudentRecord(
                row=number,
                student_id=sid,
                lms_id=lms_id,
                login=clean_text(cell(row, fields.get("login")))[0] or None,
                email=email,
                name=name,
                sortable_name=sortable,
                section=clean_text(cell(row, fields["section"]))[0]
                if "section" in fields
                else None,
                status=status,
            )
        )
    return RosterFile(tuple(columns), tuple(students)), issues


def _names(row: list[str], fields: dict[str, int]) -> tuple[str, str, bool]:
    first, d1 = clean_text(cell(row, fields.get("first_name")))
    last, d2 = clean_text(cell(row, fields.get("last_name")))
    full, d3 = clean_text(cell(row, fields.get("name")))
    sortable, d4 = clean_text(cell(row, fields.get("sortable_name")))
    dirty = d1 or d2 or d3 or d4
    if first or last:
        name, sort = names_from_parts(first, last)
    elif sortable:
        name, sort = names_from_sortable(sortable)
    elif "," in full:
        name, sort = names_from_sortable(full)
    else:
        name, sort = names_from_display(full)
    if full and "," not in full:
        name = full  # the file's display name wins (preferred names, particles)
    if sortable:
        sort = sortable
    return name, sort, dirty
