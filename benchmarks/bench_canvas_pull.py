"""Canvas pull speed: pulling a course from a local Canvas-compatible server and
applying it, against importing the same data from the gradebook csv, in one run.

    python benchmarks/bench_canvas_pull.py [--students 2000] [--assessments 40] [--rounds 3]

``benchmarks/make_data.py`` writes the csv gradebook (and the syllabus with the
extra assessments); the local Canvas server (``tests/support/canvas_server.py``,
run in its own process so it does not share the client's GIL) serves the same
students, assignments and scores through the documented endpoints, paginated at
100 per page. Each round, interleaved, on a fresh migrated SQLite file:

- csv (the floor): ``plan_import`` + ``apply_import`` of the gradebook csv;
- canvas: ``canvas_pull.pull`` (HTTP through canvasapi: sections, enrollments,
  assignments, grouped submissions) + ``plan_pull`` + ``apply_import``.

Medians are reported, and the Canvas pull as a ratio of the csv import.
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
SERVER = REPO / "tests" / "support" / "canvas_server.py"


def _server_module() -> Any:
    spec = importlib.util.spec_from_file_location("canvas_server", SERVER)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["canvas_server"] = module
    spec.loader.exec_module(module)
    return module


def fake_from_csv(path: Path) -> Any:
    """A FakeCanvas holding exactly what the gradebook csv holds."""
    server = _server_module()
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    header = rows[0]
    fake = server.FakeCanvas(course_id=5001)
    columns = [
        (i, h.rsplit("(", 1)[1].rstrip(")"), h.rsplit(" (", 1)[0])
        for i, h in enumerate(header)
        if h.endswith(")") and h.rsplit("(", 1)[1].rstrip(")").isdigit()
    ]
    points_row = next(r for r in rows[1:4] if r[0].strip() == "Points Possible")
    fake.groups = [{"id": 1, "name": "All", "position": 1, "group_weight": 100.0, "rules": {}}]
    for position, (index, key, title) in enumerate(columns):
        fake.add_assignment(int(key), title, float(points_row[index]), 1, position)
    sections: dict[str, int] = {}
    for row in rows[1:]:
        if row[0].strip() in ("Points Possible", "") or row[0] == "Student, Test":
            continue
        section = sections.setdefault(row[3], 71 + len(sections))
        uid = int(row[1])
        last, _, first = row[0].partition(", ")
        fake.add_student(uid, f"{first} {last}".strip(), row[0], None, row[2] or None, section)
        for index, key, _ in columns:
            cell = row[index] if index < len(row) else ""
            if cell == "N/A":
                continue
            if cell == "EX":
                fake.grade(uid, int(key), None, excused=True)
            else:
                fake.grade(uid, int(key), float(cell) if cell not in ("", "-") else None)
    fake.sections = {i: name for name, i in sections.items()}
    return fake


def serve(path: Path) -> None:
    fake = fake_from_csv(path)
    httpd, url = fake.start()
    print(url, flush=True)
    sys.stdin.read()  # until the parent closes our stdin
    httpd.shutdown()


def _ctx(db: Path, syllabus: Path) -> Any:
    from coursekit.config import Settings, default_syllabi_dir, sqlite_url
    from coursekit.services.context import ServiceContext
    from coursekit.services.courses import init_course

    settings = Settings(
        db_url=sqlite_url(db), data_dir=db.parent, syllabi_dir=default_syllabi_dir(), actor="bench"
    )
    ctx = ServiceContext.open(settings)
    init_course(ctx, syllabus)
    return ctx


def run_csv(ctx: Any, path: Path) -> dict[str, float]:
    from coursekit.services.importing.imports import apply_import, plan_import

    start = time.perf_counter()
    plan = plan_import(ctx, "gradebook", path, course="COMP529")
    batch = apply_import(ctx, plan)
    return {"total": time.perf_counter() - start, "scores": batch.counts["scores_added"]}


def run_canvas(ctx: Any, url: str, token: str) -> dict[str, float]:
    from coursekit.domain.enums import ImportKind
    from coursekit.services.canvas.canvas_connection import login, open_canvas
    from coursekit.services.canvas.canvas_pull import plan_pull, pull
    from coursekit.services.importing.imports import apply_import

    login(ctx, url, canvas_course_id="5001", token=None)
    session = open_canvas(ctx)
    start = time.perf_counter()
    pulled = pull(session)
    fetched = time.perf_counter()
    plan = plan_pull(ctx, pulled, ImportKind.GRADEBOOK)
    batch = apply_import(ctx, plan)
    done = time.perf_counter()
    return {
        "total": done - start,
        "fetch": fetched - start,
        "plan_apply": done - fetched,
        "scores": batch.counts["scores_added"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=2000)
    parser.add_argument("--assessments", type=int, default=40)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--serve", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve)
        return
    import os

    token = _server_module().TOKEN
    os.environ["CANVAS_API_TOKEN"] = token  # no keyring needed for the benchmark
    import keyring
    from keyring.backends.fail import Keyring as NoKeyring

    keyring.set_keyring(NoKeyring())
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        subprocess.run(
            [
                sys.executable,
                str(REPO / "benchmarks" / "make_data.py"),
                "--students",
                str(args.students),
                "--assessments",
                str(args.assessments),
                "--out",
                str(work),
            ],
            check=True,
            capture_output=True,
        )
        gradebook = work / "comp529-gradebook.csv"
        syllabus = work / "comp529-bench.toml"
        if not syllabus.exists():
            syllabus = REPO / "syllabi" / "comp529-cloud-computing.toml"
        server = subprocess.Popen(
            [sys.executable, __file__, "--serve", str(gradebook)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        try:
            assert server.stdout is not None
            url = server.stdout.readline().strip()
            results: dict[str, list[dict[str, float]]] = {"csv": [], "canvas": []}
            for run in range(args.rounds):
                for which in ("csv", "canvas"):
                    ctx = _ctx(work / f"{which}-{run}.sqlite3", syllabus)
                    try:
                        result = (
                            run_csv(ctx, gradebook)
                            if which == "csv"
                            else run_canvas(ctx, url, token)
                        )
                    finally:
                        ctx.close()
                    results[which].append(result)
        finally:
            assert server.stdin is not None
            server.stdin.close()
            server.wait(timeout=30)
    scores = {r["scores"] for rs in results.values() for r in rs}
    assert len(scores) == 1, f"both paths must import the same scores, got {scores}"
    med = {w: statistics.median(r["total"] for r in rs) for w, rs in results.items()}
    fetch = statistics.median(r["fetch"] for r in results["canvas"])
    plan_apply = statistics.median(r["plan_apply"] for r in results["canvas"])
    print(
        f"{args.students} students × {args.assessments} assessments, "
        f"{scores.pop()} scores, medians of {args.rounds} interleaved rounds"
    )
    print(f"  csv import (plan + apply)            {med['csv']:7.2f} s   1.00×")
    print(
        f"  canvas pull (HTTP + plan + apply)    {med['canvas']:7.2f} s   "
        f"{med['canvas'] / med['csv']:.2f}×"
    )
    print(f"    of which reading Canvas over HTTP  {fetch:7.2f} s")
    print(f"    of which plan + apply              {plan_apply:7.2f} s")


if __name__ == "__main__":
    main()
