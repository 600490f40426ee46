"""Whole-process floor for ``coursekit import gradebook``: the same file read and the
same students, enrollments and scores inserted with ``sqlite3.executemany``, nothing
else (no validation, no diff, no audit). Only the standard library and, for xlsx,
python-calamine are imported, so the process costs what the I/O costs.

    python benchmarks/floor_import.py FILE.xlsx|FILE.csv DATABASE.sqlite3
    python benchmarks/floor_import.py FILE.xlsx|FILE.csv postgresql://...   # psycopg, COPY

The database must already hold the schema and the course (``coursekit init``). On
PostgreSQL the students and enrollments go by ``executemany`` and the scores by ``COPY``.
"""

from __future__ import annotations

import sqlite3
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any


def read_rows(path: Path) -> list[list[object]]:
    if path.suffix == ".xlsx":
        from python_calamine import CalamineWorkbook

        return CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    import csv

    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))


class Pg:
    """The few calls main() makes, on psycopg (``?`` placeholders become ``%s``)."""

    def __init__(self, url: str) -> None:
        import psycopg

        self.conn = psycopg.connect(url.replace("+psycopg", ""))

    def execute(self, sql: str) -> list[tuple[object, ...]]:
        return self.conn.execute(sql).fetchall()

    def executemany(self, sql: str, rows: list[tuple[object, ...]]) -> None:
        if sql.startswith("INSERT INTO score"):
            with self.conn.cursor().copy(
                "COPY score (enrollment_id, assessment_id, points, status, manual, updated_at,"
                " version) FROM STDIN"
            ) as copy:
                for row in rows:
                    copy.write_row((*row[:4], False, row[4], 1))
            return
        with self.conn.cursor() as cur:
            cur.executemany(sql.replace("?", "%s"), rows)

    def commit(self) -> None:
        self.conn.commit()

    def close(self) -> None:
        self.conn.close()


def connect(db: str) -> sqlite3.Connection | Pg:
    if db.startswith("postgresql"):
        return Pg(db)
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    return conn


def insert_gradebook(
    conn: Any, rows: list[list[object]], assessments: dict[str, int], course_id: int
) -> tuple[int, int]:
    """Insert the gradebook ``rows`` (header, two special rows, students) as students,
    enrollments and scores, nothing else; (students, scores) inserted. Shared with the
    in-process floor of ``bench_import.py``."""
    header = [str(h) for h in rows[0]]
    columns = [
        (i, assessments[h.rsplit("(", 1)[1].rstrip(")")])
        for i, h in enumerate(header)
        if h.endswith(")") and h.rsplit("(", 1)[1].rstrip(")") in assessments
    ]
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    people = [r for r in rows[3:] if r[0] != "Student, Test"]
    conn.executemany(
        "INSERT INTO student (student_id, name, sortable_name, email, lms_id, login, version) "
        "VALUES (?, ?, ?, ?, ?, ?, 1)",
        [(f"canvas:{r[1]}", str(r[0]), str(r[0]), str(r[2]), str(r[1]), str(r[2])) for r in people],
    )
    pks = dict(conn.execute("SELECT lms_id, id FROM student"))
    conn.executemany(
        "INSERT INTO enrollment (course_id, student_pk, section, status, enrolled_at, version) "
        "VALUES (?, ?, ?, 'active', ?, 1)",
        [(course_id, pks[str(r[1])], str(r[3]), now) for r in people],
    )
    enrollments = dict(conn.execute("SELECT student_pk, id FROM enrollment"))
    words = {"EX": "excused", "N/A": "not_assigned", "": "missing", "-": "missing"}
    scores = []
    for r in people:
        enrollment = enrollments[pks[str(r[1])]]
        for index, assessment in columns:
            value = r[index] if index < len(r) else ""
            status = words.get(value) if isinstance(value, str) else None
            points = None if status else float(value)  # type: ignore[arg-type]
            scores.append((enrollment, assessment, points, status or "graded", now))
    conn.executemany(
        "INSERT INTO score (enrollment_id, assessment_id, points, status, manual, updated_at, "
        "version) VALUES (?, ?, ?, ?, 0, ?, 1)",
        scores,
    )
    return len(people), len(scores)


def main(path: Path, db: str) -> int:
    conn: Any = connect(db)
    assessments = dict(conn.execute("SELECT key, id FROM assessment"))
    (course_id,) = next(iter(conn.execute("SELECT id FROM course")))
    people, scores = insert_gradebook(conn, read_rows(path), assessments, course_id)
    conn.commit()
    conn.close()
    print(f"{people} students, {scores} scores")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), sys.argv[2]))
