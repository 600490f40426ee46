"""The xlsx reader child writes each distinct number's text once (issue 17): the same
texts as ``cell_text`` cell by cell, the old path, on odd values and on a benchmark
gradebook."""

from __future__ import annotations

import io
from datetime import date, datetime, time, timedelta
from pathlib import Path

from python_calamine import CalamineWorkbook

from coursekit.interchange.xlsx_worker import FloatTexts, cell_text, row_texts
from support.bench_data import make_data

ODD = [
    0.0,
    -0.0,
    1.0,
    True,  # == 1.0 and hashes alike: must stay "TRUE"
    1,
    False,
    0,
    2.5,
    1e15,
    1e15 - 1,
    -1e15,
    1e16,
    float("inf"),
    float("-inf"),
    float("nan"),
    0.1 + 0.2,
    "1.0",
    "",
    None,
    datetime(2026, 9, 14, 8, 30),
    date(2026, 9, 14),
    time(8, 30),
    timedelta(days=1.5),
]


def test_row_texts_are_cell_texts_whatever_came_before() -> None:
    floats = FloatTexts()
    for values in (ODD, list(reversed(ODD)), ODD):  # cold, then warm, in both orders
        assert row_texts(values, floats) == [cell_text(v) for v in values]


def test_a_benchmark_gradebook_reads_the_same_texts(tmp_path: Path) -> None:
    make_data(tmp_path, students=300, xlsx=True)
    data = (tmp_path / "comp529-gradebook.xlsx").read_bytes()
    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    rows = list(book.get_sheet_by_name(book.sheet_names[0]).iter_rows())
    assert sum(type(v) is float for row in rows for v in row) > 5_000
    floats = FloatTexts()
    assert [row_texts(row, floats) for row in rows] == [[cell_text(v) for v in r] for r in rows]
