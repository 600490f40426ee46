"""Open an untrusted csv or xlsx file safely and hand back every cell as text.

xlsx: the zip is checked before any parser sees it (signature, file size,
entry count, declared and *actual* uncompressed size — zipfile verifies sizes
and CRCs while streaming —, compression ratio), every XML part is refused if it
declares a DTD or entities, and worksheets are scanned for their largest cell
reference (python-calamine allocates a dense grid up to the farthest cell, so a
single forged ``XFD1048576`` cell would exhaust memory). Then python-calamine
reads the values, which are turned into text here.

csv: strict UTF-8 (BOM allowed), Windows-1252 only as a fallback with a
warning, UTF-16 with a BOM; ``,`` ``;`` or TAB detected from the header line;
``;`` files use decimal commas; CR-only line endings work.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path

from coursekit.config import Limits
from coursekit.domain.import_columns import column_letter
from coursekit.domain.imports import RowIssue, Severity

DEFAULT_MAX_CELLS = 20_000_000  # rows × columns a worksheet may span (Limits has no knob yet)
_XLSX_SUFFIXES = {".xlsx", ".xlsm", ".xltx", ".xltm"}
_DTD = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_ROW_REF = re.compile(rb"<(?:\w+:)?row\b[^>]*?\sr=\"(\d{1,12})\"")
_CELL_REF = re.compile(rb"<(?:\w+:)?c\b[^>]*?\sr=\"([A-Za-z]{1,8})(\d{1,12})\"")
_SHARED_STRING = re.compile(rb"<(?:\w+:)?si\b.*?</(?:\w+:)?si>", re.DOTALL)
_CHUNK = 1 << 20


class SpreadsheetError(ValueError):
    """The file cannot be read at all; ``str()`` is one line naming file, row, column."""

    def __init__(
        self, filename: str, message: str, row: int | None = None, column: str | None = None
    ) -> None:
        self.filename, self.row, self.column, self.message = filename, row, column, message
        where = ", ".join(
            part
            for part in (f"row {row}" if row else "", f"column {column}" if column else "")
            if part
        )
        super().__init__(f"{filename}: {where + ': ' if where else ''}{message}")


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


def read_sheet(
    path: Path, limits: Limits, *, sheet: str | None = None, head: int | None = None
) -> Sheet:
    """Read ``path`` (csv or xlsx, chosen by content); ``head`` stops after that many rows."""
    name = path.name
    data = _read_capped(path, limits)
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
        raise SpreadsheetError(name, "--sheet applies to xlsx files only")
    return _read_csv(data, name, digest, limits, head)


def _read_capped(path: Path, limits: Limits) -> bytes:
    try:
        with path.open("rb") as handle:
            data = handle.read(limits.max_file_bytes + 1)
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


def _column_number(letters: bytes) -> int:
    number = 0
    for byte in letters.upper():
        number = number * 26 + byte - 64
    return number


def _scan_part(zf: zipfile.ZipFile, info: zipfile.ZipInfo, name: str) -> Iterator[bytes]:
    """Stream one part; zipfile stops at the declared size and checks the CRC."""
    with zf.open(info) as part:
        while chunk := part.read(_CHUNK):
            yield chunk


def _check_xlsx(data: bytes, name: str, limits: Limits) -> None:
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError):
        raise SpreadsheetError(name, "not a valid xlsx file (damaged or truncated zip)") from None
    with zf:
        infos = zf.infolist()
        if len(infos) > limits.max_zip_entries:
            raise SpreadsheetError(
                name, f"the zip holds more than {limits.max_zip_entries} entries"
            )
        if sum(i.file_size for i in infos) > limits.max_uncompressed_bytes:
            raise SpreadsheetError(
                name,
                "uncompresses to more than the "
                f"{limits.max_uncompressed_bytes // 2**20} MiB limit (zip bomb?)",
            )
        for info in infos:
            if info.file_size > _CHUNK and info.file_size > limits.max_compression_ratio * max(
                info.compress_size, 1
            ):
                raise SpreadsheetError(name, "compression ratio above the limit (zip bomb?)")
        names = {i.filename for i in infos}
        if "xl/workbook.xml" not in names:
            raise SpreadsheetError(
                name, "a zip file but not an Excel workbook (no xl/workbook.xml)"
            )
        try:
            _scan_parts(zf, infos, name, limits)
        except SpreadsheetError:
            raise
        except Exception:  # BadZipFile (size/CRC lies), zlib.error, EOFError, encryption…
            raise SpreadsheetError(name, "not a valid xlsx file (damaged zip entries)") from None


def _scan_parts(
    zf: zipfile.ZipFile, infos: list[zipfile.ZipInfo], name: str, limits: Limits
) -> None:
    total = 0
    max_cells = getattr(limits, "max_cells", DEFAULT_MAX_CELLS)
    sheet_cells = 0
    longest_shared = 0
    for info in infos:
        if not info.filename.endswith((".xml", ".rels", ".vml")):
            continue
        is_sheet = info.filename.startswith("xl/worksheets/")
        is_shared = info.filename == "xl/sharedStrings.xml"
        max_row = max_col = 0
        tail = b""
        shared_parts: list[bytes] = []
        for chunk in _scan_part(zf, info, name):
            total += len(chunk)
            if total > limits.max_uncompressed_bytes:
                raise SpreadsheetError(name, "uncompresses beyond the size limit (zip bomb?)")
            window = tail + chunk
            if _DTD.search(window):
                raise SpreadsheetError(
                    name,
                    f"{info.filename} declares a DTD or XML entities "
                    "(refused: entity-expansion/XXE risk)",
                )
            if is_sheet:
                rows = _ROW_REF.findall(window)
                if rows:
                    max_row = max(max_row, max(map(int, rows)))
                cells = _CELL_REF.findall(window)
                if cells:
                    sheet_cells += len(cells)
                    max_col = max(max_col, max(_column_number(c) for c in {c[0] for c in cells}))
                    max_row = max(max_row, max(int(c[1]) for c in cells))
            if is_shared:
                shared_parts.append(chunk)
            tail = window[-64:]
        if is_sheet:
            if max_row > limits.max_rows + 1:
                raise SpreadsheetError(
                    name,
                    f"{info.filename} reaches row {max_row}: more than "
                    f"{limits.max_rows} rows (limit)",
                )
            if max_col > limits.max_columns:
                raise SpreadsheetError(
                    name,
                    f"{info.filename} reaches column {column_letter(max_col - 1)}"
                    f": more than {limits.max_columns} columns (limit)",
                )
            if max_row * max_col > max_cells:
                raise SpreadsheetError(
                    name, f"{info.filename} spans {max_row} × {max_col} cells (over the cell limit)"
                )
        if is_shared:
            blob = b"".join(shared_parts)
            longest_shared = max((len(m) for m in _SHARED_STRING.findall(blob)), default=0)
    if sheet_cells * longest_shared > 2 * limits.max_uncompressed_bytes:
        raise SpreadsheetError(name, "shared strings would expand beyond the size limit")


def _cell_text(value: object) -> str:
    if type(value) is float:
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, timedelta):
        return str(value.total_seconds())
    return "" if value is None else str(value)


def _read_xlsx(
    data: bytes, name: str, digest: str, limits: Limits, sheet_name: str | None, head: int | None
) -> Sheet:
    _check_xlsx(data, name, limits)
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        names = list(workbook.sheet_names)
        if sheet_name is not None and sheet_name not in names:
            raise SpreadsheetError(
                name, f"no sheet named {sheet_name!r} (sheets: {', '.join(names)})"
            )
        sheet = workbook.get_sheet_by_name(sheet_name) if sheet_name else _first_sheet(workbook)
        rows: list[list[str]] = []
        numbers: list[int] = []
        start = sheet.start[0] if sheet.start else 0
        for offset, values in enumerate(sheet.iter_rows()):
            cells = [v if type(v) is str else _cell_text(v) for v in values]
            while cells and not cells[-1]:
                cells.pop()
            if not cells or not any(c.strip() for c in cells):
                continue
            rows.append(cells)
            numbers.append(start + offset + 1)
            if head is not None and len(rows) >= head:
                break
    except SpreadsheetError:
        raise
    except Exception as exc:  # calamine's errors: XmlError, CalamineError, ZipError, …
        kind = type(exc).__name__
        raise SpreadsheetError(name, f"not a readable xlsx file ({kind})") from None
    if len(rows) > limits.max_rows + 1:
        raise SpreadsheetError(name, f"more than {limits.max_rows} rows (limit)")
    from coursekit.interchange.xlsx_formulas import formula_warnings

    warnings = formula_warnings(data, sheet_name) if head is None else []
    return _sheet(name, rows, numbers, digest, warnings, decimal_comma=False, fmt="xlsx")


def _first_sheet(workbook: object) -> object:
    metadata = getattr(workbook, "sheets_metadata", None) or []
    for meta in metadata:
        if str(getattr(meta, "typ", "")).endswith("WorkSheet") and str(
            getattr(meta, "visible", "")
        ).endswith("Visible"):
            return workbook.get_sheet_by_name(meta.name)  # type: ignore[attr-defined]
    return workbook.get_sheet_by_index(0)  # type: ignore[attr-defined]
