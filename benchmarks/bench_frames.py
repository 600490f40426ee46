"""Notebook API benchmark: every ``coursekit.frames`` DataFrame for a 10,000-student course.

The course of ``bench_engine.py`` (10,000 students × 40 assessments ≈ 380,000 scores,
11 credit events and 3 practice attempts each) in a fresh SQLite file. For each frame,
interleaved, medians of ``--runs``: the frame, and as its floor the service call that
returns the same records (what ``coursekit … --json`` computes) — the ratio is the cost
of the typed DataFrame on top. Then, in a separate pass, the peak Python memory
(tracemalloc) while building all frames, and the process's peak RSS.

    PYTHONPATH=. python benchmarks/bench_frames.py [--students 10000] [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.bench_engine import NOW, populate
from coursekit.config import Settings, default_syllabi_dir, sqlite_url
from coursekit.frames import CourseFrames, open_course
from coursekit.services.checklists import class_checklists
from coursekit.services.context import ServiceContext
from coursekit.services.roster.roster import list_roster
from coursekit.services.views.class_tables import credit_ledger, score_lines
from coursekit.services.views.credits import credit_rows
from coursekit.services.views.grades import grade_rows
from coursekit.services.views.labs import lab_matrix
from coursekit.services.views.readiness import readiness_rows


def pairs(frames: CourseFrames) -> dict[str, tuple[Callable[[], Any], Callable[[], Any]]]:
    """frame name -> (frame builder, the service call behind it)."""
    ctx, code = frames.ctx, frames.course
    return {
        "students": (frames.students, lambda: list_roster(ctx, code)),
        "scores": (frames.scores, lambda: score_lines(ctx, code)),
        "grades": (frames.grades, lambda: grade_rows(ctx, code, now=NOW)),
        "labs (cells)": (frames.lab_cells, lambda: lab_matrix(ctx, code, now=NOW)),
        "credits": (frames.credits, lambda: credit_rows(ctx, code, now=NOW)),
        "credit ledger": (frames.credit_ledger, lambda: credit_ledger(ctx, code)),
        "readiness (domains)": (
            frames.readiness_domains,
            lambda: readiness_rows(ctx, code, now=NOW),
        ),
        "checklists": (frames.checklists, lambda: class_checklists(ctx, code, today=NOW.date())),
    }


def timed(func: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    result = func()
    return time.perf_counter() - started, result


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--students", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.sqlite3"
        url = sqlite_url(db)
        ctx = ServiceContext.open(Settings(url, Path(tmp), default_syllabi_dir()))
        started = time.perf_counter()
        counts = populate(ctx, db, args.students, random.Random(529))
        ctx.close()
        print(
            f"populated {args.students} students: {counts} in {time.perf_counter() - started:.1f} s"
        )
        with open_course("BENCH", db=url, now=NOW) as frames:
            work = pairs(frames)
            for frame, service in work.values():  # warm-up: caches, imports
                service()
                frame()
            results: dict[str, list[tuple[float, float, int]]] = {name: [] for name in work}
            for _ in range(args.runs):
                for name, (frame, service) in work.items():
                    floor, _ = timed(service)
                    took, df = timed(frame)
                    results[name].append((took, floor, len(df)))
            tracemalloc.start()
            for frame, _service in work.values():
                frame()
            _, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
    print(f"{'frame':<22}{'rows':>10}{'frame s':>10}{'service s':>11}{'ratio':>8}")
    total_frame = total_floor = 0.0
    for name, runs in results.items():
        took = statistics.median(r[0] for r in runs)
        floor = statistics.median(r[1] for r in runs)
        total_frame, total_floor = total_frame + took, total_floor + floor
        print(f"{name:<22}{runs[0][2]:>10,}{took:>10.2f}{floor:>11.2f}{took / floor:>7.2f}×")
    print(
        f"{'all frames':<22}{'':>10}{total_frame:>10.2f}{total_floor:>11.2f}"
        f"{total_frame / total_floor:>7.2f}×"
    )
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"peak Python allocations while building all frames (tracemalloc): {peak / 2**20:.0f} MiB; "
        f"process peak RSS {rss:.0f} MiB; load average {os.getloadavg()[0]:.1f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
