"""Import wizard at 10,000 students (issue 7): the preview of a large gradebook must not
freeze the UI.

    PYTHONPATH=. python benchmarks/bench_import_preview.py [--students 10000]
        [--assessments 40] [--runs 3] [--data DIR]

A generated gradebook (``make_data.py``, csv) goes through the wizard of a headless app
(``run_test``, 120×40) into a course whose roster is already imported, so the preview holds
every student and ~``students × assessments`` new scores. Measured, interleaved, medians:

* **floor**: ``plan_import`` + ``preview_sections`` called directly (the work the wizard's
  thread worker does; no UI);
* **wizard**: Enter on the path → preview painted (worker, messages, mounting the preview and
  handing the records to its virtualised tables);
* **longest UI stall**: the largest delay of a 5 ms ticker running on the app's event loop
  (how long the UI could not react to a key), while the worker plans, and while the UI
  mounts and paints the preview;
* **score tab**: switching to the "New scores" tab (hundreds of thousands of rows) → painted,
  and one ``end`` keystroke in it (jump to the last row) → painted.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


def make_data(students: int, assessments: int, out: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            str(REPO / "benchmarks" / "make_data.py"),
            "--students",
            str(students),
            "--assessments",
            str(assessments),
            "--out",
            str(out),
        ],
        check=True,
        capture_output=True,
    )


def setup(data: Path, work: Path) -> Any:
    from coursekit.config import Settings, default_syllabi_dir, sqlite_url
    from coursekit.services.context import ServiceContext
    from coursekit.services.courses import init_course
    from coursekit.services.importing.imports import apply_import, plan_import

    settings = Settings(
        db_url=sqlite_url(work / "bench.sqlite3"),
        data_dir=work,
        syllabi_dir=default_syllabi_dir(),
        actor="bench",
    )
    ctx = ServiceContext.open(settings)
    syllabus = data / "comp529-bench.toml"
    init_course(
        ctx, syllabus if syllabus.exists() else REPO / "syllabi/comp529-cloud-computing.toml"
    )
    apply_import(ctx, plan_import(ctx, "roster", data / "comp529-roster.xlsx", course="COMP529"))
    return ctx


def clean_heap() -> None:
    """Same start for every measurement (the wizard freezes what a plan leaves behind)."""
    gc.unfreeze()
    gc.collect()


def floor(ctx: Any, path: Path) -> tuple[float, int]:
    from coursekit.services.importing.imports import plan_import
    from coursekit.tui.screens.import_tables import preview_sections

    start = time.perf_counter()
    plan = plan_import(ctx, "gradebook", path, course="COMP529")
    preview_sections(plan)
    return time.perf_counter() - start, len(plan.scores_added)


class Ticker:
    """Measures event-loop lag: every gap beyond the 5 ms period, with when it ended."""

    def __init__(self) -> None:
        self.gaps: list[tuple[float, float]] = []  # (ended at, lag)
        self._task: asyncio.Task[None] | None = None

    async def _run(self) -> None:
        last = time.perf_counter()
        while True:
            await asyncio.sleep(0.005)
            now = time.perf_counter()
            self.gaps.append((now, now - last - 0.005))
            last = now

    def start(self) -> None:
        self.gaps = []
        self._task = asyncio.get_running_loop().create_task(self._run())

    def stop(self, split: float) -> tuple[float, float]:
        """The longest lag before ``split`` and from it on."""
        assert self._task is not None
        self._task.cancel()
        before = max((lag for at, lag in self.gaps if at < split), default=0.0)
        after = max((lag for at, lag in self.gaps if at >= split), default=0.0)
        return before, after


async def settle(pilot: Any) -> None:
    app = pilot.app
    for _ in range(20):
        busy = [w for w in app.workers if w.group != "_loader"]
        if busy:
            await app.workers.wait_for_complete(busy)
        await pilot.pause()
        if not any(w.is_running for w in app.workers if w.group != "_loader"):
            return


async def wizard(ctx: Any, path: Path) -> dict[str, float]:
    from coursekit.tui.app import CoursekitApp

    app = CoursekitApp(ctx, course_code="COMP529", now=NOW)
    ticker = Ticker()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("i")
        await settle(pilot)
        screen = app.screen
        marks: dict[str, float] = {}
        step = screen.preview_step  # type: ignore[attr-defined]
        planned = step._planned

        async def mark(*args: Any) -> None:  # the plan arrives on the UI thread
            marks["planned"] = time.perf_counter()
            await planned(*args)

        step._planned = mark
        await pilot.press("tab", *path.name)
        ticker.start()
        start = time.perf_counter()
        await pilot.press("enter")
        while screen.step != "step-preview":  # type: ignore[attr-defined]
            await asyncio.sleep(0.005)
        await pilot.pause()  # painted
        shown = time.perf_counter() - start
        stall, mount = ticker.stop(marks["planned"])
        preview = screen.query_one("#preview")
        tabs = preview.query_one("#preview-tabs")
        start = time.perf_counter()
        tabs.active = "sec-scores-added"
        await pilot.pause()
        tab_switch = time.perf_counter() - start
        table = preview.query_one("#table-scores-added")
        table.focus()
        await pilot.pause()
        start = time.perf_counter()
        await pilot.press("end")
        end_key = time.perf_counter() - start
        rows = table.row_count
    return {
        "wizard": shown,
        "stall": stall,
        "mount": mount,
        "tab": tab_switch,
        "end": end_key,
        "rows": rows,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=10_000)
    parser.add_argument("--assessments", type=int, default=40)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--data", type=Path, help="reuse files made by make_data.py")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="coursekit-bench-") as tmp:
        work = Path(tmp)
        data = args.data or work / "data"
        if args.data is None:
            make_data(args.students, args.assessments, data)
        ctx = setup(data, work)
        os.chdir(data)  # the wizard's file tree starts in the current directory
        path = data / "comp529-gradebook.csv"
        floors, runs = [], []
        for _ in range(args.runs):
            clean_heap()
            seconds, scores = floor(ctx, path)
            floors.append(seconds)
            clean_heap()
            runs.append(asyncio.run(wizard(ctx, path)))
        ctx.close()
    med = {key: statistics.median(r[key] for r in runs) for key in runs[0]}
    base = statistics.median(floors)
    print(
        f"gradebook preview: {args.students} students × {args.assessments} assessments, "
        f"{scores} new scores; medians of {args.runs} interleaved runs"
    )
    print(f"  floor: plan_import + preview_sections  {base * 1000:8.0f} ms")
    print(
        f"  wizard: Enter → preview painted        {med['wizard'] * 1000:8.0f} ms"
        f"  ({med['wizard'] / base:.2f}× floor)"
    )
    print(f"  longest UI stall while planning        {med['stall'] * 1000:8.0f} ms")
    print(f"  longest UI stall showing the preview   {med['mount'] * 1000:8.0f} ms")
    print(f"  'New scores' tab ({int(med['rows'])} rows) painted {med['tab'] * 1000:8.0f} ms")
    print(f"  end key in that tab → painted          {med['end'] * 1000:8.0f} ms")


if __name__ == "__main__":
    main()
