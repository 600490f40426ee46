"""Shared builders for the import service tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import text

from support import import_files

TESTS = Path(__file__).resolve().parent.parent
COMP529_KEYS = ("1937901", "1937911", "1938004")  # two guided labs (30 pts), a challenge lab (45)
TITLES = {
    "1937901": "Guided lab: Exploring AWS Identity and Access Management (IAM)",
    "1937911": "Guided lab: Introducing Amazon Elastic File System (Amazon EFS)",
    "1938004": "Challenge lab: Creating a Static Website for the Café",
}
POINTS = {"1937901": 30.0, "1937911": 30.0, "1938004": 45.0}
PEOPLE = [  # student number, first, last, email, Canvas ID, section
    ("000101", "Ada", "Lovelace", "ada@example.edu", "11", "S1"),
    ("000102", "Grace", "Hopper", "grace@example.edu", "12", "S1"),
    ("000103", "Zoë", "Müller", "zoe@example.edu", "13", "S2"),
]


def roster_xlsx(path: Path, people: list[tuple[str, ...]] = PEOPLE) -> Path:
    rows: list[list[object]] = [["Student Number", "First Name", "Last Name", "Email", "Section"]]
    rows += [[p[0], p[1], p[2], p[3], p[5]] for p in people]
    return import_files.make_xlsx(path, rows)


def gradebook_csv(
    path: Path, scores: dict[str, list[str]], people: list[tuple[str, ...]] = PEOPLE
) -> Path:
    """``scores``: Canvas ID -> cells for COMP529_KEYS."""
    chosen = [p for p in people if p[4] in scores]
    students = [(f"{p[2]}, {p[1]}", p[4], p[3], p[5]) for p in chosen]
    columns = [(f"{TITLES[k]} ({k})", POINTS[k]) for k in COMP529_KEYS]
    rows = import_files.gradebook_rows(students, columns, [scores[p[4]] for p in chosen])
    return import_files.write_csv(path, rows)


def dump(ctx: Any) -> dict[str, list[tuple[Any, ...]]]:
    """The user-visible state (no version counters or timestamps)."""
    queries = {
        "student": "SELECT id, student_id, name, sortable_name, email, lms_id, login FROM student",
        "enrollment": "SELECT id, course_id, student_pk, section, status, dropped_at IS NULL "
        "FROM enrollment",
        "score": "SELECT enrollment_id, assessment_id, points, status, manual FROM score",
        "creditevent": "SELECT enrollment_id, at, kind, amount_usd FROM creditevent",
        "practiceattempt": "SELECT enrollment_id, exam_code, taken_at, percent, scaled_score, "
        "minutes, questions FROM practiceattempt",
    }
    with ctx.engine.connect() as conn:
        return {
            name: sorted(tuple(r) for r in conn.execute(text(q))) for name, q in queries.items()
        }


def scalar(ctx: Any, sql: str) -> Any:
    with ctx.engine.connect() as conn:
        return conn.execute(text(sql)).scalar()
