"""Hostile xlsx files from the issue-16 attack (reproducers in tests/data/hostile/): the
zip pre-check refuses forged declarations, and the native reader runs in a child process
so that even an abort inside it is one clean error, not the end of this process."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from coursekit.config import Limits
from coursekit.interchange import spreadsheet, xlsx_extent
from coursekit.interchange.spreadsheet import SpreadsheetError, read_sheet
from coursekit.interchange.workbook_sheets import sheet_names
from support.zip_bomb import make_zip_bomb

HOSTILE = Path(__file__).resolve().parents[1] / "data" / "hostile"
SST_BOMB = HOSTILE / "shared-strings-4294967295.xlsx"


def _rewrite(source: Path, target: Path, part: str, old: bytes, new: bytes) -> Path:
    out = io.BytesIO()
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            dst.writestr(info.filename, data.replace(old, new) if info.filename == part else data)
    target.write_bytes(out.getvalue())
    return target


def test_declared_shared_string_count_is_refused_before_parsing() -> None:
    """7 KB file declaring 4,294,967,295 shared strings: calamine reserved ~100 GB and the
    process died of SIGABRT. Now it is one line, in milliseconds."""
    assert SST_BOMB.stat().st_size < 8_000
    with pytest.raises(SpreadsheetError) as caught:
        read_sheet(SST_BOMB, Limits())
    assert str(caught.value).startswith("shared-strings-4294967295.xlsx: shared strings declare")
    with pytest.raises(SpreadsheetError):
        sheet_names(SST_BOMB, Limits())


def test_unique_count_above_the_entries_held_is_refused(tmp_path: Path) -> None:
    path = _rewrite(
        SST_BOMB,
        tmp_path / "u.xlsx",
        "xl/sharedStrings.xml",
        b'count="4294967295" uniqueCount="4294967295"',
        b'count="2" uniqueCount="3"',
    )
    with pytest.raises(SpreadsheetError, match="declare 3 entries but hold 2"):
        read_sheet(path, Limits())
    honest = _rewrite(
        SST_BOMB,
        tmp_path / "ok.xlsx",
        "xl/sharedStrings.xml",
        b'count="4294967295" uniqueCount="4294967295"',
        b'count="2" uniqueCount="2"',
    )
    assert read_sheet(honest, Limits()).header == ["id", "name"]
    assert sheet_names(honest, Limits()) == ["S"]


def test_an_abort_in_the_native_reader_does_not_kill_the_process(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """With the pre-check switched off, the same file really aborts calamine: in the child,
    which this process survives and reports as one line."""
    monkeypatch.setattr(spreadsheet, "check_xlsx", lambda *args: None)
    with pytest.raises(SpreadsheetError) as caught:
        read_sheet(SST_BOMB, Limits())
    message = str(caught.value)
    assert "\n" not in message
    assert "needed more memory than allowed or crashed" in message or "memory" in message


def test_the_child_is_stopped_at_the_time_limit(tmp_path: Path) -> None:
    honest = _rewrite(
        SST_BOMB,
        tmp_path / "ok.xlsx",
        "xl/sharedStrings.xml",
        b'count="4294967295" uniqueCount="4294967295"',
        b'count="2" uniqueCount="2"',
    )
    with pytest.raises(SpreadsheetError, match="longer than 0 s"):
        read_sheet(honest, Limits(max_reader_seconds=0.001))


def test_declared_dimension_is_checked_against_the_limits(tmp_path: Path) -> None:
    path = _rewrite(
        SST_BOMB,
        tmp_path / "dim.xlsx",
        "xl/sharedStrings.xml",
        b'count="4294967295" uniqueCount="4294967295"',
        b'count="2" uniqueCount="2"',
    )
    path = _rewrite(path, tmp_path / "dim2.xlsx", "xl/worksheets/sheet1.xml", b"A1:B2", b"A1:ZZ9")
    with pytest.raises(SpreadsheetError, match="declares column ZZ: more than 100 columns"):
        read_sheet(path, Limits(max_columns=100))
    assert xlsx_extent.column_number(b"ZZ") == 702


@pytest.mark.parametrize(
    ("declared", "expected"),
    [
        (4_000_000_000, "uncompresses to more than the 500 MiB limit"),  # the directory says so
        (1_000, "damaged zip entries"),  # it lies: streaming stops at the declared size
    ],
)
def test_a_15_mb_zip_bomb_is_refused_without_inflating_it(
    tmp_path: Path, declared: int, expected: str
) -> None:
    """bench_reader_memory.py --bomb times this (well under 1 s)."""
    path = tmp_path / "bomb.xlsx"
    size, inflated = make_zip_bomb(path, declared=declared)
    assert size > 14 * 2**20 and inflated > 10 * 2**30
    with pytest.raises(SpreadsheetError, match=expected):
        read_sheet(path, Limits())


def test_fuzz_find_forged_zip_version_is_one_line() -> None:
    """Found by the long fuzz run: a central directory asking for zip version 8.4 made
    zipfile raise NotImplementedError, which escaped the reader."""
    path = HOSTILE / "fuzz-zip-version-8.4.xlsx"
    with pytest.raises(SpreadsheetError, match="damaged or truncated zip"):
        read_sheet(path, Limits())
