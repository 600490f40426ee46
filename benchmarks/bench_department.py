"""A department on one PostgreSQL database: 40 courses × 2,500 students, and one course's
views timed there against the same course alone in SQLite.

    python benchmarks/bench_department.py DBNAME [--courses 40] [--students 2500]
        [--runs 3] [--pg-admin postgresql://postgres@127.0.0.1:5432/postgres]

Creates the PostgreSQL database DBNAME on the admin server (refuses if it exists), fills
it and drops it at the end, whatever happens. Data (``bench_engine``'s benchmark
syllabus and distributions, one copy per course, codes D000…): per course 2,500 students
and enrollments, ≈ 95,000 scores (5 % never submitted, 1 % excused, 2 in 10 late), a
grant and 10 spend snapshots per student, 3 practice attempts per student — at 40
courses 100,000 enrollments, ≈ 3.8 million scores (every assessment is due: ≈ 95 % of
the 4,000,000 cells), 1.1 million credit events, 300,000 attempts. Rows go in with
``db.bulk.bulk_insert`` (COPY on PostgreSQL), course by course. The same
generator, same seed, fills one course alone into a SQLite file.

Then, interleaved PostgreSQL / SQLite, medians of ``--runs``, for the middle course:
``grade_rows``, ``lab_matrix``, ``credit_rows``, ``readiness_rows``, the dashboard, the
grades report written to xlsx, and the import of a new 2,500-student gradebook
(``make_data.py``, plan + apply, undone after each run) into one more course (COMP529),
and that import's floor (``write_floor``: its batch, students, enrollments and scores
through ``bulk_insert`` alone, rolled back), so the import shows against what the
database itself costs for the same rows.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_engine import NOW, START, syllabus_text  # noqa: E402
from sqlalchemy import select, text  # noqa: E402

from coursekit.config import Settings, default_syllabi_dir, sqlite_url  # noqa: E402
from coursekit.db import models as m  # noqa: E402
from coursekit.db.bulk import bulk_insert  # noqa: E402
from coursekit.services.context import ServiceContext  # noqa: E402
from coursekit.services.courses import init_course  # noqa: E402

PG_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
SCORE_COLS = (
    "enrollment_id", "assessment_id", "points", "status", "submitted_at", "manual",
    "updated_at", "version",
)  # fmt: skip
IMPORT, FLOOR = "import gradebook (plan + apply)", "floor: the import's rows alone (rolled back)"
CREDIT_COLS = ("enrollment_id", "at", "kind", "amount_usd", "source")
FLOOR_SCORE_COLS = (
    "enrollment_id", "assessment_id", "points", "status", "manual", "batch_id", "updated_at",
    "version",
)  # fmt: skip
ATTEMPT_COLS = ("enrollment_id", "exam_code", "taken_at", "minutes", "questions",
                "domain_percents")  # fmt: skip


def context(url: str, directory: Path) -> ServiceContext:
    settings = Settings(
        db_url=url, data_dir=directory, syllabi_dir=default_syllabi_dir(), actor="bench"
    )
    return ServiceContext.open(settings)


def add_course(ctx: ServiceContext, code: str, students: int, seed: int, work: Path) -> None:
    """One course from the benchmark syllabus, filled as ``bench_engine.populate`` does."""
    syllabus = work / f"{code}.toml"
    syllabus.write_text(syllabus_text().replace('code = "BENCH"', f'code = "{code}"', 1))
    init_course(ctx, syllabus)
    rng = random.Random(seed)
    with ctx.engine.begin() as conn:
        course_id = conn.execute(select(m.Course.id).where(m.Course.code == code)).scalar_one()
        assessments = conn.execute(
            select(m.Assessment.id, m.Assessment.points_possible, m.Assessment.due_at)
            .where(m.Assessment.course_id == course_id)
            .order_by(m.Assessment.id)
        ).all()
        first = f"{code}-"
        bulk_insert(
            conn, m.Student.__table__, ("student_id", "name", "sortable_name", "version"),
            [(f"{first}{i:06d}", f"Student {i}", f"{i:06d}", 1) for i in range(students)],
        )  # fmt: skip
        pks = conn.execute(
            text("SELECT id FROM student WHERE student_id LIKE :p ORDER BY student_id"),
            {"p": f"{first}%"},
        ).scalars().all()  # fmt: skip
        bulk_insert(
            conn, m.Enrollment.__table__,
            ("course_id", "student_pk", "section", "status", "enrolled_at", "version"),
            [(course_id, pk, f"S{i % 4}", "active", START, 1) for i, pk in enumerate(pks)],
        )  # fmt: skip
        eids = conn.execute(
            select(m.Enrollment.id).where(m.Enrollment.course_id == course_id)
            .order_by(m.Enrollment.id)
        ).scalars().all()  # fmt: skip
        bulk_insert(conn, m.Score.__table__, SCORE_COLS, scores(eids, assessments, rng))
        bulk_insert(conn, m.CreditEvent.__table__, CREDIT_COLS, credits(eids, rng))
        bulk_insert(conn, m.PracticeAttempt.__table__, ATTEMPT_COLS, attempts(eids, rng))


def scores(eids: list[int], assessments: list[Any], rng: random.Random) -> Iterator[tuple]:
    for eid in eids:
        skill = rng.uniform(0.4, 1.0)
        for aid, possible, due in assessments:
            roll = rng.random()
            if roll < 0.05 or due > NOW:
                continue
            status = "excused" if roll < 0.06 else "graded"
            share = min(1, skill + rng.gauss(0, 0.15))
            points = None if status == "excused" else round(possible * share, 1)
            hours = rng.choice([-30, -5, -1, 2, 30]) if roll > 0.5 else -3
            yield (eid, aid, points, status, due + timedelta(hours=hours), False, NOW, 1)


def credits(eids: list[int], rng: random.Random) -> Iterator[tuple]:
    for eid in eids:
        yield (eid, START, "grant", 100.0, "bench")
        spent = 0.0
        for day in range(10):
            spent += rng.uniform(0, 2.5)
            at = NOW - timedelta(days=9 - day, hours=rng.uniform(0, 10))
            yield (eid, at, "usage_snapshot", round(spent, 2), "bench")


def attempts(eids: list[int], rng: random.Random) -> Iterator[tuple]:
    for eid in eids:
        skill = rng.uniform(0.4, 1.0)
        for k in range(3):
            domains = {
                str(d): round(100 * min(1, skill + rng.gauss(0, 0.1)), 1) for d in (1, 2, 3, 4)
            }
            yield (eid, "SAA-C03", NOW - timedelta(days=10 * k + 1), 120.0, 65, domains)


def write_floor(ctx: ServiceContext, students: int, assessments: int = 40) -> float:
    """The rows an import of ``students`` × ``assessments`` writes, and nothing else: a
    batch, students, enrollments and 95 % of the score cells through ``bulk_insert``
    (COPY on PostgreSQL, with the schema's foreign keys and indexes), into COMP529 in
    one transaction that is rolled back. No file, plan, audit or undo: the database's
    own share of an import, measured in the same run as the import."""
    from coursekit.db.queries.batches import insert_batch

    started = time.perf_counter()
    with ctx.engine.connect() as conn, conn.begin() as transaction:
        course_id = conn.execute(
            select(m.Course.id).where(m.Course.code == "COMP529")
        ).scalar_one()  # fmt: skip
        aids = conn.execute(
            select(m.Assessment.id).where(m.Assessment.course_id == course_id).limit(assessments)
        ).scalars().all()  # fmt: skip
        batch = insert_batch(
            conn, course_id=course_id, kind="gradebook", file_name="floor", sha256="0" * 64,
            counts={}, actor="bench", imported_at=NOW,
        )  # fmt: skip
        bulk_insert(
            conn, m.Student.__table__, ("student_id", "name", "sortable_name", "version"),
            [(f"floor-{i:06d}", f"Floor {i}", f"{i:06d}", 1) for i in range(students)],
        )  # fmt: skip
        pks = conn.execute(
            text("SELECT id FROM student WHERE student_id LIKE 'floor-%' ORDER BY id")
        ).scalars().all()  # fmt: skip
        bulk_insert(
            conn, m.Enrollment.__table__,
            ("course_id", "student_pk", "section", "status", "enrolled_at", "version"),
            [(course_id, pk, "S1", "active", NOW, 1) for pk in pks],
        )  # fmt: skip
        eids = conn.execute(
            select(m.Enrollment.id).where(m.Enrollment.course_id == course_id)
        ).scalars().all()  # fmt: skip
        rows = [
            (eid, aid, 5.0, "graded", False, batch, NOW, 1)
            for k, eid in enumerate(eids)
            for j, aid in enumerate(aids)
            if (k + j) % 20  # 95 % of the cells, as the gradebook holds
        ]
        bulk_insert(conn, m.Score.__table__, FLOOR_SCORE_COLS, rows)
        took = time.perf_counter() - started
        transaction.rollback()
    return took


def views(
    code: str, book: Path, out: Path, students: int
) -> dict[str, Callable[[ServiceContext], object]]:
    from coursekit.services.importing.imports import apply_import, plan_import, undo_batch
    from coursekit.services.reporting.reports import write_report
    from coursekit.services.views.course_dashboard import dashboard
    from coursekit.services.views.credits import credit_rows
    from coursekit.services.views.grades import grade_rows
    from coursekit.services.views.labs import lab_matrix
    from coursekit.services.views.readiness import readiness_rows

    def importing(ctx: ServiceContext) -> float:
        started = time.perf_counter()
        batch = apply_import(ctx, plan_import(ctx, "gradebook", book, course="COMP529"))
        took = time.perf_counter() - started
        undo_batch(ctx, batch.id)
        return took

    return {
        "grades": lambda ctx: grade_rows(ctx, code, now=NOW),
        "labs": lambda ctx: lab_matrix(ctx, code, now=NOW),
        "credits": lambda ctx: credit_rows(ctx, code, now=NOW),
        "readiness": lambda ctx: readiness_rows(ctx, code, now=NOW),
        "dashboard": lambda ctx: dashboard(ctx, code, now=NOW),
        "grades report (xlsx)": lambda ctx: write_report(ctx, "grades", out, course=code, now=NOW),
        IMPORT: importing,
        FLOOR: lambda ctx: write_floor(ctx, students),
    }


def timed(view: Callable[[ServiceContext], object], ctx: ServiceContext) -> float:
    started = time.perf_counter()
    result = view(ctx)
    return result if isinstance(result, float) else time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dbname", help="PostgreSQL database to create, fill and drop")
    parser.add_argument("--courses", type=int, default=40)
    parser.add_argument("--students", type=int, default=2500)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--pg-admin", default=os.environ.get("COURSEKIT_BENCH_PG", PG_ADMIN))
    args = parser.parse_args()
    from sqlalchemy import create_engine

    admin = create_engine(args.pg_admin, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        if conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"),
                        {"n": args.dbname}).first():  # fmt: skip
            raise SystemExit(f"database {args.dbname!r} exists: choose another name")
        conn.execute(text(f'CREATE DATABASE "{args.dbname}"'))
    pg_url = admin.url.set(database=args.dbname).render_as_string(hide_password=False)
    try:
        with tempfile.TemporaryDirectory(prefix="coursekit-dept-") as tmp:
            run(args, pg_url, Path(tmp))
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{args.dbname}" WITH (FORCE)'))
        admin.dispose()


def run(args: argparse.Namespace, pg_url: str, work: Path) -> None:
    middle = args.courses // 2
    code = f"D{middle:03d}"
    pg = context(pg_url, work)
    started = time.perf_counter()
    for k in range(args.courses):
        add_course(pg, f"D{k:03d}", args.students, seed=k, work=work)
        print(f"course {k + 1}/{args.courses} filled", file=sys.stderr)
    with pg.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("VACUUM ANALYZE"))
        counts = {t: conn.execute(text(f"SELECT count(*) FROM {t}")).scalar_one()
                  for t in ("enrollment", "score", "creditevent", "practiceattempt")}  # fmt: skip
    fill = time.perf_counter() - started
    lite = context(sqlite_url(work / "alone.sqlite3"), work)
    add_course(lite, code, args.students, seed=middle, work=work)
    data = work / "data"
    subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "make_data.py"), "--students",
         str(args.students), "--assessments", "40", "--out", str(data)],
        check=True, capture_output=True,
    )  # fmt: skip
    for ctx in (pg, lite):
        init_course(ctx, data / "comp529-bench.toml")
    tasks = views(code, data / "comp529-gradebook.csv", work / "grades.xlsx", args.students)
    results: dict[str, dict[str, list[float]]] = {n: {"pg": [], "sqlite": []} for n in tasks}
    loads = []
    for _ in range(args.runs):
        loads.append(os.getloadavg()[0])
        for name, view in tasks.items():
            results[name]["pg"].append(timed(view, pg))
            results[name]["sqlite"].append(timed(view, lite))
    print(
        f"department: {args.courses} courses × {args.students} students in one PostgreSQL "
        f"database ({counts}); filled in {fill:.0f} s. Course {code} there vs alone in "
        f"SQLite, medians of {args.runs} interleaved runs, load {statistics.median(loads):.1f}"
    )
    print("| one course | PostgreSQL (department) s | SQLite (alone) s | ratio | goal |")
    print("|---|---:|---:|---:|---:|")
    for name, got in results.items():
        p, s = statistics.median(got["pg"]), statistics.median(got["sqlite"])
        print(f"| {name} | {p:.2f} | {s:.2f} | {p / s:.2f}× | ≤ 1.5× |")
    imp = {db: statistics.median(results[IMPORT][db]) for db in ("pg", "sqlite")}
    low = {db: statistics.median(results[FLOOR][db]) for db in ("pg", "sqlite")}
    print(
        f"import vs its floor: PostgreSQL {imp['pg'] / low['pg']:.2f}×, SQLite "
        f"{imp['sqlite'] / low['sqlite']:.2f}×; the floors: PostgreSQL "
        f"{low['pg'] / low['sqlite']:.2f}× SQLite"
    )
    pg.close()
    lite.close()


if __name__ == "__main__":
    main()
