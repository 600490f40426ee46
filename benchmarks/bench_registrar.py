"""Registrar fill benchmark: the grade column of a 10,000-row registrar workbook.

The course of ``bench_engine.py`` (10,000 students × 40 assessments) in a fresh SQLite
file, and a registrar-style template built with openpyxl: a title row, headers, 10,000
rows of ids and names, a grade column with a data-validation list on a second sheet, a
formula column, a protected sheet, an instructions sheet. Interleaved, medians of
``--runs``:

- **floor** — openpyxl loading the template and saving it unchanged (the cost any
  openpyxl-based fill pays; XlsxWriter cannot edit an existing workbook);
- **fill** — ``interchange.registrar.fill_workbook`` with grades already computed
  (safety checks, header search, matching, validation, protection, atomic 0600 write);
- **end to end** — ``services.registrar.fill_final_grades``: grades from the
  database, then the fill.

    PYTHONPATH=. python benchmarks/bench_registrar.py [--students 10000] [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import openpyxl
from openpyxl.styles import Font, Protection
from openpyxl.worksheet.datavalidation import DataValidation

from benchmarks.bench_engine import NOW, populate
from coursekit.config import Limits, Settings, default_syllabi_dir, sqlite_url
from coursekit.interchange.registrar import fill_workbook
from coursekit.services.context import ServiceContext
from coursekit.services.reporting.registrar import fill_final_grades, final_grade_values

LETTERS = ["A", "B", "C", "D", "F"]  # bench_engine's letter scheme


def build_template(path: Path, ids: list[str]) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Grades"
    ws["A1"] = "Registrar grade sheet"
    ws["A1"].font = Font(bold=True)
    for col, header in enumerate(["Student ID", "Name", "Final Grade", "Points"], start=1):
        ws.cell(row=2, column=col, value=header).font = Font(bold=True)
    for i, sid in enumerate(ids):
        r = i + 3
        ws.cell(row=r, column=1, value=sid)
        ws.cell(row=r, column=2, value=f"Student {int(sid)}")
        ws.cell(row=r, column=3).protection = Protection(locked=False)
        ws.cell(row=r, column=4, value=f'=IFERROR(VLOOKUP(C{r},Lists!$A$1:$B$5,2,FALSE),"")')
    dv = DataValidation(type="list", formula1="Lists!$A$1:$A$5", allow_blank=True)
    dv.add(f"C3:C{len(ids) + 2}")
    ws.add_data_validation(dv)
    ws.protection.sheet = True
    lists = wb.create_sheet("Lists")
    for i, letter in enumerate(LETTERS, start=1):
        lists.cell(row=i, column=1, value=letter)
        lists.cell(row=i, column=2, value=float(5 - i))
    wb.create_sheet("Instructions")["A1"] = "Upload unchanged."
    wb.save(path)


def timed(func, *args, **kwargs) -> float:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    func(*args, **kwargs)
    return time.perf_counter() - started


def resave(template: Path, out: Path) -> None:
    openpyxl.load_workbook(template).save(out)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--students", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        db = base / "bench.sqlite3"
        ctx = ServiceContext.open(Settings(sqlite_url(db), base, default_syllabi_dir()))
        populate(ctx, db, args.students, random.Random(529))
        grades, _ = final_grade_values(ctx, "BENCH", what="letter", now=NOW)
        template = base / "registrar.xlsx"
        build_template(template, sorted(grades))
        print(f"template: {len(grades):,} rows, {template.stat().st_size / 2**20:.1f} MiB")
        runs = []
        for i in range(args.runs):
            floor = timed(resave, template, base / f"floor{i}.xlsx")
            fill = timed(fill_workbook, template, base / f"fill{i}.xlsx", grades, limits=Limits())
            e2e = timed(fill_final_grades, ctx, "BENCH", template, base / f"e2e{i}.xlsx", now=NOW)
            runs.append((floor, fill, e2e))
        check = openpyxl.load_workbook(base / "fill0.xlsx")["Grades"]
        filled = sum(1 for r in range(3, len(grades) + 3) if check.cell(row=r, column=3).value)
        ctx.close()
    floor, fill, e2e = (statistics.median(r[k] for r in runs) for k in range(3))
    print(f"grade cells filled: {filled:,}")
    print(f"{'stage (medians)':<44}{'seconds':>9}{'vs floor':>10}")
    for name, value in (
        ("floor: openpyxl load + save, unchanged", floor),
        ("fill_workbook (grades computed)", fill),
        ("end to end: grades from the database + fill", e2e),
    ):
        print(f"{name:<44}{value:>9.2f}{value / floor:>9.2f}×")
    print(f"load average {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
