"""Inspect an untrusted xlsx zip before any parser sees it.

Checked from the zip's central directory first (no decompression): entry
count, declared uncompressed sizes, compression ratios. Then every XML part is
streamed (zipfile verifies the *actual* sizes and CRCs while streaming) and:

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
import zipfile
from collections.abc import Iterator

from coursekit.config import Limits
from coursekit.domain.columns.headers import column_letter
from coursekit.interchange.sheet_error import SpreadsheetError

_DTD = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
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


def column_number(letters: bytes) -> int:
    number = 0
    for byte in letters.upper():
        number = number * 26 + byte - 64
    return number


def _scan_part(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> Iterator[bytes]:
    """Stream one part; zipfile stops at the declared size and checks the CRC."""
    with zf.open(info) as part:
        while chunk := part.read(_CHUNK):
            yield chunk


def check_xlsx(data: bytes, name: str, limits: Limits) -> None:
    """Raise ``SpreadsheetError`` unless ``data`` is an xlsx zip that is safe to parse."""
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


def _scan_parts(
    zf: zipfile.ZipFile, infos: list[zipfile.ZipInfo], name: str, limits: Limits
) -> None:
    total = 0
    sheet_cells = 0
    longest_shared = 0
    for info in infos:
        if not info.filename.endswith((".xml", ".rels", ".vml")):
            continue
        is_sheet = info.filename.startswith("xl/worksheets/")
        is_shared = info.filename == "xl/sharedStrings.xml"
        max_row = max_col = dim_row = dim_col = 0
        tail = b""
        shared_parts: list[bytes] = []
        for chunk in _scan_part(zf, info):
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
                if not dim_row and (dim := _DIMENSION.search(window)):
                    dim_col, dim_row = column_number(dim.group(1)), int(dim.group(2))
                rows = _ROW_REF.findall(window)
                if rows:
                    max_row = max(max_row, max(map(int, rows)))
                cells = _CELL_REF.findall(window)
                if cells:
                    sheet_cells += len(cells)
                    max_col = max(max_col, max(column_number(c) for c in {c[0] for c in cells}))
                    max_row = max(max_row, max(int(c[1]) for c in cells))
            if is_shared:
                shared_parts.append(chunk)
            tail = window[-64:]
        if is_sheet:
            _check_extent(name, info.filename, max_row, max_col, limits, "reaches")
            _check_extent(name, info.filename, dim_row, dim_col, limits, "declares")
        if is_shared:
            longest_shared = _check_shared_strings(name, b"".join(shared_parts), limits)
    if sheet_cells * longest_shared > 2 * limits.max_uncompressed_bytes:
        raise SpreadsheetError(name, "shared strings would expand beyond the size limit")
