"""Zip bombs up to the caps are refused while the zip is inflated, before the reader
(issue 17): a directory lying about sizes is caught by the ratio of what is actually
inflated, and a sheet with too many rows stops the scan at the first piece past the limit."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import Workbook

from coursekit.config import Limits
from coursekit.interchange import spreadsheet, xlsx_inspect
from coursekit.interchange.spreadsheet import SpreadsheetError, read_sheet
from support.zip_bomb import make_zip_bomb

SHEET = "xl/worksheets/sheet1.xml"


@pytest.fixture
def inflated(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Bytes inflated by the scan (one entry per piece); the reader must never run."""
    pieces: list[int] = []
    real = xlsx_inspect._inflate

    def counting(raw: memoryview) -> Iterator[tuple[bytes, int]]:
        for chunk, consumed in real(raw):
            pieces.append(len(chunk))
            yield chunk, consumed

    def no_reader(*args: object, **kwargs: object) -> None:
        raise AssertionError("the xlsx reader ran on a refused file")

    monkeypatch.setattr(xlsx_inspect, "_inflate", counting)
    monkeypatch.setattr(spreadsheet, "read_in_child", no_reader)
    return pieces


def _sheet_with_rows(path: Path, rows: int, *, crc: int | None = None) -> Path:
    """A valid workbook whose one sheet holds ``rows`` short rows (a forged CRC if given)."""
    template = path.with_suffix(".template.xlsx")
    book = Workbook()
    book.active["A1"] = "Student"  # type: ignore[index]
    book.save(template)
    with zipfile.ZipFile(template) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == SHEET:
                head, _, rest = data.partition(b"<sheetData>")
                _, _, tail = rest.partition(b"</sheetData>")
                body = b"".join(
                    b'<row r="%d"><c r="A%d"><v>%d</v></c></row>' % (r, r, r * 7919 % 1000)
                    for r in range(1, rows + 1)
                )
                data = head + b"<sheetData>" + body + b"</sheetData>" + tail
            dst.writestr(info.filename, data)
    template.unlink()
    if crc is not None:  # in the local header and the central directory
        with zipfile.ZipFile(path) as zf:
            stored = zf.getinfo(SHEET).CRC.to_bytes(4, "little")
        raw = path.read_bytes()
        assert raw.count(stored) == 2
        path.write_bytes(raw.replace(stored, crc.to_bytes(4, "little")))
    return path


def test_a_directory_lying_just_under_the_size_cap_is_refused_after_the_first_mib(
    tmp_path: Path, inflated: list[int]
) -> None:
    """The entry claims 200 MiB (under the 500 MiB cap, ratio under 200 by the directory)
    but inflates a thousand to one: refused on the actual ratio, ~1 MiB in."""
    path = tmp_path / "bomb.xlsx"
    declared = 200 * 2**20
    size, would_inflate = make_zip_bomb(path, compressed_bytes=2**20, declared=declared)
    assert would_inflate > 500 * 2**20 and declared < Limits().max_compression_ratio * size
    with pytest.raises(SpreadsheetError) as caught:
        read_sheet(path, Limits())
    assert str(caught.value) == "bomb.xlsx: compression ratio above the limit (zip bomb?)"
    assert sum(inflated) <= 2 * 2**20


def test_a_sheet_over_the_row_limit_stops_the_scan_at_the_first_piece_past_it(
    tmp_path: Path, inflated: list[int]
) -> None:
    """60,000 rows (~2.8 MB of XML) against a 1,000-row limit: refused in the first MiB;
    the sheet's forged CRC, which only the end of the part would show, is never reached."""
    path = _sheet_with_rows(tmp_path / "rows.xlsx", 60_000, crc=0x1234)
    with zipfile.ZipFile(path) as zf:
        whole = zf.getinfo(SHEET).file_size
    assert whole > 2 * 2**20
    with pytest.raises(SpreadsheetError) as caught:
        read_sheet(path, Limits(max_rows=1_000))
    assert re.fullmatch(
        r"rows\.xlsx: xl/worksheets/sheet1\.xml reaches row \d+: more than 1000 rows \(limit\)",
        str(caught.value),
    )
    assert 0 < sum(inflated) <= 2**20


def test_the_forged_crc_alone_is_still_a_damaged_file(tmp_path: Path, inflated: list[int]) -> None:
    path = _sheet_with_rows(tmp_path / "crc.xlsx", 3_000, crc=0x1234)
    with pytest.raises(SpreadsheetError) as caught:
        read_sheet(path, Limits())
    assert str(caught.value) == "crc.xlsx: not a valid xlsx file (damaged zip entries)"
