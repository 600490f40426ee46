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
  farthest cell, so one forged ``XFD1048576`` cell would exhaust memory); measured
  by ``xlsx_extent``, piece by piece;
- shared strings: the declared ``count``/``uniqueCount`` must match what the
  part can hold (calamine reserves ``uniqueCount`` entries up front: a 7 KB
  file declaring 4,294,967,295 made it allocate ~100 GB and abort the process),
  and the sheets' cells times the longest entry must stay within twice the size
  limit (cells are counted from above while streaming, exactly only when that
  bound is over, by inflating the sheets again).

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
from coursekit.interchange.sheet_error import SpreadsheetError
from coursekit.interchange.xlsx_extent import SheetExtent, count_cells

_DTD = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
FORMULA_TAG = re.compile(rb"<(?:\w+:)?f\b")
_SHARED_STRING = re.compile(rb"<(?:\w+:)?si\b.*?</(?:\w+:)?si>", re.DOTALL)
_SI_OPEN = re.compile(rb"<(?:\w+:)?si[\s/>]")
_SST_TAG = re.compile(rb"<(?:\w+:)?sst\b[^>]{0,4000}>")
_SST_COUNT = re.compile(rb"\s(count|uniqueCount)\s*=\s*[\"']\s*([^\"']{0,40})[\"']")
_CHUNK = 1 << 20
_RATIO_MESSAGE = "compression ratio above the limit (zip bomb?)"
_FEED = 1 << 16  # compressed bytes per inflate step: the ratio is checked at this grain
_LOCAL_HEADER = struct.Struct("<4s22xHH")
_TAIL = 1 << 16  # longest tag carried across pieces
_SHARED_PART = "xl/sharedStrings.xml"
_F_LOOKS = 4096  # "f" bytes looked at one by one before scanning the piece for "<f", ":f"


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
    has_shared = any(i.filename == _SHARED_PART for i in infos)
    sheets: list[zipfile.ZipInfo] = []
    for info in infos:
        if not info.filename.endswith((".xml", ".rels", ".vml")):
            continue
        sheet = None
        if info.filename.startswith("xl/worksheets/"):
            sheet = SheetExtent(info.filename, count_cells=has_shared)
            sheets.append(info)
        is_shared = info.filename == _SHARED_PART
        shared_parts: list[bytes] = []
        for body, inflated in _bodies(data, zf, info, limits):
            total += inflated
            if total > limits.max_uncompressed_bytes:
                raise SpreadsheetError(name, "uncompresses beyond the size limit (zip bomb?)")
            _refuse_entities(body, name, info.filename)
            if sheet is not None:
                sheet.add(body, name, limits)
                formulas = formulas or _has_formula(body)
            if is_shared:
                shared_parts.append(body)
        if sheet is not None:
            sheet_cells += sheet.cells
        if is_shared:
            longest_shared = _check_shared_strings(name, b"".join(shared_parts), limits)
    limit = 2 * limits.max_uncompressed_bytes
    if sheet_cells * longest_shared > limit:  # a bound from above: count exactly
        sheet_cells = sum(count_cells(b) for i in sheets for b, _ in _bodies(data, zf, i, limits))
        if sheet_cells * longest_shared > limit:
            raise SpreadsheetError(name, "shared strings would expand beyond the size limit")
    return formulas


def _bodies(
    data: bytes, zf: zipfile.ZipFile, info: zipfile.ZipInfo, limits: Limits
) -> Iterator[tuple[bytes, int]]:
    """One part's XML as it is inflated, cut after complete tags (the unfinished last tag
    is carried to the next piece; the last piece is what is left at the end), each with
    the bytes inflated for it."""
    tail = b""
    for chunk in _scan_part(data, zf, info, limits):
        window = tail + chunk
        cut = _complete_tags(window)
        body, tail = window[:cut], window[cut:]
        yield body, len(chunk)
    yield tail, 0


def _refuse_entities(body: bytes, name: str, part: str) -> None:
    if b"!" in body and _DTD.search(body):
        raise SpreadsheetError(
            name, f"{part} declares a DTD or XML entities (refused: entity-expansion/XXE risk)"
        )


def _has_formula(body: bytes) -> bool:
    """A formula tag (``<f>``, ``<x:f …>``) holds an ``f`` right after ``<`` or ``:``.
    The first few ``f`` bytes are found with ``find`` (few in a sheet of numbers and
    shared strings), then ``in`` over the piece; the regex only on a hint."""
    at = body.find(b"f")
    for _ in range(_F_LOOKS):
        if at < 0:
            return False
        if at and body[at - 1] in b"<:":
            return FORMULA_TAG.search(body) is not None
        at = body.find(b"f", at + 1)
    return (b"<f" in body or b":f" in body) and FORMULA_TAG.search(body) is not None
