"""A report as plain data: sheets of typed columns and rows, conditional formats, charts.

The writers in ``coursekit.interchange`` (xlsx, csv, markdown) render a ``Report``;
the reports service fills one from the course engine. Everything here is pure.

Privacy rules live here too (``anonymise``):

- a student is shown as a keyed pseudonym, ``HMAC-SHA256(key, student id)`` mapped
  onto alternating digits and letters (``S-7F3A9C2K``): never a truncated real id,
  never a run of more than one digit, stable for one key, unlinkable without it;
- columns that identify (email, login, LMS id) or may hold personal free text are
  removed, rows are re-sorted by pseudonym (name order would leak names);
- summary rows describing a group smaller than ``MIN_GROUP`` students lose their
  statistics (the group size itself stays).
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

MIN_GROUP = 10
PSEUDONYM_LENGTH = 8
_DIGITS = "0123456789"
_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"  # no I, O (read as 1, 0)


class ColumnType(StrEnum):
    TEXT = "text"
    INTEGER = "integer"
    NUMBER = "number"
    PERCENT = "percent"  # 0-100, not a fraction
    CURRENCY = "currency"  # USD
    DATE = "date"
    DATETIME = "datetime"  # aware UTC values


NUMERIC_TYPES = frozenset(
    {ColumnType.INTEGER, ColumnType.NUMBER, ColumnType.PERCENT, ColumnType.CURRENCY}
)

GENERAL = "General"
DEFAULT_FORMATS: dict[ColumnType, str | None] = {
    ColumnType.TEXT: None,
    ColumnType.INTEGER: "0",
    ColumnType.NUMBER: "0.00",
    ColumnType.PERCENT: "0.0",
    ColumnType.CURRENCY: '"$"#,##0.00',
    ColumnType.DATE: "yyyy-mm-dd",
    ColumnType.DATETIME: "yyyy-mm-dd hh:mm",
}


class Role(StrEnum):
    """What a column says about a person (drives anonymisation and section filters)."""

    NAME = "name"
    STUDENT_ID = "student_id"
    EMAIL = "email"
    LOGIN = "login"
    LMS_ID = "lms_id"
    SECTION = "section"
    FREE_TEXT = "free_text"  # may hold personal data (file names, notes): dropped


DROPPED_WHEN_ANONYMOUS = frozenset({Role.EMAIL, Role.LOGIN, Role.LMS_ID, Role.FREE_TEXT})


@dataclass(frozen=True, slots=True)
class Column:
    key: str
    header: str
    type: ColumnType = ColumnType.TEXT
    number_format: str | None = None  # an Excel format code; None: the type's default
    decimals: int = 2  # for text renderings (csv, markdown)
    width: float | None = None
    role: Role | None = None

    @property
    def excel_format(self) -> str | None:
        """The Excel number format; None for Excel's General (no style on every cell,
        which also keeps big sheets fast to write)."""
        if self.number_format == GENERAL:
            return None
        return self.number_format or DEFAULT_FORMATS[self.type]


@dataclass(frozen=True, slots=True)
class ColorScale:
    """A 3-colour scale (low red, middle yellow, high green by default)."""

    columns: tuple[str, ...]
    min_color: str = "#F8696B"
    mid_color: str = "#FFEB84"
    max_color: str = "#63BE7B"
    min_value: float | None = None  # None: the lowest value in the range
    max_value: float | None = None


@dataclass(frozen=True, slots=True)
class CellRule:
    """Colour cells whose value compares to ``value`` (``criteria``: < <= > >= == !=)."""

    columns: tuple[str, ...]
    criteria: str
    value: float
    fill: str
    font: str | None = None


@dataclass(frozen=True, slots=True)
class TextRule:
    """Colour cells whose text equals ``text``."""

    columns: tuple[str, ...]
    text: str
    fill: str
    font: str | None = None


ConditionalFormat = ColorScale | CellRule | TextRule


@dataclass(frozen=True, slots=True)
class Series:
    name: str
    values: str  # column key in the chart's data sheet
    color: str | None = None


@dataclass(frozen=True, slots=True)
class Chart:
    """A native chart over the rows of ``data_sheet`` (one category column, n series)."""

    kind: str  # column | bar | line
    title: str
    data_sheet: str
    categories: str  # column key
    series: tuple[Series, ...]
    x_title: str | None = None
    y_title: str | None = None
    anchor_sheet: str | None = None  # default: the data sheet
    y_max: float | None = None


@dataclass(frozen=True, slots=True)
class Sheet:
    name: str
    columns: tuple[Column, ...]
    rows: Sequence[tuple[Any, ...]]  # values in column order
    per_student: bool = True  # one row per student (pseudonymised, section-filtered)
    group_size: str | None = None  # summary sheets: column key holding the group size
    suppress: tuple[str, ...] = ()  # statistic columns blanked for small groups
    conditional_formats: tuple[ConditionalFormat, ...] = ()
    charts: tuple[Chart, ...] = ()
    freeze_header: bool = True
    autofilter: bool = True
    notes: tuple[str, ...] = ()
    section_copy: bool = False  # a per-section copy of another sheet (xlsx only)

    def index(self, key: str) -> int:
        for i, column in enumerate(self.columns):
            if column.key == key:
                return i
        raise KeyError(f"sheet {self.name!r} has no column {key!r}")

    def has(self, key: str) -> bool:
        return any(c.key == key for c in self.columns)

    def role_index(self, role: Role) -> int | None:
        return next((i for i, c in enumerate(self.columns) if c.role is role), None)


@dataclass(frozen=True, slots=True)
class Report:
    kind: str
    title: str
    sheets: tuple[Sheet, ...]
    main_sheet: str  # the sheet a csv export holds
    meta: tuple[tuple[str, str], ...] = ()  # course, generated at, section, anonymised
    anonymised: bool = False

    def sheet(self, name: str) -> Sheet:
        for sheet in self.sheets:
            if sheet.name == name:
                return sheet
        raise KeyError(f"report has no sheet {name!r}")

    @property
    def cell_count(self) -> int:
        return sum(len(s.rows) * len(s.columns) for s in self.sheets)


# --- sheet names ---------------------------------------------------------------------

_SHEET_BAD = set("[]:*?/\\'")


def sheet_name(text: str, taken: Iterable[str] = ()) -> str:
    """An Excel-valid, unique (case-insensitive) sheet name for untrusted ``text``."""
    cleaned = "".join("_" if ch in _SHEET_BAD or not ch.isprintable() else ch for ch in text)
    cleaned = cleaned.strip() or "Sheet"
    if cleaned.casefold() == "history":
        cleaned = "History_"
    base = cleaned[:31]
    used = {t.casefold() for t in taken}
    name, n = base, 2
    while name.casefold() in used:
        suffix = f" ({n})"
        name = base[: 31 - len(suffix)] + suffix
        n += 1
    return name


# --- section split and filter ----------------------------------------------------------


def section_of(sheet: Sheet, row: tuple[Any, ...]) -> str:
    idx = sheet.role_index(Role.SECTION)
    return "" if idx is None else str(row[idx] or "")


def filter_section(sheet: Sheet, section: str | None) -> Sheet:
    """Only the rows of ``section`` (a per-student sheet with a section column)."""
    idx = sheet.role_index(Role.SECTION)
    if section is None or idx is None or not sheet.per_student:
        return sheet
    return replace(sheet, rows=[r for r in sheet.rows if (r[idx] or "") == section])


def split_by_section(sheet: Sheet, taken: Iterable[str] = ()) -> list[Sheet]:
    """One copy of ``sheet`` per section (sorted), named after the section."""
    idx = sheet.role_index(Role.SECTION)
    if idx is None:
        return []
    groups: dict[str, list[tuple[Any, ...]]] = {}
    for row in sheet.rows:
        groups.setdefault(str(row[idx] or ""), []).append(row)
    names = list(taken)
    out = []
    for section in sorted(groups):
        name = sheet_name(section or "No section", names)
        names.append(name)
        out.append(replace(sheet, name=name, rows=groups[section], charts=(), section_copy=True))
    return out


# --- small statistics (used for summary sheets) ---------------------------------------


def mean(values: Iterable[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return sum(present) / len(present) if present else None


def median(values: Iterable[float | None]) -> float | None:
    present = sorted(v for v in values if v is not None)
    if not present:
        return None
    mid = len(present) // 2
    return present[mid] if len(present) % 2 else (present[mid - 1] + present[mid]) / 2


def share_percent(part: float, whole: float) -> float | None:
    """``part`` as a percent of ``whole``, to one decimal; None for an empty whole."""
    return round(part * 100 / whole, 1) if whole else None


# --- anonymisation ---------------------------------------------------------------------


def pseudonym(student_id: str, key: bytes, length: int = PSEUDONYM_LENGTH) -> str:
    """``S-`` + digits and letters alternating, from HMAC-SHA256(key, student id)."""
    digest = hmac.new(key, student_id.encode("utf-8"), hashlib.sha256).digest()
    chars = [
        (_DIGITS[b % 10] if i % 2 == 0 else _LETTERS[b % len(_LETTERS)])
        for i, b in enumerate(digest[:length])
    ]
    return "S-" + "".join(chars)


class Pseudonyms:
    """Pseudonyms for one report: collisions (rare) get a longer pseudonym."""

    def __init__(self, key: bytes) -> None:
        self._key = key
        self._by_id: dict[str, str] = {}
        self._used: set[str] = set()

    def __call__(self, student_id: str) -> str:
        found = self._by_id.get(student_id)
        if found is not None:
            return found
        length = PSEUDONYM_LENGTH
        name = pseudonym(student_id, self._key, length)
        while name in self._used:
            length += 2
            name = pseudonym(student_id, self._key, length)
        self._by_id[student_id] = name
        self._used.add(name)
        return name


def _anonymise_students(sheet: Sheet, alias: Callable[[str], str]) -> Sheet:
    id_idx = sheet.role_index(Role.STUDENT_ID)
    if id_idx is None:
        raise ValueError(f"sheet {sheet.name!r} has student rows but no student id column")
    name_idx = sheet.role_index(Role.NAME)
    keep = [
        i
        for i, c in enumerate(sheet.columns)
        if c.role not in DROPPED_WHEN_ANONYMOUS
        and (c.role is not Role.STUDENT_ID or name_idx is None)
    ]
    out_idx = name_idx if name_idx is not None else id_idx
    columns = []
    for i in keep:
        col = sheet.columns[i]
        if i == out_idx:
            col = replace(col, header="Student (pseudonym)", type=ColumnType.TEXT)
        columns.append(col)
    rows = []
    for row in sheet.rows:
        alias_text = alias(str(row[id_idx]))
        rows.append(tuple(alias_text if i == out_idx else row[i] for i in keep))
    at = keep.index(out_idx)
    rows.sort(key=lambda r: r[at])
    kept_keys = {c.key for c in columns}
    formats = tuple(
        replace(f, columns=tuple(k for k in f.columns if k in kept_keys))
        for f in sheet.conditional_formats
    )
    return replace(
        sheet,
        columns=tuple(columns),
        rows=rows,
        conditional_formats=tuple(f for f in formats if f.columns),
    )


def suppress_small_groups(sheet: Sheet, minimum: int = MIN_GROUP) -> Sheet:
    """Blank the ``suppress`` columns of summary rows whose group is smaller than ``minimum``."""
    if sheet.group_size is None or not sheet.suppress:
        return sheet
    size_idx = sheet.index(sheet.group_size)
    blank = {sheet.index(k) for k in sheet.suppress if sheet.has(k)}
    rows = []
    suppressed = False
    for row in sheet.rows:
        size = row[size_idx]
        if size is None or size < minimum:
            suppressed = True
            row = tuple(None if i in blank else v for i, v in enumerate(row))
        rows.append(row)
    notes = sheet.notes
    if suppressed:
        notes = (*notes, f"Statistics of groups smaller than {minimum} are not shown.")
    return replace(sheet, rows=rows, notes=notes)


def anonymise(report: Report, key: bytes) -> Report:
    """The same report without names, ids, emails or small-group statistics."""
    alias = Pseudonyms(key)
    sheets = []
    for sheet in report.sheets:
        if sheet.per_student:
            sheet = _anonymise_students(sheet, alias)
        sheets.append(suppress_small_groups(sheet))
    meta = (*((k, v) for k, v in report.meta if k != "anonymised"), ("anonymised", "yes"))
    return replace(report, sheets=tuple(sheets), meta=meta, anonymised=True)
