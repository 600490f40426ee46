"""Course engine benchmark: every student's grade, credits and readiness, from the database.

10,000 students × 40 assessments (≈ 380,000 score rows), 11 credit events and 3 practice
attempts per student, in a fresh SQLite file (inserted with Core ``insert``). Times the
three services end to end (``grade_rows`` + ``credit_rows`` + ``readiness_rows``) and,
as the floor, a raw DBAPI fetch of the same rows. Goal: services ≤ 2 s. Also times the
TUI dashboard's one service call (``course_dashboard.dashboard``), outside the total.

    PYTHONPATH=. python benchmarks/bench_engine.py [--students 10000] [--runs 3]
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert, select

from coursekit.config import Settings, default_syllabi_dir, sqlite_url
from coursekit.db import models as m
from coursekit.services.context import ServiceContext
from coursekit.services.courses import init_course
from coursekit.services.views.course_dashboard import dashboard
from coursekit.services.views.credits import credit_rows
from coursekit.services.views.grades import grade_rows
from coursekit.services.views.readiness import readiness_rows

NOW = datetime(2026, 12, 1, 12, tzinfo=UTC)  # every assessment is due by now
START = datetime(2026, 8, 31, tzinfo=UTC)
CHUNK = 20_000
KINDS = ["guided_lab"] * 14 + ["challenge_lab"] * 8 + ["knowledge_check"] * 17 + ["project"]
CATEGORY = {
    "guided_lab": "Guided labs",
    "challenge_lab": "Challenge labs",
    "knowledge_check": "Knowledge checks",
    "project": "Capstone",
}
POINTS = {"guided_lab": 30, "challenge_lab": 45, "knowledge_check": 10, "project": 100}


def syllabus_text() -> str:
    head = """[course]
code = "BENCH"
title = "Benchmark course"
term = "Fall 2026"
starts_on = 2026-08-31
ends_on = 2026-12-18
accounts_close_on = 2026-12-31
credit_budget_usd = 100.0
exam = "SAA-C03"

[grading.late]
deduction_percent = 10.0
per = "day"
floor_percent = 50.0
missing_percent = 0.0

[[grading.categories]]
name = "Guided labs"
weight = 30
drop_lowest = 1

[[grading.categories]]
name = "Challenge labs"
weight = 30

[[grading.categories]]
name = "Knowledge checks"
weight = 15
drop_lowest = 2

[[grading.categories]]
name = "Capstone"
weight = 25

[[grading.letters]]
letter = "A"
min = 90

