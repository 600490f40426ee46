"""Builders for import fixture files (the import, reader and service tests)."""

from __future__ import annotations

import csv
import zipfile
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path


def make_xlsx(path: Path, rows: Sequence[Sequence[object]], sheet: str = "Sheet1") -> Path:
    import xlsxwriter

    workbook = xlsxwriter.Workbook(
        str(path),
        {"strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False},
    )
    worksheet = workbook.add_worksheet(sheet)
    date_format = workbook.add_format({"num_format": "yyyy-mm-dd"})
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if isinstance(value, datetime):
                worksheet.write_datetime(r, c, value, date_format)
            elif isinstance(value, str):
                worksheet.write_string(r, c, value)
            elif value is not None:
                worksheet.write(r, c, value)
    workbook.close()
    return path


def write_csv(path: Path, rows: Sequence[Sequence[object]], delimiter: str = ",") -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, delimiter=delimiter).writerows(rows)
    return path


def rewrite_zip(source: Path, target: Path, part: str, change: Callable[[bytes], bytes]) -> Path:
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for name in zin.namelist():
            data = zin.read(name)
            zout.writestr(name, change(data) if name == part else data)
    return target


def gradebook_rows(
    students: Sequence[tuple[str, str, str, str]],
    columns: Sequence[tuple[str, float]],
    scores: Sequence[Sequence[str]],
    *,
    sis: Sequence[str] | None = None,
    test_student: bool = True,
) -> list[list[str]]:
    """An AWS Academy-style export: ``students`` are (sortable name, Canvas ID, login,
    section); ``columns`` are (``Title (id)``, points); ``scores`` are cell texts."""
    head = [
        "Student",
        "ID",
        *(["SIS User ID"] if sis is not None else []),
        "SIS Login ID",
        "Section",
    ]
    info = len(head)
    rows = [head + [c[0] for c in columns] + ["Current Score", "Final Score"]]
    rows.append(
        ["    Points Possible"]
        + [""] * (info - 1)
        + [f"{c[1]:.2f}" for c in columns]
        + ["(read only)", "(read only)"]
    )
    for index, (student, cells) in enumerate(zip(students, scores, strict=True)):
        name, canvas_id, login, section = student
        ids = [sis[index]] if sis is not None else []
        rows.append([name, canvas_id, *ids, login, section, *cells, "99", "1"])
    if test_student:
        rows.append(
            [
                "Student, Test",
                "999",
                *([""] if sis is not None else []),
                "",
                "S1",
                *["1"] * len(columns),
                "",
                "",
            ]
        )
    return rows
