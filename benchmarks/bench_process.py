"""Speed as the user feels it: whole commands as new processes, against whole-process
floors doing the same I/O, interleaved in one run.

    python benchmarks/bench_process.py [--rounds 5] [--data DIR] [--only ROW ...]
        [--students 10000] [--assessments 40] [--pg-admin URL]

Each measurement is a fresh process run under ``/usr/bin/time -v``: wall time (measured
around the process with ``perf_counter``), CPU (user + system) and peak RSS of the
process. Rows (``--only`` picks some):

- ``xlsx`` / ``csv``: ``coursekit import gradebook FILE --course COMP529`` into a fresh
  SQLite file holding the course (set up by ``coursekit init``, not timed) vs
  ``benchmarks/floor_import.py`` (calamine or csv read + ``sqlite3.executemany`` of the
  same students, enrollments and scores into the same schema);
- ``pg-xlsx`` / ``pg-csv``: the same import into a fresh PostgreSQL database on the
  ``--pg-admin`` server (created and dropped per round), compared with the SQLite run
  of the same round, with a PostgreSQL floor (``floor_import.py`` with psycopg:
  ``executemany`` for students and enrollments, ``COPY`` for the scores) and with the
  SQLite floor. CPU is the client process's only: the server's work shows in wall time;
- ``courses``: ``coursekit courses`` on that SQLite file vs two floors: a Python process
  that opens the file with ``sqlite3`` and lists the courses, and ``coursekit --help``;
- ``bomb``: ``coursekit import gradebook bomb.xlsx`` (15 MB, a valid workbook whose sheet
  spans far more rows than the row limit, under the size and ratio caps) must fail with
  a one-line error; floor: a process reading the zip's central directory.

The machine's load average (1 min) is recorded before each measurement and its median
is printed beside each row. Data: ``benchmarks/make_data.py`` (``--data`` reuses a
folder it wrote).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BENCH = REPO / "benchmarks"
PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
COURSEKIT = [sys.executable, "-m", "coursekit"]


@dataclass
class Sample:
    wall: float
    cpu: float
    rss_mb: float
    load: float


@dataclass
class Row:
    name: str
    samples: dict[str, list[Sample]] = field(default_factory=dict)

    def add(self, which: str, sample: Sample) -> None:
        self.samples.setdefault(which, []).append(sample)

    def median(self, which: str, attr: str) -> float:
        return statistics.median(getattr(s, attr) for s in self.samples[which])


def run(cmd: list[str], *, expect_fail: bool = False, env: dict[str, str] | None = None) -> Sample:
    """One process under /usr/bin/time -v: wall, user + sys CPU, peak RSS."""
    load = os.getloadavg()[0]
    with tempfile.NamedTemporaryFile("r", suffix=".time") as report:
        start = time.perf_counter()
        done = subprocess.run(
            ["/usr/bin/time", "-v", "-o", report.name, *cmd],
            capture_output=True,
            text=True,
            cwd=REPO,
            env={**os.environ, **(env or {})},
        )
        wall = time.perf_counter() - start
        fields = dict(
            line.strip().rsplit(": ", 1) for line in report.read().splitlines() if ": " in line
        )
    failed = done.returncode != 0
    if failed != expect_fail:
        raise SystemExit(f"{' '.join(cmd)}: exit {done.returncode}\n{done.stderr[-2000:]}")
    cpu = float(fields["User time (seconds)"]) + float(fields["System time (seconds)"])
    rss = int(fields["Maximum resident set size (kbytes)"]) / 1024
    return Sample(wall, cpu, rss, load)


def quiet(cmd: list[str]) -> None:
    subprocess.run(cmd, check=True, capture_output=True, cwd=REPO)


def fresh_sqlite(work: Path, tag: str, syllabus: Path) -> Path:
    db = work / f"{tag}.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    quiet([*COURSEKIT, "--db", f"sqlite:///{db}", "init", str(syllabus)])
    return db


class PgDatabases:
    """Databases created and dropped on the admin server, one per round."""

    def __init__(self, admin_url: str) -> None:
        import psycopg

        self.admin_url = admin_url
        self.conn = psycopg.connect(admin_url.replace("+psycopg", ""), autocommit=True)

    def fresh(self, name: str, syllabus: Path) -> str:
        self.drop(name)
        self.conn.execute(f'CREATE DATABASE "{name}"')
        base, _, _ = self.admin_url.rpartition("/")
        url = f"{base}/{name}"
        quiet([*COURSEKIT, "--db", url, "init", str(syllabus)])
        return url

    def drop(self, name: str) -> None:
        self.conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def make_bomb(path: Path, target_bytes: int = 15 * 2**20) -> Path:
    """A valid xlsx whose one sheet holds ~1.6 million short rows (the row limit is
    200,000): about 15 MB zipped, ~20× compression, so the size and ratio caps of the
    central directory pass and only the row count is wrong."""
    from openpyxl import Workbook

    template = path.with_suffix(".template.xlsx")
    wb = Workbook()
    wb.active["A1"] = "Student"
    wb.save(template)
    rng = random.Random(15)
    with zipfile.ZipFile(template) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename != "xl/worksheets/sheet1.xml":
                dst.writestr(info, src.read(info))
                continue
            head, _, tail = src.read(info).decode().partition("<sheetData>")
            _, _, tail = tail.partition("</sheetData>")
            with dst.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part:
                part.write((head + "<sheetData>").encode())
                r = 0
                while dst.fp is not None and dst.fp.tell() < target_bytes:
                    chunk = []
                    for _ in range(5000):
                        r += 1
                        v = rng.randrange(10**6)
                        chunk.append(f'<row r="{r}"><c r="A{r}"><v>{v}</v></c></row>')
                    part.write("".join(chunk).encode())
                part.write(("</sheetData>" + tail).encode())
    template.unlink()
    return path


FLOOR_COURSES = (
    "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); "
    "rows = c.execute('SELECT code, title, term FROM course').fetchall(); "
    "print('\\n'.join(' '.join(map(str, r)) for r in rows))"
)
FLOOR_ZIP = (
    "import sys, zipfile; infos = zipfile.ZipFile(sys.argv[1]).infolist(); "
    "print(sum(i.file_size for i in infos))"
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--students", type=int, default=10_000)
    parser.add_argument("--assessments", type=int, default=40)
    parser.add_argument("--data", type=Path, help="a folder written by make_data.py")
    parser.add_argument("--pg-admin", default=os.environ.get("COURSEKIT_BENCH_PG", PG_ADMIN))
    parser.add_argument(
        "--only", nargs="*", choices=["xlsx", "csv", "pg-xlsx", "pg-csv", "courses", "bomb"]
    )
    args = parser.parse_args()
    from bytecode import compile_coursekit

    compile_coursekit()  # as installed: see bytecode.py
    chosen = set(args.only or ["xlsx", "csv", "pg-xlsx", "pg-csv", "courses", "bomb"])
    work = Path(tempfile.mkdtemp(prefix="coursekit-process-"))
    pg = PgDatabases(args.pg_admin) if chosen & {"pg-xlsx", "pg-csv"} else None
    try:
        data = args.data or work / "data"
        if args.data is None:
            quiet(
                [
                    sys.executable,
                    str(BENCH / "make_data.py"),
                    "--students",
                    str(args.students),
                    "--assessments",
                    str(args.assessments),
                    "--out",
                    str(data),
                    "--xlsx-gradebook",
                ]
            )
        syllabus = data / "comp529-bench.toml"
        bomb = make_bomb(work / "bomb.xlsx") if "bomb" in chosen else None
        rows = {name: Row(name) for name in sorted(chosen)}
        for rnd in range(args.rounds):
            for fmt in ("xlsx", "csv"):
                book = data / f"comp529-gradebook.{fmt}"
                importing = ["import", "gradebook", str(book), "--course", "COMP529"]
                if fmt in chosen or f"pg-{fmt}" in chosen:
                    db = fresh_sqlite(work, f"floor-{fmt}", syllabus)
                    floor = run(
                        [sys.executable, str(BENCH / "floor_import.py"), str(book), str(db)]
                    )
                    db = fresh_sqlite(work, f"ck-{fmt}", syllabus)
                    ours = run([*COURSEKIT, "--db", f"sqlite:///{db}", *importing])
                    for name in (fmt, f"pg-{fmt}"):
                        if name in rows:
                            rows[name].add("floor", floor)
                            rows[name].add("sqlite", ours)
                if pg is not None and f"pg-{fmt}" in chosen:
                    name = f"coursekit_bench_{os.getpid()}"
                    url = pg.fresh(name, syllabus)
                    floor_cmd = [sys.executable, str(BENCH / "floor_import.py"), str(book), url]
                    rows[f"pg-{fmt}"].add("pgfloor", run(floor_cmd))
                    url = pg.fresh(name, syllabus)
                    rows[f"pg-{fmt}"].add("coursekit", run([*COURSEKIT, "--db", url, *importing]))
                    pg.drop(name)
                if fmt in rows:
                    rows[fmt].samples["coursekit"] = rows[fmt].samples["sqlite"]
            if "courses" in chosen:
                db = work / "ck-csv.sqlite3"
                if not db.exists():
                    db = fresh_sqlite(work, "ck-csv", syllabus)
                row = rows["courses"]
                row.add("floor", run([sys.executable, "-c", FLOOR_COURSES, str(db)]))
                row.add("coursekit", run([*COURSEKIT, "--db", f"sqlite:///{db}", "courses"]))
                row.add("help", run([*COURSEKIT, "--help"]))
            if bomb is not None:
                db = fresh_sqlite(work, "bomb", syllabus)
                row = rows["bomb"]
                row.add("floor", run([sys.executable, "-c", FLOOR_ZIP, str(bomb)]))
                row.add(
                    "coursekit",
                    run(
                        [
                            *COURSEKIT,
                            "--db",
                            f"sqlite:///{db}",
                            "import",
                            "gradebook",
                            str(bomb),
                            "--course",
                            "COMP529",
                        ],
                        expect_fail=True,
                    ),
                )
            print(f"round {rnd + 1}/{args.rounds} done", file=sys.stderr)
        report(rows, args, bomb)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def ratio(ours: float, base: float) -> str:
    """``ours / base`` as "2.10×"; "–" when the base is 0 (a floor's CPU time is counted in
    hundredths of a second by /usr/bin/time, and a median of the sqlite3 listing can be 0.00)."""
    return f"{ours / base:.2f}×" if base > 0 else "–"


def report(rows: dict[str, Row], args: argparse.Namespace, bomb: Path | None) -> None:
    print(
        f"{args.students} students × {args.assessments} assessments, medians of {args.rounds} "
        "interleaved rounds; wall s / CPU s / peak MB; load = 1-min load average (2 cores)"
    )
    print("| row | coursekit wall / CPU / MB | floor wall / CPU / MB | ratio wall (CPU) | load |")
    print("|---|---|---|---|---|")
    for name, row in rows.items():
        ours_key = "coursekit"
        base_key = "floor" if not name.startswith("pg-") else "sqlite"
        ours = [row.median(ours_key, a) for a in ("wall", "cpu", "rss_mb")]
        base = [row.median(base_key, a) for a in ("wall", "cpu", "rss_mb")]
        label = name if not name.startswith("pg-") else f"{name} (base: the SQLite run)"
        load = statistics.median(s.load for ss in row.samples.values() for s in ss)
        print(
            f"| {label} | {ours[0]:.2f} / {ours[1]:.2f} / {ours[2]:.0f} "
            f"| {base[0]:.2f} / {base[1]:.2f} / {base[2]:.0f} "
            f"| {ratio(ours[0], base[0])} ({ratio(ours[1], base[1])}) | {load:.1f} |"
        )
        if name.startswith("pg-"):
            for key, what in (("pgfloor", "PostgreSQL floor (COPY)"), ("floor", "SQLite floor")):
                floor = [row.median(key, a) for a in ("wall", "cpu", "rss_mb")]
                print(
                    f"| {name} vs the {what} | | {floor[0]:.2f} / {floor[1]:.2f} / "
                    f"{floor[2]:.0f} | {ratio(ours[0], floor[0])} ({ratio(ours[1], floor[1])}) | |"
                )
        if name == "courses":
            help_ = [row.median("help", a) for a in ("wall", "cpu", "rss_mb")]
            print(
                f"| courses vs `coursekit --help` | | {help_[0]:.2f} / {help_[1]:.2f} / "
                f"{help_[2]:.0f} | {ratio(ours[0], help_[0])} ({ratio(ours[1], help_[1])}) | |"
            )
    if bomb is not None:
        print(f"bomb: {bomb.stat().st_size / 2**20:.1f} MB zipped")


if __name__ == "__main__":
    main()
