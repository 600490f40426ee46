"""Open an untrusted csv or xlsx file safely and hand back every cell as text.

xlsx: the zip is checked before any parser sees it (``xlsx_inspect``: sizes,
ratios, DTDs, cell references, declared dimensions and shared-string counts),
then python-calamine reads the values in a child process with a capped address
space (``xlsx_worker``), so a native abort cannot take this process down.

csv: strict UTF-8 (BOM allowed), Windows-1252 only as a fallback with a
warning, UTF-16 with a BOM; ``,`` ``;`` or TAB detected from the header line;
``;`` files use decimal commas; CR-only line endings work.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
from dataclasses import dataclass, field
from pathlib import Path

from coursekit.config import Limits
from coursekit.domain.imports import RowIssue, Severity
from coursekit.domain.problems import ProblemCode
from coursekit.interchange import early_read
from coursekit.interchange.atomic import UnsafeOutput, check_input_file
from coursekit.interchange.sheet_error import SpreadsheetError
from coursekit.interchange.xlsx_inspect import check_xlsx
from coursekit.interchange.xlsx_worker import WorkerError, WorkerResult, read_in_child

__all__ = ["Sheet", "SpreadsheetError", "read_sheet", "read_xlsx_cells", "start_reading"]

_XLSX_SUFFIXES = {".xlsx", ".xlsm", ".xltx", ".xltm"}


@dataclass(slots=True)
class Sheet:
    """A table of text cells. ``rows[i]`` is spreadsheet row ``row_numbers[i]``."""

    filename: str
    header: list[str]
    rows: list[list[str]]
    row_numbers: list[int]
    sha256: str
    decimal_comma: bool = False
    issues: list[RowIssue] = field(default_factory=list)
    header_row: int = 1
    format: str = "csv"


def start_reading(path: Path, limits: Limits, *, sheet: str | None = None) -> None:
    """When ``path`` is an xlsx file: inspect it now, then hand it to the reader child in
    a background thread, so that it parses on another core while the caller imports its
    modules and opens the database. The next whole ``read_sheet`` of the same file,
    unchanged, with the same limits and sheet, takes that read (or the inspection's
    refusal); nothing else changes. (The inspection stays in the calling thread: in a
    thread it would wait for the GIL at each inflated piece.)"""
    key = _early_key(path, limits, sheet)
    try:
        with path.open("rb") as handle:
            if key is None or handle.read(4) != b"PK\x03\x04":
                return  # csv, or not a file: read when needed
    except OSError:
        return
    name = path.name
    try:
        data = read_capped(path, limits)
        formulas = check_xlsx(data, name, limits)
    except SpreadsheetError as exc:
        refusal = exc
        early_read.start(key, lambda: _refuse(refusal))
        return
    digest = hashlib.sha256(data).hexdigest()
    early_read.start(
        key, lambda: _read_inspected(data, name, digest, limits, sheet, None, formulas)
    )


def _refuse(error: SpreadsheetError) -> Sheet:
    raise error


def _early_key(path: Path, limits: Limits, sheet: str | None) -> tuple[object, ...] | None:
    try:
        stat = path.stat()
        return (str(path.resolve()), stat.st_ino, stat.st_size, stat.st_mtime_ns, limits, sheet)
    except OSError:
        return None


def read_sheet(
    path: Path, limits: Limits, *, sheet: str | None = None, head: int | None = None
) -> Sheet:
    """Read ``path`` (csv or xlsx, chosen by content); ``head`` stops after that many rows."""
    if head is None and early_read.pending() and (key := _early_key(path, limits, sheet)):
        early = early_read.take(key)
        if early is not None:
            result = early.result()
            assert isinstance(result, Sheet)
            return result
    return _read_now(path, limits, sheet, head)


def _read_now(path: Path, limits: Limits, sheet: str | None, head: int | None) -> Sheet:
    name = path.name
    data = read_capped(path, limits)
    digest = hashlib.sha256(data).hexdigest()
    if data.startswith(b"PK\x03\x04"):
        return _read_xlsx(data, name, digest, limits, sheet, head)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise SpreadsheetError(
            name, "an old .xls or password-protected workbook; save it as .xlsx or .csv first"
        )
    if path.suffix.lower() in _XLSX_SUFFIXES:
        raise SpreadsheetError(
            name, "not an xlsx file (no zip signature): the file is damaged or is not a spreadsheet"
        )
    if data.startswith(b"PK"):
        raise SpreadsheetError(name, "a damaged zip/xlsx file")
    if sheet:
        raise SpreadsheetError(name, "a sheet can be chosen in xlsx files only", field="sheet")
    return _read_csv(data, name, digest, limits, head)


def read_capped(path: Path, limits: Limits) -> bytes:
    try:
        check_input_file(path)
        with path.open("rb") as handle:
            data = handle.read(limits.max_file_bytes + 1)
    except UnsafeOutput as exc:
        raise SpreadsheetError(path.name, exc.strerror or "not a regular file") from None
    except IsADirectoryError:
        raise SpreadsheetError(path.name, "is a folder, not a file") from None
    except FileNotFoundError:
        raise SpreadsheetError(path.name, "no such file") from None
    except OSError as exc:
        raise SpreadsheetError(path.name, exc.strerror or "cannot read the file") from None
    if len(data) > limits.max_file_bytes:
        raise SpreadsheetError(
            path.name, f"larger than the {limits.max_file_bytes // 2**20} MiB limit"
        )
    if not data.strip():
        raise SpreadsheetError(path.name, "the file is empty")
    return data


# ---- csv ---------------------------------------------------------------------------------


def _decode(data: bytes, name: str) -> tuple[str, list[RowIssue]]:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), []
        except UnicodeDecodeError:
            raise SpreadsheetError(name, "broken UTF-16 text") from None
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        utf8_row = data[: exc.start].count(b"\n") + 1
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError as exc:
        row = data[: exc.start].count(b"\n") + 1
        raise SpreadsheetError(
            name, "neither UTF-8 nor Windows-1252 text (binary data?)", row=row
        ) from None
    warning = RowIssue(
        utf8_row,
        None,
        "not valid UTF-8: read as Windows-1252; check accented "
        "names (save as 'CSV UTF-8' to avoid this)",
        Severity.WARNING,
        code=ProblemCode.READ_AS,
    )
    return text, [warning]


def _sniff_delimiter(text: str) -> str:
    first = text.lstrip("\ufeff").split("\n", 1)[0].split("\r", 1)[0]
    counts = {d: 0 for d in ",;\t"}
    quoted = False
    for ch in first:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in counts:
            counts[ch] += 1
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _read_csv(data: bytes, name: str, digest: str, limits: Limits, head: int | None) -> Sheet:
    text, issues = _decode(data, name)
    if "\x00" in text:
        row = text[: text.index("\x00")].count("\n") + 1
        raise SpreadsheetError(name, "contains NUL bytes: not a text/csv file", row=row)
    delimiter = _sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[list[str]] = []
    numbers: list[int] = []
    last_line = 0
    try:
        for record in reader:
            start, last_line = last_line + 1, reader.line_num
            if len(record) > limits.max_columns:
                raise SpreadsheetError(
                    name, f"more than {limits.max_columns} columns (limit)", row=start
                )
            if not any(cell.strip() for cell in record):
                continue
            rows.append(record)
            numbers.append(start)
            if len(rows) > limits.max_rows + 1:
                raise SpreadsheetError(name, f"more than {limits.max_rows} rows (limit)")
            if head is not None and len(rows) >= head:
                break
    except csv.Error as exc:
        message = str(exc).split(" (")[0]
        raise SpreadsheetError(
            name, f"not a readable csv file ({message})", row=last_line + 1
        ) from None
    return _sheet(name, rows, numbers, digest, issues, decimal_comma=delimiter == ";", fmt="csv")


def _sheet(
    name: str,
    rows: list[list[str]],
    numbers: list[int],
    digest: str,
    issues: list[RowIssue],
    *,
    decimal_comma: bool,
    fmt: str,
) -> Sheet:
    if not rows:
        raise SpreadsheetError(name, "no header row (the sheet is empty)")
    header = [cell.strip() for cell in rows[0]]
    while header and not header[-1]:
        header.pop()
    return Sheet(
        name,
        header,
        rows[1:],
        numbers[1:],
        digest,
        decimal_comma,
        issues,
        header_row=numbers[0],
        format=fmt,
    )


# ---- xlsx --------------------------------------------------------------------------------


def _read_xlsx(
    data: bytes, name: str, digest: str, limits: Limits, sheet_name: str | None, head: int | None
) -> Sheet:
    formulas = check_xlsx(data, name, limits)
    return _read_inspected(data, name, digest, limits, sheet_name, head, formulas)


def _read_inspected(
    data: bytes,
    name: str,
    digest: str,
    limits: Limits,
    sheet_name: str | None,
    head: int | None,
    formulas: bool,
) -> Sheet:
    """Read a zip that passed ``check_xlsx`` (``formulas``: a sheet holds a formula)."""
    result = _read_checked(data, name, limits, sheet=sheet_name, head=head)
    if len(result.rows) > limits.max_rows + 1:
        raise SpreadsheetError(name, f"more than {limits.max_rows} rows (limit)")
    warnings: list[RowIssue] = []
    if head is None and formulas:  # read the sheet again only when it holds a formula
        from coursekit.interchange.xlsx_formulas import formula_warnings

        warnings = formula_warnings(data, sheet_name)
    return _sheet(
        name, result.rows, result.row_numbers, digest, warnings, decimal_comma=False, fmt="xlsx"
    )


def read_xlsx_cells(
    data: bytes,
    name: str,
    limits: Limits,
    *,
    sheet: str | None = None,
    head: int | None = None,
    names_only: bool = False,
) -> WorkerResult:
    """Inspect the zip, then read it in an isolated child process (see ``xlsx_worker``)."""
    check_xlsx(data, name, limits)
    return _read_checked(data, name, limits, sheet=sheet, head=head, names_only=names_only)


def _read_checked(
    data: bytes,
    name: str,
    limits: Limits,
    *,
    sheet: str | None,
    head: int | None,
    names_only: bool = False,
) -> WorkerResult:
    """Read a zip that passed ``check_xlsx`` in the isolated child process."""
    try:
        return read_in_child(
            data,
            sheet=sheet,
            head=head,
            max_rows=limits.max_rows,
            names_only=names_only,
            memory_bytes=limits.max_reader_memory_bytes,
            timeout_s=limits.max_reader_seconds,
        )
    except WorkerError as exc:
        raise SpreadsheetError(name, str(exc)) from None