[[grading.letters]]
letter = "F"
min = 0
"""
    items = []
    for i, kind in enumerate(KINDS):
        due = (START + timedelta(days=7 + 2 * i)).strftime("%Y-%m-%dT23:59:00Z")
        threshold = {
            "guided_lab": "\npass_threshold = 75",
            "challenge_lab": "\npass_threshold = 60",
        }
        items.append(
            f'[[assessments]]\nkey = "{9000 + i}"\ntitle = "Item {i}"\nkind = "{kind}"\n'
            f'category = "{CATEGORY[kind]}"\npoints = {POINTS[kind]}{threshold.get(kind, "")}\n'
            f"due = {due}\ndomains = [{i % 4 + 1}]\n"
        )
    return head + "\n" + "\n".join(items)


def chunked(rows: list[dict], size: int = CHUNK):  # type: ignore[no-untyped-def]
    for i in range(0, len(rows), size):
        yield rows[i : i + size]


def populate(ctx: ServiceContext, path: Path, students: int, rng: random.Random) -> dict[str, int]:
    syllabus = path.parent / "bench.toml"
    syllabus.write_text(syllabus_text(), encoding="utf-8")
    init_course(ctx, syllabus)
    counts = {"scores": 0, "credit_events": 0, "attempts": 0}
    with ctx.engine.begin() as conn:
        course_id = conn.execute(select(m.Course.id)).scalar_one()
        assessments = conn.execute(
            select(m.Assessment.id, m.Assessment.points_possible, m.Assessment.due_at)
        ).all()
        conn.execute(
            insert(m.Student.__table__),
            [
                {
                    "student_id": f"{i:08d}",
                    "name": f"Student {i}",
                    "sortable_name": f"{i:08d}",
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
                    "section": f"S{i % 4}",
                    "status": "active",
                    "enrolled_at": START,
                    "version": 1,
                }
                for i in range(students)
            ],
        )
        for lo in range(0, students, 1000):
            scores, credits, attempts = [], [], []
            for eid in range(lo + 1, min(students, lo + 1000) + 1):
                skill = rng.uniform(0.4, 1.0)
                for aid, possible, due in assessments:
                    roll = rng.random()
                    if roll < 0.05 or due > NOW:
                        continue  # no row: not submitted (missing policy / not due)
                    status = "excused" if roll < 0.06 else "graded"
                    share = min(1, skill + rng.gauss(0, 0.15))
                    points = None if status == "excused" else round(possible * share, 1)
                    hours = rng.choice([-30, -5, -1, 2, 30]) if roll > 0.5 else -3
                    late = timedelta(hours=hours)  # 2 in 10 submissions are late
                    scores.append(
                        {
                            "enrollment_id": eid,
                            "assessment_id": aid,
                            "points": points,
                            "status": status,
                            "submitted_at": due + late,
                            "extended_due_at": None,
                            "manual": False,
                            "batch_id": None,
                            "updated_at": NOW,
                            "version": 1,
                        }
                    )
                credits.append(
                    {
                        "enrollment_id": eid,
                        "at": START,
                        "kind": "grant",
                        "amount_usd": 100.0,
                        "source": "bench",
                        "batch_id": None,
                    }
                )
                spent = 0.0
                for day in range(10):
                    spent += rng.uniform(0, 2.5)
                    at = NOW - timedelta(days=9 - day, hours=rng.uniform(0, 10))
                    credits.append(
                        {
                            "enrollment_id": eid,
                            "at": at,
                            "kind": "usage_snapshot",
                            "amount_usd": round(spent, 2),
                            "source": "bench",
                            "batch_id": None,
                        }
                    )
                for k in range(3):
                    attempts.append(
                        {
                            "enrollment_id": eid,
                            "exam_code": "SAA-C03",
                            "taken_at": NOW - timedelta(days=10 * k + 1),
                            "percent": None,
                            "scaled_score": None,
                            "minutes": 120.0,
                            "questions": 65,
                            "batch_id": None,
                            "domain_percents": {
                                str(d): round(100 * min(1, skill + rng.gauss(0, 0.1)), 1)
                                for d in range(1, 5)
                            },
                        }
                    )
            for rows in chunked(scores):
                conn.execute(insert(m.Score.__table__), rows)
            conn.execute(insert(m.CreditEvent.__table__), credits)
            conn.execute(insert(m.PracticeAttempt.__table__), attempts)
            counts["scores"] += len(scores)
            counts["credit_events"] += len(credits)
            counts["attempts"] += len(attempts)
    return counts


FLOOR_QUERIES = (
    "SELECT e.id, s.id, s.student_id, s.name, s.sortable_name, e.section, e.status, "
    "e.override_percent, e.version FROM enrollment e JOIN student s ON s.id = e.student_pk "
    "WHERE e.course_id = 1 AND e.status = 'active' ORDER BY s.sortable_name, s.student_id",
    "SELECT sc.enrollment_id, a.key, sc.points, sc.status, sc.submitted_at, sc.extended_due_at "
    "FROM score sc JOIN assessment a ON a.id = sc.assessment_id WHERE a.course_id = 1",
    "SELECT ce.enrollment_id, ce.at, ce.kind, ce.amount_usd FROM creditevent ce "
    "JOIN enrollment e ON e.id = ce.enrollment_id WHERE e.course_id = 1",
    "SELECT pa.enrollment_id, pa.exam_code, pa.taken_at, pa.percent, pa.scaled_score, "
    "pa.domain_percents, pa.minutes, pa.questions FROM practiceattempt pa "
    "JOIN enrollment e ON e.id = pa.enrollment_id WHERE e.course_id = 1",
)


def floor(ctx: ServiceContext) -> float:
    """Raw DBAPI fetch of the rows the three views read (scores fetched once), with the
    cyclic GC paused as the services do."""
    raw = ctx.engine.raw_connection()
    gc.disable()
    try:
        started = time.perf_counter()
        cursor = raw.cursor()
        for sql in FLOOR_QUERIES:
            cursor.execute(sql)
            cursor.fetchall()
        return time.perf_counter() - started
    finally:
        gc.enable()
        raw.close()


def services(ctx: ServiceContext) -> dict[str, float]:
    times = {}
    for name, view in (
        ("grades", grade_rows),
        ("credits", credit_rows),
        ("readiness", readiness_rows),
    ):
        started = time.perf_counter()
        rows = view(ctx, "BENCH", now=NOW)
        times[name] = time.perf_counter() - started
        assert rows
    times["total"] = sum(times.values())
    started = time.perf_counter()  # the TUI's dashboard: one call, not part of the total
    assert dashboard(ctx, "BENCH", now=NOW).active
    times["dashboard"] = time.perf_counter() - started
    return times


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--students", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.sqlite3"
        ctx = ServiceContext.open(Settings(sqlite_url(db), Path(tmp), default_syllabi_dir()))
        started = time.perf_counter()
        counts = populate(ctx, db, args.students, random.Random(529))
        print(
            f"populated {args.students} students × {len(KINDS)} assessments: {counts} "
            f"in {time.perf_counter() - started:.1f} s"
        )
        services(ctx)  # warm-up: syllabus parse cache, SQLite page cache
        runs = []
        for _ in range(args.runs):  # interleaved with the floor, medians reported
            runs.append((services(ctx), floor(ctx)))
        ctx.close()
    med = {k: statistics.median(r[0][k] for r in runs) for k in runs[0][0]}
    raw = statistics.median(r[1] for r in runs)
    print(
        f"grades {med['grades']:.2f} s, credits {med['credits']:.2f} s, "
        f"readiness {med['readiness']:.2f} s; dashboard (one call) {med['dashboard']:.2f} s"
    )
    print(
        f"services total {med['total']:.2f} s (goal ≤ 2 s); raw fetch floor {raw:.2f} s; "
        f"ratio {med['total'] / raw:.1f}×; load average {os.getloadavg()[0]:.1f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
