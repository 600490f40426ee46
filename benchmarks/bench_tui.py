"""TUI speed at 10,000 students (issue 7), headless ``run_test``, medians of interleaved runs.

    PYTHONPATH=. python benchmarks/bench_tui.py [--students 10000] [--runs 5] [--no-datatable]
                                                [--no-engine]

Measures, each against a floor taken in the same run:

* start → first paint of the roster (app constructed, course resolved, roster loaded from
  SQLite, table painted) vs. an empty App's first paint;
* one filter keystroke → table updated vs. the same keystroke into an Input with no table;
* Enter on a row → student screen painted with its header and tabs loaded vs. pushing an empty
  Screen;
* optional: Textual's DataTable with the same 10,000 rows (``add_rows``) → first paint, to show
  why RecordTable exists;
* the course-engine screens on a second database, 10,000 students × 40 assessments (22 of them
  labs; ``bench_engine.populate``: ≈ 380,000 scores, credit ledgers, practice attempts):
  start → labs matrix painted with every student × lab, and start → dashboard painted with its
  figures (its layout paints at once; the figures arrive from one service call), each against
  the empty app's first paint.

The database is a fresh SQLite file: COMP529 initialised from its syllabus, students and
enrollments bulk-inserted with Core ``insert()``.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import ClassVar

from sqlalchemy import insert
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import DataTable, Input, Static

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from coursekit.config import Settings, default_syllabi_dir, sqlite_url  # noqa: E402
from coursekit.db import models as m  # noqa: E402
from coursekit.services.context import ServiceContext  # noqa: E402
from coursekit.services.courses import init_course  # noqa: E402
from coursekit.tui.app import CoursekitApp  # noqa: E402
from coursekit.tui.screens.dashboard import DashboardScreen  # noqa: E402
from coursekit.tui.screens.labs import LabsScreen  # noqa: E402
from coursekit.tui.screens.roster import RosterScreen  # noqa: E402
from coursekit.tui.screens.student import StudentScreen  # noqa: E402
from coursekit.tui.widgets.record_table import RecordTable  # noqa: E402

SIZE = (120, 40)
FIRST = ["Ada", "Alan", "Grace", "Edsger", "Barbara", "Katherine", "Radia", "Donald", "Frances"]
LAST = ["Lovelace", "Turing", "Hopper", "Dijkstra", "Liskov", "Johnson", "Perlman", "Knuth"]
NEEDLES = ("smith", "0042", "sec", "kat")  # typed one character at a time


def build_database(directory: Path, students: int) -> Settings:
    settings = Settings(
        db_url=sqlite_url(directory / "bench.sqlite3"),
        data_dir=directory,
        syllabi_dir=default_syllabi_dir(),
        actor="bench",
    )
    ctx = ServiceContext.open(settings)
    course = init_course(ctx, REPO / "syllabi" / "comp529-cloud-computing.toml").course
    people = []
    for n in range(students):
        first, last = FIRST[n % len(FIRST)], LAST[(n // len(FIRST)) % len(LAST)]
        if n % 97 == 0:
            last = "Smith"
        people.append(
            {
                "student_id": f"{n:08d}",
                "name": f"{first} {last} {n}",
                "sortable_name": f"{last} {n}, {first}",
                "email": f"s{n}@uni.edu",
                "version": 1,
            }
        )
    with ctx.engine.begin() as conn:
        for start in range(0, students, 5000):
            conn.execute(insert(m.Student.__table__), people[start : start + 5000])
        ids = [
            row[0]
            for row in conn.execute(
                m.Student.__table__.select().with_only_columns(m.Student.__table__.c.id)
            )
        ]
        enrollments = [
            {
                "course_id": course.id,
                "student_pk": pk,
                "section": f"sec{pk % 12}",
                "status": "dropped" if pk % 50 == 0 else "active",
                "version": 1,
                "enrolled_at": m.utcnow(),
            }
            for pk in ids
        ]
        for start in range(0, len(enrollments), 5000):
            conn.execute(insert(m.Enrollment.__table__), enrollments[start : start + 5000])
    ctx.close()
    return settings


async def until(pilot: Pilot[object], ready: Callable[[], bool], timeout: float = 60) -> None:
    """Poll until ``ready()``, then let the screen process what is pending and refresh.

    Polls with a short sleep: a busy loop on the UI thread would hold the GIL and starve the
    worker thread that loads the data (convoy effect: seconds instead of milliseconds).
    ``pause(0)``, not ``pause()``: the latter also waits for the *machine* to be idle, which
    measures other processes on a shared box rather than the app.
    """
    deadline = time.perf_counter() + timeout
    while not ready():
        if time.perf_counter() > deadline:
            raise TimeoutError("the app never got ready")
        await asyncio.sleep(0.002)
    await pilot.pause(0)


def roster_table(app: App[object]) -> RecordTable[object] | None:
    screen = app.screen
    if isinstance(screen, RosterScreen):
        tables = screen.query(RecordTable)
        return tables.first() if tables else None
    return None


class EmptyApp(App[None]):
    BINDINGS: ClassVar = [Binding("enter", "push", "Push")]

    def compose(self) -> ComposeResult:
        yield Static("ready")
        yield Input(id="filter")

    def action_push(self) -> None:
        self.push_screen(Screen())


class DataTableApp(App[None]):
    def __init__(self, rows: list[tuple[str, ...]]) -> None:
        super().__init__()
        self.rows = rows

    def compose(self) -> ComposeResult:
        yield DataTable()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Student id", "Name", "Email", "Section", "Status")
        table.add_rows(self.rows)


async def run_roster(settings: Settings, results: dict[str, list[float]]) -> None:
    started = time.perf_counter()
    app = CoursekitApp(ServiceContext.open(settings), course_code="COMP529", screen="roster")
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: (t := roster_table(app)) is not None and t.row_count > 0)
        results["roster first paint"].append(time.perf_counter() - started)
        table = roster_table(app)
        assert table is not None
        await pilot.press("slash")
        for needle in NEEDLES:
            for char in needle:
                before = time.perf_counter()
                await pilot.press(char)
                results["filter keystroke"].append(time.perf_counter() - before)
            app.screen.query_one("#filter", Input).value = ""
            await pilot.pause()
        for needle in NEEDLES:  # the widget's own work per keystroke, no key plumbing
            for end in range(1, len(needle) + 1):
                before = time.perf_counter()
                table.set_filter(needle[:end])
                for y in range(SIZE[1]):
                    table.render_line(y)
                results["filter: set_filter + render"].append(time.perf_counter() - before)
        table.set_filter("")
        await pilot.press("enter")  # focus back on the table (filter empty)
        for step in range(3):
            await pilot.press(*["pagedown"] * (step + 1))
            before = time.perf_counter()
            await pilot.press("enter")
            await until(
                pilot,
                lambda: (
                    isinstance(app.screen, StudentScreen)
                    and app.screen.row is not None
                    and not any(w.is_running for w in app.workers)
                ),
            )
            results["open student"].append(time.perf_counter() - before)
            await pilot.press("escape")
            await pilot.pause()


async def run_floor(results: dict[str, list[float]]) -> None:
    started = time.perf_counter()
    app = EmptyApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0)
        results["floor: empty app first paint"].append(time.perf_counter() - started)
        app.query_one(Input).focus()
        for needle in NEEDLES:
            for char in needle:
                before = time.perf_counter()
                await pilot.press(char)
                results["floor: keystroke into an Input"].append(time.perf_counter() - before)
        for _ in range(3):
            app.set_focus(None)  # popping a screen gives the Input its focus back
            await pilot.pause(0)
            before = time.perf_counter()
            await pilot.press("enter")
            await until(pilot, lambda: len(app.screen_stack) > 1)
            results["floor: enter pushes an empty screen"].append(time.perf_counter() - before)
            app.pop_screen()
            await pilot.pause()


async def run_datatable(students: int, results: dict[str, list[float]]) -> None:
    rows = [
        (f"{n:08d}", f"Name {n}", f"s{n}@uni.edu", f"sec{n % 12}", "active")
        for n in range(students)
    ]
    started = time.perf_counter()
    app = DataTableApp(rows)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: app.query_one(DataTable).row_count == students)
        results["DataTable add_rows first paint"].append(time.perf_counter() - started)


def build_engine_database(directory: Path, students: int) -> Settings:
    """10,000 students × 40 assessments with scores, credits and practice attempts."""
    import random

    from bench_engine import populate

    settings = Settings(
        db_url=sqlite_url(directory / "engine.sqlite3"),
        data_dir=directory,
        syllabi_dir=default_syllabi_dir(),
        actor="bench",
    )
    ctx = ServiceContext.open(settings)
    populate(ctx, directory / "engine.sqlite3", students, random.Random(529))
    ctx.close()
    return settings


def labs_ready(app: App[object]) -> bool:
    screen = app.screen
    if not isinstance(screen, LabsScreen):
        return False
    tables = screen.query(RecordTable)
    return bool(tables) and tables.first().row_count > 0


def dashboard_ready(app: App[object]) -> bool:
    screen = app.screen
    return isinstance(screen, DashboardScreen) and screen.summary is not None


async def run_engine(settings: Settings, results: dict[str, list[float]]) -> None:
    from bench_engine import NOW

    for screen, ready, name in (
        ("labs", labs_ready, "labs matrix first paint"),
        ("dashboard", dashboard_ready, "dashboard first paint (with figures)"),
    ):
        started = time.perf_counter()
        app = CoursekitApp(
            ServiceContext.open(settings), course_code="BENCH", now=NOW, screen=screen
        )
        async with app.run_test(size=SIZE) as pilot:
            await until(pilot, lambda app=app, ready=ready: ready(app))
            results[name].append(time.perf_counter() - started)
            if screen == "labs":  # the lab cells really are on screen
                table = app.screen.query_one(RecordTable)
                assert table.row_count == len(table.records) > 0


def report(results: dict[str, list[float]]) -> None:
    floors = {
        "labs matrix first paint": "floor: empty app first paint",
        "dashboard first paint (with figures)": "floor: empty app first paint",
        "roster first paint": "floor: empty app first paint",
        "filter keystroke": "floor: keystroke into an Input",
        "open student": "floor: enter pushes an empty screen",
        "DataTable add_rows first paint": "floor: empty app first paint",
    }
    print("| measure | median ms | max ms | samples | × floor |")
    print("|---|---|---|---|---|")
    for name, values in results.items():
        if not values:
            continue
        median = statistics.median(values)
        floor = floors.get(name)
        ratio = f"{median / statistics.median(results[floor]):.1f}" if floor else "–"
        print(
            f"| {name} | {median * 1000:.0f} | {max(values) * 1000:.0f} | {len(values)} | {ratio} |"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-datatable", action="store_true")
    parser.add_argument("--no-engine", action="store_true", help="skip labs matrix / dashboard")
    parser.add_argument("--size", default="120x40", help="terminal COLUMNSxROWS, e.g. 80x24")
    args = parser.parse_args()
    global SIZE
    columns, rows = args.size.lower().split("x")
    SIZE = (int(columns), int(rows))
    results: dict[str, list[float]] = {
        key: []
        for key in (
            "roster first paint",
            "filter keystroke",
            "filter: set_filter + render",
            "open student",
            "DataTable add_rows first paint",
            "labs matrix first paint",
            "dashboard first paint (with figures)",
            "floor: empty app first paint",
            "floor: keystroke into an Input",
            "floor: enter pushes an empty screen",
        )
    }
    with tempfile.TemporaryDirectory() as tmp:
        before = time.perf_counter()
        settings = build_database(Path(tmp), args.students)
        print(f"database: {args.students} students in {time.perf_counter() - before:.1f} s")
        engine: Settings | None = None
        if not args.no_engine:
            before = time.perf_counter()
            engine = build_engine_database(Path(tmp), args.students)
            print(
                f"engine database: {args.students} students × 40 assessments in "
                f"{time.perf_counter() - before:.1f} s"
            )
        for run in range(args.runs):  # interleaved, so drift hits both sides alike
            asyncio.run(run_floor(results))
            asyncio.run(run_roster(settings, results))
            if not args.no_datatable and run < 3:
                asyncio.run(run_datatable(args.students, results))
            if engine is not None:
                asyncio.run(run_engine(engine, results))
    report(results)


if __name__ == "__main__":
    main()
