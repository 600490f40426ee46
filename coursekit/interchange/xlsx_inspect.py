"""Inspect an untrusted xlsx zip before any parser sees it.

Checked from the zip's central directory first (no decompression): entry
count, declared uncompressed sizes, compression ratios. Then every XML part is
inflated in 1 MiB pieces with ``zlib`` (C speed), checking as it goes that it
never exceeds its declared size nor the ratio limit (a directory that lies about
sizes is caught after the first MiB, not at the end), and at the end its size
and CRC; every worksheet is refused as soon as it passes the row or cell limit,
before any cell is parsed. And:

- refused if it declares a DTD or entities (entity expansion / XXE);
- worksheets: the largest cell reference and the declared ``<dimension>`` must
  fit the row/column/cell limits (calamine allocates a dense grid up to the
  farthest cell, so one forged ``XFD1048576`` cell would exhaust memory);
- shared strings: the declared ``count``/``uniqueCount`` must match what the
  part can hold (calamine reserves ``uniqueCount`` entries up front: a 7 KB
  file declaring 4,294,967,295 made it allocate ~100 GB and abort the process).

Every failure is a ``SpreadsheetError`` naming the file; nothing of the
content is quoted.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from collections.abc import Iterator

from coursekit.config import Limits
from coursekit.domain.columns.headers import column_letter
from coursekit.interchange.sheet_error import SpreadsheetError

_DTD = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
FORMULA_TAG = re.compile(rb"<(?:\w+:)?f\b")
_ROW_REF = re.compile(rb"<(?:\w+:)?row\b[^>]*?\sr=\"(\d{1,12})\"")
_CELL_REF = re.compile(rb"<(?:\w+:)?c\b[^>]*?\sr=\"([A-Za-z]{1,8})(\d{1,12})\"")
_SHARED_STRING = re.compile(rb"<(?:\w+:)?si\b.*?</(?:\w+:)?si>", re.DOTALL)
_SI_OPEN = re.compile(rb"<(?:\w+:)?si[\s/>]")
_SST_TAG = re.compile(rb"<(?:\w+:)?sst\b[^>]{0,4000}>")
_SST_COUNT = re.compile(rb"\s(count|uniqueCount)\s*=\s*[\"']\s*([^\"']{0,40})[\"']")
_DIMENSION = re.compile(
    rb"<(?:\w+:)?dimension\b[^>]*?\sref=\"[A-Za-z]{0,8}\d{0,12}:?([A-Za-z]{1,8})(\d{1,12})\""
)
_CHUNK = 1 << 20
_RATIO_MESSAGE = "compression ratio above the limit (zip bomb?)"
_FEED = 1 << 16  # compressed bytes per inflate step: the ratio is checked at this grain
_LOCAL_HEADER = struct.Struct("<4s22xHH")
_TAIL = 1 << 16  # longest tag carried across pieces


def column_number(letters: bytes) -> int:
    number = 0
    for byte in letters.upper():
        number = number * 26 + byte - 64
    return number


def over_ratio(inflated: int, compressed: int, limits: Limits) -> bool:
    """More than the ratio limit (parts under 1 MiB are exempt: tiny XML compresses well)."""
    return inflated > _CHUNK and inflated > limits.max_compression_ratio * max(compressed, 1)


def _scan_part(
    data: bytes, zf: zipfile.ZipFile, info: zipfile.ZipInfo, limits: Limits
) -> Iterator[bytes]:
    """One part's bytes, 1 MiB at a time: never beyond its declared size or the ratio
    limit; its size and CRC are checked at the end (``BadZipFile`` otherwise)."""
    if info.compress_type not in (zipfile.ZIP_DEFLATED, zipfile.ZIP_STORED) or info.flag_bits & 1:
        with zf.open(info) as part:  # other methods, encryption: zipfile's own checks
            while chunk := part.read(_CHUNK):
                yield chunk
        return
    magic, name_len, extra_len = _LOCAL_HEADER.unpack_from(data, info.header_offset)
    if magic != b"PK\x03\x04":
        raise zipfile.BadZipFile("bad local header")
    start = info.header_offset + _LOCAL_HEADER.size + name_len + extra_len
    raw = memoryview(data)[start : start + info.compress_size]
    if len(raw) < info.compress_size:
        raise zipfile.BadZipFile("truncated entry")
    produced = crc = 0
    for chunk, consumed in _inflate(raw) if info.compress_type else _stored(raw):
        produced += len(chunk)
        if produced > info.file_size:
            raise zipfile.BadZipFile("entry larger than declared")
        if over_ratio(produced, consumed, limits):
            raise _RatioExceeded
        crc = zlib.crc32(chunk, crc)
        yield chunk
    if produced != info.file_size or crc != info.CRC:
        raise zipfile.BadZipFile("size or CRC mismatch")


def _stored(raw: memoryview) -> Iterator[tuple[bytes, int]]:
    for start in range(0, len(raw), _CHUNK):
        yield bytes(raw[start : start + _CHUNK]), min(start + _CHUNK, len(raw))


def _inflate(raw: memoryview) -> Iterator[tuple[bytes, int]]:
    """Raw deflate data inflated at most 1 MiB at a time, each piece with the count of
    compressed bytes consumed so far (so the ratio is known while inflating)."""
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    fed = 0
    pending = b""
    while not inflater.eof:
        if not pending:
            if fed >= len(raw):
                raise zipfile.BadZipFile("truncated deflate data")
            pending, fed = bytes(raw[fed : fed + _FEED]), min(fed + _FEED, len(raw))
        chunk = inflater.decompress(pending, _CHUNK)
        pending = inflater.unconsumed_tail
        yield chunk, fed - len(pending)


class _RatioExceeded(Exception):
    pass


def check_xlsx(data: bytes, name: str, limits: Limits) -> bool:
    """Raise ``SpreadsheetError`` unless ``data`` is an xlsx zip that is safe to parse.

    Returns whether a worksheet holds a formula (only then does ``xlsx_formulas``
    read the sheet again to look for formulas without a saved value)."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except Exception:  # BadZipFile, NotImplementedError (a forged "zip version"), …
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
        if any(over_ratio(i.file_size, i.compress_size, limits) for i in infos):
            raise SpreadsheetError(name, _RATIO_MESSAGE)
        names = {i.filename for i in infos}
        if "xl/workbook.xml" not in names:
            raise SpreadsheetError(
                name, "a zip file but not an Excel workbook (no xl/workbook.xml)"
            )
        try:
            return _scan_parts(data, zf, infos, name, limits)
        except SpreadsheetError:
            raise
        except _RatioExceeded:
            raise SpreadsheetError(name, _RATIO_MESSAGE) from None
        except Exception:  # BadZipFile (size/CRC lies), zlib.error, EOFError, encryption…
            raise SpreadsheetError(name, "not a valid xlsx file (damaged zip entries)") from None


