"""Gradebook import speed: coursekit end-to-end vs the floor, in one run.

    python benchmarks/bench_import.py [--students 10000] [--assessments 40] [--rounds 3]

For a generated students × assessments Canvas gradebook (xlsx and csv), each
measurement runs in a fresh subprocess against a fresh, migrated SQLite file
(schema setup and course creation are not timed):

- coursekit: ``plan_import`` + ``apply_import`` (read, validate, diff, one
  transaction with the ImportBatch and its audit rows);
- floor: read the same file (python-calamine ``to_python()`` for xlsx — it
  cannot read csv, so ``csv.reader`` there) and insert the same students,
  enrollments and scores with ``sqlite3.executemany`` into the same schema.

Rounds are interleaved and medians reported; peak memory is each subprocess's
``ru_maxrss`` (the whole Python process, imports included).
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def _setup(db: Path, syllabus: Path) -> object:
    from coursekit.config import Settings, default_syllabi_dir, sqlite_url
    from coursekit.services.context import ServiceContext
    from coursekit.services.courses import init_course

    settings = Settings(
        db_url=sqlite_url(db), data_dir=db.parent, syllabi_dir=default_syllabi_dir(), actor="bench"
    )
    ctx = ServiceContext.open(settings)
    init_course(ctx, syllabus)
    return ctx


def run_coursekit(path: Path, db: Path, syllabus: Path) -> dict[str, float]:
    from coursekit.services.importing.imports import apply_import, plan_import

    ctx = _setup(db, syllabus)
    start = time.perf_counter()
    plan = plan_import(ctx, "gradebook", path, course="COMP529")
    planned = time.perf_counter()
    batch = apply_import(ctx, plan)
    done = time.perf_counter()
    assert batch.counts["scores_added"] > 0
    return {
        "seconds": done - start,
        "plan": planned - start,
        "apply": done - planned,
        "scores": batch.counts["scores_added"],
    }


def run_floor(path: Path, db: Path, syllabus: Path) -> dict[str, float]:
    import sqlite3

    from floor_import import insert_gradebook, read_rows

    ctx = _setup(db, syllabus)
    with ctx.read() as session:  # type: ignore[attr-defined]
        from sqlalchemy import text

        assessments = dict(session.execute(text("SELECT key, id FROM assessment")).all())
        course_id = session.execute(text("SELECT id FROM course")).scalar_one()
    ctx.close()  # type: ignore[attr-defined]
    start = time.perf_counter()
    rows = read_rows(path)
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA foreign_keys=ON")
    _, scores = insert_gradebook(conn, rows, assessments, course_id)
    conn.commit()
    done = time.perf_counter()
    return {"seconds": done - start, "scores": scores}


def child(args: argparse.Namespace) -> None:
    runner = run_coursekit if args.child == "coursekit" else run_floor
    result = runner(Path(args.file), Path(args.db), Path(args.syllabus))
    result["maxrss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(result))


def measure(which: str, path: Path, syllabus: Path, work: Path, run: int) -> dict[str, float]:
    db = work / f"{which}-{path.suffix[1:]}-{run}.sqlite3"
    out = subprocess.run(
        [
            sys.executable,
            __file__,
            "--child",
            which,
            "--file",
            str(path),
            "--db",
            str(db),
            "--syllabus",
            str(syllabus),
        ],
        check=True,
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=10_000)
    parser.add_argument("--assessments", type=int, default=40)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--data", type=Path, help="reuse files made by make_data.py")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--file", help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    parser.add_argument("--syllabus", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args)
        return
    with tempfile.TemporaryDirectory(prefix="coursekit-bench-") as tmp:
        work = Path(tmp)
        data = args.data or work / "data"
        if args.data is None:
            subprocess.run(
                [
                    sys.executable,
                    str(REPO / "benchmarks" / "make_data.py"),
                    "--students",
                    str(args.students),
                    "--assessments",
                    str(args.assessments),
                    "--out",
                    str(data),
                    "--xlsx-gradebook",
                ],
                check=True,
                capture_output=True,
            )
        syllabus = data / "comp529-bench.toml"
        if not syllabus.exists():
            syllabus = REPO / "syllabi" / "comp529-cloud-computing.toml"
        print(
            f"gradebook: {args.students} students × {args.assessments} assessments, "
            f"{args.rounds} interleaved rounds, medians"
        )
        print(
            f"{'format':<6} {'floor s':>8} {'coursekit s':>12} {'(plan+apply)':>14} "
            f"{'ratio':>6} {'peak MB':>8} {'floor MB':>9}"
        )
        for suffix in ("xlsx", "csv"):
            path = data / f"comp529-gradebook.{suffix}"
            floors, ours = [], []
            for run in range(args.rounds):
                floors.append(measure("floor", path, syllabus, work, run))
                ours.append(measure("coursekit", path, syllabus, work, run))
            floor_s = statistics.median(r["seconds"] for r in floors)
            ours_s = statistics.median(r["seconds"] for r in ours)
            plan_s = statistics.median(r["plan"] for r in ours)
            apply_s = statistics.median(r["apply"] for r in ours)
            peak = max(r["maxrss_mb"] for r in ours)
            floor_peak = max(r["maxrss_mb"] for r in floors)
            print(
                f"{suffix:<6} {floor_s:>8.2f} {ours_s:>12.2f} {f'{plan_s:.2f}+{apply_s:.2f}':>14} "
                f"{ours_s / floor_s:>5.2f}× {peak:>8.0f} {floor_peak:>9.0f}"
            )


if __name__ == "__main__":
    main()
