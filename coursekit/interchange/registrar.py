"""Fill the grade column of the registrar's own workbook, keeping everything else.

The institution hands out a pre-formatted xlsx (ids, names, a grade column with a
data-validation list, sometimes formulas, a protected sheet, other sheets) that must
go back exactly as it is with only the grades filled in. openpyxl edits it in place:
styles, validation, formulas, protection, defined names and the other sheets are
written back as they were read (openpyxl drops images and charts, which registrar
sheets do not carry). Nothing is written unless every grade fits: a non-empty grade
cell (without ``force``), a locked cell on a protected sheet, a value outside the
sheet's own validation, a duplicated id — each refuses the whole fill with a message
naming the file, sheet, row and column. The output is written atomically, 0600.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from coursekit.config import Limits
from coursekit.domain.problems import HintKind
from coursekit.interchange.atomic import atomic_path
from coursekit.interchange.spreadsheet import SpreadsheetError, read_capped
from coursekit.interchange.xlsx_inspect import check_xlsx

GradeValue = str | float

ID_HEADERS = ("student id", "student number", "id", "sis user id", "student no", "emplid")
GRADE_HEADERS = ("grade", "final grade", "letter grade", "course grade", "mark", "final mark")
HEADER_SCAN_ROWS = 30  # the header row is searched for in the first rows of the sheet
_SPACES = re.compile(r"\s+")


class RegistrarError(ValueError):
    """The workbook cannot be filled; ``str()`` is one line naming file, sheet, row, column.
    ``hint``: what the user can do about it (``OVERWRITE``: fill cells that hold a value)."""

    def __init__(self, message: str, *, hint: HintKind | None = None) -> None:
        super().__init__(message)
        self.hint = hint


@dataclass(frozen=True, slots=True)
class SheetProblem:
    row: int
    column: str
    message: str
    hint: HintKind | None = None


@dataclass(frozen=True, slots=True)
class RegistrarFill:
    """What a fill did."""

    sheet: str
    header_row: int
    written: int
    missing: tuple[str, ...]  # students of the course with no row in the sheet
    unknown_rows: tuple[tuple[int, str], ...]  # (row, id) of rows matching no student
    ungraded: tuple[str, ...] = ()  # students in the sheet without a grade to write


def _norm_header(value: object) -> str:
    return _SPACES.sub(" ", str(value)).strip().casefold() if value is not None else ""


def _id_text(value: object) -> str:
    """The id as text: 80417263.0 (Excel's number) → "80417263"; text kept as written."""
    if isinstance(value, bool) or value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _find_header(
    ws: Worksheet, id_header: str | None, grade_header: str | None
) -> tuple[int, int, int]:
    """(header row, id column, grade column), 1-based, from the first rows of the sheet."""
    id_wanted = (_norm_header(id_header),) if id_header else ID_HEADERS
    grade_wanted = (_norm_header(grade_header),) if grade_header else GRADE_HEADERS
    last = min(ws.max_row, HEADER_SCAN_ROWS)
    for number, row in enumerate(ws.iter_rows(min_row=1, max_row=last), start=1):
        names = {_norm_header(c.value): c.column for c in row if c.value is not None}
        id_col = next((names[h] for h in id_wanted if h in names), None)
        grade_col = next((names[h] for h in grade_wanted if h in names), None)
        if id_col is not None and grade_col is not None:
            return number, id_col, grade_col
    wanted = f"an id column ({id_header or ' / '.join(ID_HEADERS)}) and a grade column " + (
        f"({grade_header or ' / '.join(GRADE_HEADERS)})"
    )
    raise RegistrarError(f"sheet {ws.title!r}: no header row with {wanted} in rows 1-{last}")


def _range_values(wb: Workbook, ws: Worksheet, ref: str) -> list[object] | None:
    """Values of a list-validation source: ``$H$2:$H$9``, ``'Lists'!$A$1:$A$5`` or a
    workbook defined name. None when it cannot be resolved."""
    ref = ref.strip().lstrip("=")
    if ref in wb.defined_names:
        destinations = list(wb.defined_names[ref].destinations)
        if len(destinations) != 1:
            return None
        sheet_name, ref = destinations[0]
        target = _worksheet(wb, sheet_name)
    elif "!" in ref:
        sheet_name, ref = ref.rsplit("!", 1)
        sheet_name = sheet_name.strip("'").replace("''", "'")
        target = _worksheet(wb, sheet_name)
    else:
        target = ws
    if target is None:
        return None
    try:
        cells = target[ref.replace("$", "")]
    except (ValueError, KeyError, IndexError):
        return None
    if not isinstance(cells, tuple):
        return [cells.value]
    flat: list[object] = []
    for item in cells:
        flat.extend(c.value for c in (item if isinstance(item, tuple) else (item,)))
    return flat


def _worksheet(wb: Workbook, name: str) -> Worksheet | None:
    """The named sheet when it holds cells (a chart sheet has none to list)."""
    if name not in wb.sheetnames:
        return None
    found = wb[name]
    return found if isinstance(found, Worksheet) else None


def _number(text: str | None) -> float | None:
    try:
        return float(text) if text is not None else None
    except ValueError:
        return None


_COMPARE: dict[str, Callable[[float, float, float], bool]] = {
    "between": lambda v, a, b: a <= v <= b,
    "notBetween": lambda v, a, b: not a <= v <= b,
    "equal": lambda v, a, _b: v == a,
    "notEqual": lambda v, a, _b: v != a,
    "greaterThan": lambda v, a, _b: v > a,
    "lessThan": lambda v, a, _b: v < a,
    "greaterThanOrEqual": lambda v, a, _b: v >= a,
    "lessThanOrEqual": lambda v, a, _b: v <= a,
}


class _Validations:
    """The sheet's data validations, looked up per cell."""

    def __init__(self, wb: Workbook, ws: Worksheet) -> None:
        self.wb, self.ws = wb, ws
        self.rules = list(ws.data_validations.dataValidation)
        self._lists: dict[str, list[object] | None] = {}

    def check(self, coordinate: str, value: GradeValue) -> tuple[GradeValue, str | None]:
        """(value to write, problem or None): the sheet's spelling of a list entry."""
        for dv in self.rules:
            if coordinate not in dv.sqref:
                continue
            if dv.type == "list":
                return self._in_list(dv.formula1 or "", value)
            if dv.type in ("whole", "decimal"):
                return value, self._in_bounds(dv, value)
        return value, None

    def _in_list(self, formula: str, value: GradeValue) -> tuple[GradeValue, str | None]:
        if formula not in self._lists:
            if formula.startswith('"') and formula.endswith('"'):
                self._lists[formula] = [v.strip() for v in formula[1:-1].split(",")]
            else:
                self._lists[formula] = _range_values(self.wb, self.ws, formula)
        allowed = self._lists[formula]
        if allowed is None:
            return value, f"cannot read the sheet's validation list {formula!r}"
        wanted = _id_text(value).casefold()
        for option in allowed:
            if option is not None and _id_text(option).casefold() == wanted:
                return (option if isinstance(option, str) else value), None
        shown = ", ".join(_id_text(o) for o in allowed if o is not None)
        return value, f"{_id_text(value)!r} is not in the sheet's list ({shown})"

    @staticmethod
    def _in_bounds(dv: DataValidation, value: GradeValue) -> str | None:
        if not isinstance(value, float | int):
            return f"{value!r} is not a number, which this cell's validation requires"
        low, high = _number(dv.formula1), _number(dv.formula2)
        operator = dv.operator or "between"
        test = _COMPARE.get(operator)
        if test is None or low is None or (operator.endswith("etween") and high is None):
            return "cannot read this cell's validation bounds"
        if dv.type == "whole" and not float(value).is_integer():
            return f"{value:g} is not a whole number, which this cell's validation requires"
        # high is None only for the one-bound operators, which ignore their third argument
        if not test(value, low, low if high is None else high):
            bounds = f"{low:g}" if high is None else f"{low:g} and {high:g}"
            return f"{value:g} is outside this cell's validation ({operator} {bounds})"
        return None


def _match(ids: Iterable[str]) -> Mapping[str, str]:
    """Sheet id → course id: exact, or equal once leading zeros are dropped (an id
    column Excel stored as a number loses them) when that is unambiguous."""
    exact = {i: i for i in ids}
    by_digits: dict[str, list[str]] = {}
    for i in exact:
        by_digits.setdefault(i.lstrip("0"), []).append(i)
    unique = {k: v[0] for k, v in by_digits.items() if len(v) == 1}
    return {**unique, **exact}


def open_template(template: Path, limits: Limits) -> Workbook:
    """Check the file as an untrusted xlsx (zip bombs, entities, forged sizes), then
    load it with openpyxl for editing."""
    if template.suffix.lower() != ".xlsx":
        raise RegistrarError(f"{template.name}: the registrar template must be an .xlsx file")
    data = read_capped(template, limits)
    check_xlsx(data, template.name, limits)
    try:
        return load_workbook(template)
    except Exception as exc:  # openpyxl raises many kinds on a damaged workbook
        raise SpreadsheetError(
            template.name, f"openpyxl cannot read it ({type(exc).__name__})"
        ) from None


def fill_workbook(
    template: Path,
    out: Path,
    grades: Mapping[str, GradeValue | None],
    *,
    limits: Limits,
    sheet: str | None = None,
    id_column: str | None = None,
    grade_column: str | None = None,
    force: bool = False,
) -> RegistrarFill:
    """Write ``grades`` (course student id → letter or percent; None: no grade yet) into
    the grade column of ``template`` and save the result as ``out``.

    Raises ``RegistrarError`` (nothing written) when any row cannot be filled.
    """
    if out.suffix.lower() != ".xlsx":
        raise RegistrarError(f"{out.name}: the output must be an .xlsx file")
    if out.resolve() == template.resolve():
        raise RegistrarError(f"{out.name}: write to a new file, not over the template")
    wb = open_template(template, limits)
    if sheet is not None and sheet not in wb.sheetnames:
        raise RegistrarError(
            f"{template.name}: no sheet {sheet!r} (sheets: {', '.join(wb.sheetnames)})"
        )
    ws = wb[sheet] if sheet is not None else wb.worksheets[0]
    try:
        header, id_col, grade_col = _find_header(ws, id_column, grade_column)
    except RegistrarError as exc:
        raise RegistrarError(f"{template.name}: {exc}") from None
    letter = get_column_letter(grade_col)
    validations = _Validations(wb, ws)
    protected = bool(ws.protection.sheet)
    to_course = _match(grades)
    seen: dict[str, int] = {}
    problems: list[SheetProblem] = []
    unknown: list[tuple[int, str]] = []
    ungraded: list[str] = []
    writes: list[tuple[Cell, GradeValue]] = []
    for r in range(header + 1, ws.max_row + 1):
        sheet_id = _id_text(ws.cell(row=r, column=id_col).value)
        if not sheet_id:
            continue
        student = to_course.get(sheet_id) or to_course.get(sheet_id.lstrip("0"))
        if student is None:
            unknown.append((r, sheet_id))
            continue
        if student in seen:
            problems.append(
                SheetProblem(r, get_column_letter(id_col), f"again (first in row {seen[student]})")
            )
            continue
        seen[student] = r
        value = grades[student]
        if value is None:
            ungraded.append(student)
            continue
        cell = ws.cell(row=r, column=grade_col)
        if isinstance(cell, MergedCell):
            problems.append(SheetProblem(r, letter, "the grade cell is part of a merged range"))
            continue
        if protected and cell.protection.locked:
            problems.append(SheetProblem(r, letter, "the cell is locked on a protected sheet"))
            continue
        if cell.value not in (None, "") and not force:
            problems.append(SheetProblem(r, letter, "already holds a value", HintKind.OVERWRITE))
            continue
        value, problem = validations.check(cell.coordinate, value)
        if problem:
            problems.append(SheetProblem(r, letter, problem))
            continue
        writes.append((cell, value))
    if problems:
        first = problems[0]
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise RegistrarError(
            f"{template.name}: sheet {ws.title!r}, row {first.row}, column {first.column}: "
            f"{first.message}{more}; nothing written",
            hint=first.hint,
        )
    for cell, value in writes:
        cell.value = value
    with atomic_path(out) as tmp:
        wb.save(tmp)
    missing = tuple(s for s in grades if s not in seen)
    return RegistrarFill(ws.title, header, len(writes), missing, tuple(unknown), tuple(ungraded))
