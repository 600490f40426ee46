"""Write one sheet of a ``Report`` as csv: utf-8 with BOM (Excel), every field quoted,
text cells formula-escaped with a reversible leading ``'`` (``cell_safety``)."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from coursekit.domain.cell_safety import escape
from coursekit.domain.report_model import NUMERIC_TYPES, Column, ColumnType, Report, Sheet
from coursekit.interchange.atomic import atomic_path

Progress = Callable[[int], None]
ENCODING = "utf-8-sig"  # the BOM makes Excel read utf-8


def format_number(value: float | int, decimals: int = 2) -> str:
    """Up to ``decimals`` places, trailing zeros dropped: 27.0 -> "27", 8.50 -> "8.5"."""
    if isinstance(value, bool):
        return str(int(value))
    if isinstance(value, int):
        return str(value)
    if value != value or value in (float("inf"), float("-inf")):
        return ""
    text = f"{value:.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def plain_value(column: Column, value: Any) -> str:
    """A cell as text, unescaped (csv and markdown escape it their own way)."""
    if value is None:
        return ""
    if column.type in NUMERIC_TYPES and isinstance(value, (int, float)):
        return format_number(value, 0 if column.type is ColumnType.INTEGER else column.decimals)
    if isinstance(value, datetime):
        moment = value.astimezone(UTC) if value.tzinfo is not None else value
        return moment.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def csv_cells(columns: Sequence[Column], row: Sequence[Any]) -> list[str]:
    """One csv row: numbers as numbers, text escaped against formula triggers."""
    out = []
    for column, value in zip(columns, row, strict=True):
        text = plain_value(column, value)
        if column.type not in NUMERIC_TYPES or not isinstance(value, (int, float)):
            text = escape(text)
        out.append(text)
    return out


def write_rows_csv(
    path: Path,
    header: Sequence[str],
    rows: Iterable[Sequence[str]],
    *,
    progress: Progress | None = None,
) -> Path:
    """Write already-formatted csv cells (each ``escape``-d by the caller) atomically."""
    with atomic_path(path) as tmp, open(tmp, "w", encoding=ENCODING, newline="") as fh:
        writer = csv.writer(fh, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
        writer.writerow([escape(h) for h in header])
        done = count = 0
        for row in rows:
            writer.writerow(row)
            count += 1
            if progress is not None and count % 2_000 == 0:
                progress(count - done)
                done = count
        if progress is not None and count > done:
            progress(count - done)
    return path


def write_sheet_csv(sheet: Sheet, path: Path, *, progress: Progress | None = None) -> Path:
    columns = sheet.columns
    return write_rows_csv(
        path,
        [c.header for c in columns],
        (csv_cells(columns, row) for row in sheet.rows),
        progress=progress,
    )


def write_csv(
    report: Report, path: Path, *, sheet: str | None = None, progress: Progress | None = None
) -> Path:
    """Write the report's main sheet (or ``sheet``) to ``path``."""
    return write_sheet_csv(report.sheet(sheet or report.main_sheet), path, progress=progress)