def _check_extent(
    name: str, part: str, max_row: int, max_col: int, limits: Limits, what: str
) -> None:
    if max_row > limits.max_rows + 1:
        raise SpreadsheetError(
            name, f"{part} {what} row {max_row}: more than {limits.max_rows} rows (limit)"
        )
    if max_col > limits.max_columns:
        raise SpreadsheetError(
            name,
            f"{part} {what} column {column_letter(max_col - 1)}"
            f": more than {limits.max_columns} columns (limit)",
        )
    if max_row * max_col > limits.max_cells:
        raise SpreadsheetError(
            name, f"{part} spans {max_row} × {max_col} cells (over the cell limit)"
        )


def _check_shared_strings(name: str, blob: bytes, limits: Limits) -> int:
    """Declared counts against the part; returns the longest entry's size in bytes."""
    held = len(_SI_OPEN.findall(blob))
    tag = _SST_TAG.search(blob)
    if tag:
        for attr, raw in _SST_COUNT.findall(tag.group(0)):
            text = raw.strip()
            if not text.isdigit() or len(text) > 12:
                raise SpreadsheetError(name, f"shared strings declare an invalid {attr.decode()}")
            declared = int(text)
            if attr == b"uniqueCount" and declared > held:
                raise SpreadsheetError(
                    name,
                    f"shared strings declare {declared} entries but hold {held} (forged file?)",
                )
            if attr == b"count" and declared > limits.max_cells:
                raise SpreadsheetError(
                    name, f"shared strings declare {declared} uses (over the cell limit)"
                )
    return max((len(m) for m in _SHARED_STRING.findall(blob)), default=0)


