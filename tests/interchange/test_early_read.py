"""An xlsx read begun early (``start_reading``, issue 17: the reader child parses while the
import command imports its modules) gives ``read_sheet`` exactly what reading it then
would have given, or the same refusal; anything else is read afresh."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from coursekit.config import Limits
from coursekit.interchange import early_read, spreadsheet
from coursekit.interchange.spreadsheet import SpreadsheetError, read_sheet, start_reading
from support import import_files as files
from support.bench_data import make_data


@pytest.fixture(autouse=True)
def nothing_left_waiting() -> Iterator[None]:
    yield
    early_read._STARTED.clear()


@pytest.fixture
def inspections(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    seen: list[str] = []
    real = spreadsheet.check_xlsx

    def counting(data: bytes, name: str, limits: Limits) -> bool:
        seen.append(name)
        return real(data, name, limits)

    monkeypatch.setattr(spreadsheet, "check_xlsx", counting)
    return seen


def test_a_benchmark_gradebook_read_early_is_the_same_sheet(
    tmp_path: Path, inspections: list[str]
) -> None:
    make_data(tmp_path, students=300, xlsx=True)
    book = tmp_path / "comp529-gradebook.xlsx"
    direct = read_sheet(book, Limits())
    start_reading(book, Limits())
    assert early_read.pending()
    assert read_sheet(book, Limits()) == direct
    assert not early_read.pending() and len(inspections) == 2  # once each, not again
    assert read_sheet(book, Limits()) == direct  # taken once: then read as usual


def test_a_refusal_found_early_is_the_same_refusal(tmp_path: Path, inspections: list[str]) -> None:
    book = files.make_xlsx(tmp_path / "wide.xlsx", [[f"c{i}" for i in range(12)]])
    with pytest.raises(SpreadsheetError) as direct:
        read_sheet(book, Limits(max_columns=10))
    start_reading(book, Limits(max_columns=10))
    with pytest.raises(SpreadsheetError) as early:
        read_sheet(book, Limits(max_columns=10))
    assert str(early.value) == str(direct.value) and "columns (limit)" in str(direct.value)
    assert len(inspections) == 2


def test_a_file_changed_meanwhile_is_read_again(tmp_path: Path) -> None:
    book = files.make_xlsx(tmp_path / "g.xlsx", [["Student", "ID"], ["A, B", "1"]])
    start_reading(book, Limits())
    files.make_xlsx(tmp_path / "new.xlsx", [["Student", "ID"], ["C, D", "2"], ["E, F", "3"]])
    os.replace(tmp_path / "new.xlsx", book)
    assert read_sheet(book, Limits()).rows == [["C, D", "2"], ["E, F", "3"]]


def test_other_limits_sheet_or_head_read_afresh(tmp_path: Path) -> None:
    book = files.make_xlsx(tmp_path / "g.xlsx", [["Student", "ID"], ["A, B", "1"]], sheet="One")
    start_reading(book, Limits())
    with pytest.raises(SpreadsheetError, match="no sheet named 'Two'"):
        read_sheet(book, Limits(), sheet="Two")
    assert read_sheet(book, Limits(max_rows=5), head=1).rows == []
    assert early_read.pending()  # still there for the read it was started for
    assert read_sheet(book, Limits()).rows == [["A, B", "1"]]
    assert not early_read.pending()


def test_csv_and_missing_files_start_nothing(tmp_path: Path) -> None:
    start_reading(files.write_csv(tmp_path / "g.csv", [["Student", "ID"]]), Limits())
    start_reading(tmp_path / "missing.xlsx", Limits())
    assert not early_read.pending()
