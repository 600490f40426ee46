"""Reports benchmark: the grades xlsx for 10,000 students × 40 assessments.

Side by side in one run, interleaved, medians of ``--runs`` (≥ 3):

- **raw**: XlsxWriter ``constant_memory`` writing exactly the cells of coursekit's
  workbook (every sheet: All, one per section, Distribution, Sections, About) with
  ``write_string``/``write_number`` and nothing else: no formats, widths, freeze
  panes, filters, conditional formats, charts or text cleaning — the floor;
- **writer**: ``report_xlsx.write_xlsx`` from the already built report model
  (formats, conditional formats, chart, cleaning, atomic 0600 write); goal ≤ 1.5× raw;
- **end to end**: ``services.reports.write_report`` from the database (engine grades,
  scores query, model, writer), reported against the same floor.

    PYTHONPATH=. python benchmarks/bench_reports.py [--students 10000] [--runs 3]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import xlsxwriter
from sqlalchemy import insert, select

from coursekit.config import Settings, default_syllabi_dir, sqlite_url
from coursekit.db import models as m
from coursekit.domain.report_model import Report, sheet_name
from coursekit.interchange.report_xlsx import write_xlsx
from coursekit.services.context import ServiceContext
from coursekit.services.courses import init_course
from coursekit.services.reporting.reports import build_report, write_report

NOW = datetime(2026, 12, 1, 12, tzinfo=UTC)
START = datetime(2026, 8, 31, tzinfo=UTC)
ASSESSMENTS = 40
CATEGORIES = (
    ("Guided labs", 30, "guided_lab", 30),
    ("Challenge labs", 30, "challenge_lab", 45),
    ("Knowledge checks", 15, "knowledge_check", 10),
    ("Capstone", 25, "project", 100),
)


def syllabus_text() -> str:
    lines = [
        '[course]\ncode = "BENCH"\ntitle = "Benchmark course"\nterm = "Fall 2026"',
        "starts_on = 2026-08-31\nends_on = 2026-12-18\naccounts_close_on = 2026-12-31",
        'credit_budget_usd = 100.0\nexam = "SAA-C03"\n',
        '[grading.late]\ndeduction_percent = 10.0\nper = "day"\nfloor_percent = 50.0',
        "missing_percent = 0.0\n",
    ]
    for name, weight, _, _ in CATEGORIES:
        lines.append(f'[[grading.categories]]\nname = "{name}"\nweight = {weight}\n')
    for letter, low in (("A", 90), ("B", 80), ("C", 70), ("D", 60), ("F", 0)):
        lines.append(f'[[grading.letters]]\nletter = "{letter}"\nmin = {low}\n')
    for i in range(ASSESSMENTS):
        name, _, kind, points = CATEGORIES[min(i * len(CATEGORIES) // ASSESSMENTS, 3)]
        due = (START + timedelta(days=7 + 2 * i)).strftime("%Y-%m-%dT23:59:00Z")
        lines.append(
            f'[[assessments]]\nkey = "{9000 + i}"\ntitle = "Assessment {i + 1}"\n'
            f'kind = "{kind}"\ncategory = "{name}"\npoints = {points}\ndue = {due}\n'
        )
    return "\n".join(lines)


def populate(ctx: ServiceContext, tmp: Path, students: int, rng: random.Random) -> int:
    path = tmp / "bench.toml"
    path.write_text(syllabus_text(), encoding="utf-8")
    init_course(ctx, path)
    count = 0
    with ctx.engine.begin() as conn:
        course_id = conn.execute(select(m.Course.id)).scalar_one()
        assessments = conn.execute(select(m.Assessment.id, m.Assessment.points_possible)).all()
        conn.execute(
            insert(m.Student.__table__),
            [
                {
                    "student_id": f"{i:08d}",
                    "name": f"Student {i}",
                    "sortable_name": f"S{i:08d}",
                    "email": f"s{i}@example.edu",
                    "lms_id": str(100_000 + i),
                    "version": 1,
                }
                for i in range(students)
            ],
        )
        conn.execute(
            insert(m.Enrollment.__table__),
            [
                {
                    "course_id": course_id,
                    "student_pk": i + 1,
                    "section": f"Section {i % 4 + 1}",
                    "status": "active",
                    "enrolled_at": START,
                    "version": 1,
                }
                for i in range(students)
            ],
        )
        for lo in range(0, students, 500):
            rows = []
            for eid in range(lo + 1, min(students, lo + 500) + 1):
                skill = rng.uniform(0.4, 1.0)
                for aid, possible in assessments:
                    roll = rng.random()
                    if roll < 0.04:
                        continue
                    excused = roll < 0.05
                    rows.append(
                        {
                            "enrollment_id": eid,
                            "assessment_id": aid,
                            "points": None if excused else round(possible * min(1, skill), 1),
                            "status": "excused" if excused else "graded",
                            "submitted_at": None,
                            "extended_due_at": None,
                            "manual": False,
                            "batch_id": None,
                            "updated_at": NOW,
                            "version": 1,
                        }
                    )
            conn.execute(insert(m.Score.__table__), rows)
            count += len(rows)
    return count


def raw_cells(report: Report, path: Path) -> float:
    """The floor: the same cells, XlsxWriter constant_memory, nothing else."""
    started = time.perf_counter()
    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    taken: list[str] = []
    for sheet in report.sheets:
        name = sheet_name(sheet.name, taken)
        taken.append(name)
        ws = wb.add_worksheet(name)
        write_string, write_number = ws.write_string, ws.write_number
        for c, column in enumerate(sheet.columns):
            write_string(0, c, column.header)
        for r, row in enumerate(sheet.rows, start=1):
            for c, value in enumerate(row):
                if value is None:
                    continue
                if type(value) is str:
                    write_string(r, c, value)
                else:
                    write_number(r, c, value)
    ws = wb.add_worksheet("About")
    for r, (key, value) in enumerate([("report", report.title), *report.meta]):
        ws.write_string(r, 0, key)
        ws.write_string(r, 1, value)
    wb.close()
    return time.perf_counter() - started


def timed(func, *args, **kwargs) -> float:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    func(*args, **kwargs)
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--students", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    runs = max(3, args.runs)
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        ctx = ServiceContext.open(
            Settings(sqlite_url(tmp / "bench.sqlite3"), tmp, default_syllabi_dir())
        )
        started = time.perf_counter()
        scores = populate(ctx, tmp, args.students, random.Random(6))
        print(
            f"populated {args.students} students × {ASSESSMENTS} assessments "
            f"({scores} scores) in {time.perf_counter() - started:.1f} s"
        )
        started = time.perf_counter()
        report = build_report(ctx, "grades", course="BENCH", now=NOW)
        build = time.perf_counter() - started
        cells = report.cell_count
        print(f"report model: {len(report.sheets)} sheets, {cells:,} cells, built in {build:.2f} s")
        results: dict[str, list[float]] = {"raw": [], "writer": [], "end_to_end": []}
        for i in range(runs):  # interleaved
            results["raw"].append(raw_cells(report, tmp / f"raw{i}.xlsx"))
            results["writer"].append(timed(write_xlsx, report, tmp / f"writer{i}.xlsx"))
            results["end_to_end"].append(
                timed(write_report, ctx, "grades", tmp / f"e2e{i}.xlsx", course="BENCH", now=NOW)
            )
        ctx.close()
        size = (tmp / "writer0.xlsx").stat().st_size
    med = {k: statistics.median(v) for k, v in results.items()}
    raw = med["raw"]
    print(f"medians of {runs} interleaved runs (xlsx {size / 1e6:.1f} MB):")
    print(f"  raw XlsxWriter constant_memory, same cells  {raw:6.2f} s  1.00×")
    print(
        f"  coursekit writer (from the report model)    {med['writer']:6.2f} s  "
        f"{med['writer'] / raw:.2f}×  (goal ≤ 1.5×)"
    )
    print(
        f"  coursekit end to end (database → xlsx)      {med['end_to_end']:6.2f} s  "
        f"{med['end_to_end'] / raw:.2f}×"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