class _Sheet:
    """How far one worksheet reaches, as its complete tags stream past."""

    __slots__ = ("cells", "dim_col", "dim_row", "max_col", "max_row", "part")

    def __init__(self, part: str) -> None:
        self.part = part
        self.cells = self.max_row = self.max_col = self.dim_row = self.dim_col = 0

    def add(self, body: bytes, name: str, limits: Limits) -> None:
        """Measure the rows and cells of ``body``; refuse as soon as a limit is passed
        (a sheet of a million short rows stops at row 200,002, before any cell is read)."""
        if not self.dim_row and (dim := _DIMENSION.search(body)):
            self.dim_col, self.dim_row = column_number(dim.group(1)), int(dim.group(2))
            _check_extent(name, self.part, self.dim_row, self.dim_col, limits, "declares")
        rows = _ROW_REF.findall(body)
        if rows:
            self.max_row = max(self.max_row, *map(int, rows))
        cells = _CELL_REF.findall(body)
        if cells:
            self.cells += len(cells)
            self.max_col = max(self.max_col, *map(column_number, {c[0] for c in cells}))
            self.max_row = max(self.max_row, max(int(c[1]) for c in cells))
        _check_extent(name, self.part, self.max_row, self.max_col, limits, "reaches")


def _complete_tags(window: bytes) -> int:
    """Where the trailing unfinished tag of ``window`` starts (carried to the next piece,
    at most 64 KiB of it), so every tag is matched once and whole."""
    cut = window.rfind(b"<")
    if cut < 0 or window.find(b">", cut) >= 0:
        return len(window)
    return max(cut, len(window) - _TAIL)


def _scan_parts(
    data: bytes, zf: zipfile.ZipFile, infos: list[zipfile.ZipInfo], name: str, limits: Limits
) -> bool:
    """Every XML part streamed and checked; returns whether a worksheet holds a formula."""
    formulas = False
    total = 0
    sheet_cells = 0
    longest_shared = 0
    for info in infos:
        if not info.filename.endswith((".xml", ".rels", ".vml")):
            continue
        sheet = _Sheet(info.filename) if info.filename.startswith("xl/worksheets/") else None
        is_shared = info.filename == "xl/sharedStrings.xml"
        tail = b""
        shared_parts: list[bytes] = []
        for chunk in _scan_part(data, zf, info, limits):
            total += len(chunk)
            if total > limits.max_uncompressed_bytes:
                raise SpreadsheetError(name, "uncompresses beyond the size limit (zip bomb?)")
            window = tail + chunk
            cut = _complete_tags(window)
            body, tail = window[:cut], window[cut:]
            _refuse_entities(body, name, info.filename)
            if sheet is not None:
                sheet.add(body, name, limits)
                formulas = formulas or _has_formula(body)
            if is_shared:
                shared_parts.append(chunk)
        _refuse_entities(tail, name, info.filename)
        if sheet is not None:
            sheet.add(tail, name, limits)
            formulas = formulas or _has_formula(tail)
            sheet_cells += sheet.cells
        if is_shared:
            longest_shared = _check_shared_strings(name, b"".join(shared_parts), limits)
    if sheet_cells * longest_shared > 2 * limits.max_uncompressed_bytes:
        raise SpreadsheetError(name, "shared strings would expand beyond the size limit")
    return formulas


def _refuse_entities(body: bytes, name: str, part: str) -> None:
    if _DTD.search(body):
        raise SpreadsheetError(
            name, f"{part} declares a DTD or XML entities (refused: entity-expansion/XXE risk)"
        )


def _has_formula(body: bytes) -> bool:
    """A formula tag (``<f>``, ``<x:f …>``); ``in`` first, the regex only on a hint."""
    return (b"<f" in body or b":f" in body) and FORMULA_TAG.search(body) is not None
