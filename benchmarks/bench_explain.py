"""Grade explanation benchmark: open one student's explanation in a 10,000-student course.

Same data as ``bench_engine.py`` (10,000 students × 40 assessments, ≈ 380,000 scores, in a
fresh SQLite file). Times, interleaved, medians of ``--runs``:

- **floor** — ``services.grades.student_grades`` for the same student: the one-student
  grade view the TUI scores tab already opens (course, syllabus, that student's scores,
  the grading engine);
- **explain** — ``services.grade_explanation.explain_grade``: the same reads and grade,
  plus the explanation record;
- **explain by name** — ``explain_student`` (what ``grades --explain ID`` calls): the
  student looked up by id first.

Goal: the explanation opens in the time of the grade view (ratio ≈ 1, well under 0.1 s).

    PYTHONPATH=. python benchmarks/bench_explain.py [--students 10000] [--runs 7]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import tempfile
import time
from pathlib import Path

from sqlalchemy import select

from benchmarks.bench_engine import NOW, populate
from coursekit.config import Settings, default_syllabi_dir, sqlite_url
from coursekit.db import models as m
from coursekit.services.context import ServiceContext
from coursekit.services.views.grade_explanation import explain_grade, explain_student
from coursekit.services.views.grades import student_grades


def timed(call) -> float:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    call()
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--students", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.sqlite3"
        ctx = ServiceContext.open(Settings(sqlite_url(db), Path(tmp), default_syllabi_dir()))
        populate(ctx, db, args.students, random.Random(529))
        with ctx.read() as session:
            eid, sid = session.exec(
                select(m.Enrollment.id, m.Student.student_id)
                .join(m.Student, m.Student.id == m.Enrollment.student_pk)
                .order_by(m.Enrollment.id)
                .offset(args.students // 2)
            ).first()
        explain_grade(ctx, eid, now=NOW)  # warm-up: syllabus cache, page cache
        floor, explain, by_name = [], [], []
        for _ in range(args.runs):
            floor.append(timed(lambda: student_grades(ctx, eid, now=NOW)))
            explain.append(timed(lambda: explain_grade(ctx, eid, now=NOW)))
            by_name.append(timed(lambda: explain_student(ctx, "BENCH", sid, now=NOW)))
        ctx.close()
    f, e, n = (statistics.median(x) * 1000 for x in (floor, explain, by_name))
    print(
        f"{args.students} students: grade view (floor) {f:.1f} ms; explanation {e:.1f} ms "
        f"({e / f:.2f}×); explanation by student id {n:.1f} ms ({n / f:.2f}×); "
        f"load average {os.getloadavg()[0]:.1f}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
