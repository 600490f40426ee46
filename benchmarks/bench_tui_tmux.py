"""The TUI as the user sees it: ``coursekit`` started in a real terminal (tmux, 120×40)
on a 10,000-student course, timed from process start by reading the screen.

    python benchmarks/bench_tui_tmux.py [--students 10000] [--runs 5]

Builds the ``bench_engine`` database (10,000 students × 40 assessments, ≈ 380,000
scores, credit ledgers, practice attempts) once, then, interleaved with a floor, starts
``python -m coursekit --db … --course BENCH`` in a detached tmux session and polls
``tmux capture-pane`` every 10 ms:

- **first paint**: the dashboard's panels are on screen (their border titles show);
- **all panels filled**: no panel says "Loading…" any more and the nudge table's title
  carries its count.

Floor: a Python process starting Textual and painting one line (the cost of the
interpreter, Textual's import and its first frame in the same terminal). Each session is
killed by its own name when read. The load average is printed beside the figures.
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
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(Path(__file__).resolve().parent))

FLOOR_APP = (
    "from textual.app import App\n"
    "from textual.widgets import Static\n"
    "class Floor(App):\n"
    "    def compose(self):\n"
    "        yield Static('floor painted')\n"
    "Floor().run()\n"
)


def build(directory: Path, students: int) -> str:
    from bench_engine import populate

    from coursekit.config import Settings, default_syllabi_dir, sqlite_url
    from coursekit.services.context import ServiceContext

    db = directory / "engine.sqlite3"
    settings = Settings(
        db_url=sqlite_url(db), data_dir=directory, syllabi_dir=default_syllabi_dir(), actor="b"
    )
    ctx = ServiceContext.open(settings)
    populate(ctx, db, students, random.Random(529))
    ctx.close()
    return sqlite_url(db)


def screen(session: str) -> str:
    out = subprocess.run(
        ["tmux", "capture-pane", "-p", "-t", session], capture_output=True, text=True
    )
    return out.stdout


SIZE = ("120", "40")  # columns, rows of the terminal (--size)


def timed(command: list[str], marks: dict[str, object], timeout: float = 60) -> dict[str, float]:
    """Start ``command`` in a new tmux session; seconds from start until each mark
    (a function of the screen text) holds."""
    session = f"ckbench{os.getpid()}-{time.monotonic_ns()}"  # one name per start
    found: dict[str, float] = {}
    start = time.perf_counter()
    subprocess.run(
        ["tmux", "new-session", "-d", "-s", session, "-x", SIZE[0], "-y", SIZE[1], *command],
        check=True,
        capture_output=True,
    )
    try:
        while len(found) < len(marks):
            text = screen(session)
            now = time.perf_counter() - start
            for name, ready in marks.items():
                if name not in found and ready(text):  # type: ignore[operator]
                    found[name] = now
            if now > timeout:
                raise SystemExit(f"timed out; screen:\n{text}")
            time.sleep(0.01)
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)
    return found


def painted(text: str) -> bool:
    # panel titles visible at 80x24 as well as 120x40 (the top row's titles scroll away
    # on a small terminal)
    return "Readiness" in text and "Export checklists" in text


def filled(text: str) -> bool:
    return painted(text) and "Loading" not in text and "Nudges ·" in text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--size", default="120x40", help="terminal COLUMNSxROWS, e.g. 80x24")
    args = parser.parse_args()
    from bytecode import compile_coursekit

    compile_coursekit()  # as installed: see bytecode.py
    global SIZE
    columns, rows = args.size.lower().split("x")
    SIZE = (columns, rows)
    with tempfile.TemporaryDirectory(prefix="coursekit-tmux-") as tmp:
        url = build(Path(tmp), args.students)
        env = ["env", f"COURSEKIT_DATA_DIR={tmp}"]
        ours = [*env, sys.executable, "-m", "coursekit", "--db", url, "--course", "BENCH"]
        floor = [*env, sys.executable, "-c", FLOOR_APP]
        results: dict[str, list[float]] = {"floor": [], "first paint": [], "all filled": []}
        loads = []
        # Killing the last session stops the tmux server, and a new-session racing its exit
        # fails: an idle session of our own keeps the server up for the whole run.
        keeper = f"ckkeep{os.getpid()}"
        subprocess.run(["tmux", "new-session", "-d", "-s", keeper, "sleep", "3600"], check=True)
        try:
            measure(args.runs, ours, floor, results, loads)
        finally:
            subprocess.run(["tmux", "kill-session", "-t", keeper], capture_output=True)
    report(args, results, loads)


def measure(
    runs: int,
    ours: list[str],
    floor: list[str],
    results: dict[str, list[float]],
    loads: list[float],
) -> None:
    for _ in range(runs):
        loads.append(os.getloadavg()[0])
        results["floor"].append(timed(floor, {"p": lambda t: "floor painted" in t})["p"])
        got = timed(ours, {"first paint": painted, "all filled": filled})
        results["first paint"].append(got["first paint"])
        results["all filled"].append(got["all filled"])


def report(args: argparse.Namespace, results: dict[str, list[float]], loads: list[float]) -> None:
    print(
        f"TUI in tmux at {args.size}, {args.students} students, medians of {args.runs} "
        f"(load {statistics.median(loads):.1f} on 2 cores)"
    )
    print("| measure | median s | min–max s | goal |")
    print("|---|---:|---:|---:|")
    goals = {"floor": "–", "first paint": "≤ 0.5", "all filled": "≤ 1.0"}
    for name, values in results.items():
        print(
            f"| {name} | {statistics.median(values):.2f} | "
            f"{min(values):.2f}–{max(values):.2f} | {goals[name]} |"
        )


if __name__ == "__main__":
    main()
