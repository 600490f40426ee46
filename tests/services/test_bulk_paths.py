"""The bulk write paths give the same rows as the plain SQLAlchemy path they replace:
``bulk_insert`` (column-wise processing + ``executemany`` on SQLite, ``COPY`` on
PostgreSQL) against ``conn.execute(table.insert(), dicts)``, and a benchmark-shaped
gradebook imported into SQLite and into PostgreSQL gives the same database."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, text

from coursekit.db import models as m
from coursekit.db.bulk import bulk_insert
from coursekit.services.courses import init_course
from coursekit.services.importing.imports import apply_import, plan_import
from support.bench_data import make_data

PRACTICE = m.PracticeAttempt.__table__  # type: ignore[attr-defined]
COLUMNS = ("enrollment_id", "exam_code", "taken_at", "percent", "domain_percents", "questions")
T0 = datetime(2026, 11, 2, 9, 30, tzinfo=UTC)
ROWS = [  # None, repeated and distinct datetimes, unhashable JSON, quotes and tabs in text
    (1, "SAA-C03", T0, 71.5, {"1": 70.0, "2": 80.5}, 65),
    (1, "SAA-C03", T0, None, {}, None),
    (2, "CLF-C02", datetime(2026, 11, 3, tzinfo=UTC), 0.0, {"x\t'\"": 1.0}, 0),
    (2, 'weird\t"\\', T0, 100.0, {"3": None}, 10),
]


def _enrolled(ctx: Any) -> None:
    with ctx.engine.begin() as conn:
        course_id = conn.execute(select(m.Course.id)).scalar_one()
        for i in (1, 2):
            conn.execute(
                m.Student.__table__.insert().values(id=i, student_id=f"s{i}", name=f"S{i}")
            )
            conn.execute(
                m.Enrollment.__table__.insert().values(
                    id=i, course_id=course_id, student_pk=i, enrolled_at=T0
                )
            )


def _same_rows_both_ways(ctx: Any) -> None:
    _enrolled(ctx)
    read = select(*(PRACTICE.c[c] for c in COLUMNS)).order_by(PRACTICE.c.id)
    with ctx.engine.begin() as conn:
        conn.execute(PRACTICE.insert(), [dict(zip(COLUMNS, r, strict=True)) for r in ROWS])
        reference = conn.execute(read).all()
        conn.execute(PRACTICE.delete())
        assert bulk_insert(conn, PRACTICE, COLUMNS, ROWS) == len(ROWS)
        assert conn.execute(read).all() == reference
    assert [tuple(r) for r in reference] == [
        (e, x, t, p, d, q) for e, x, t, p, d, q in ROWS
    ]  # and both are the values given


def test_bulk_insert_matches_core_insert_on_sqlite(course_ctx: Any) -> None:
    _same_rows_both_ways(course_ctx)


@pytest.mark.postgres
def test_bulk_insert_by_copy_matches_core_insert_on_postgres(pg_ctx: Any) -> None:
    from tests.conftest import COMP529

    init_course(pg_ctx, COMP529)
    _same_rows_both_ways(pg_ctx)


def _gradebook(tmp_path: Path) -> tuple[Path, Path]:
    out = tmp_path / "data"
    make_data(out, students=300)
    return out / "comp529-gradebook.csv", out / "comp529-bench.toml"


def _imported(ctx: Any, book: Path, syllabus: Path) -> tuple[list[Any], list[Any], dict[str, int]]:
    init_course(ctx, syllabus)
    batch = apply_import(ctx, plan_import(ctx, "gradebook", book, course="COMP529"))
    with ctx.engine.connect() as conn:
        scores = conn.execute(
            text(
                "SELECT s.student_id, a.key, sc.points, sc.status, sc.manual, sc.version "
                "FROM score sc JOIN enrollment e ON e.id = sc.enrollment_id "
                "JOIN student s ON s.id = e.student_pk "
                "JOIN assessment a ON a.id = sc.assessment_id "
                "ORDER BY s.student_id, a.key"
            )
        ).all()
        audit = conn.execute(
            text(
                "SELECT s.student_id, au.entity, au.field, au.old, au.new FROM auditevent au "
                "LEFT JOIN student s ON s.id = au.student_pk "
                "ORDER BY s.student_id, au.field, au.new"
            )
        ).all()
    return [tuple(r) for r in scores], [tuple(r) for r in audit], dict(batch.counts)


@pytest.mark.postgres
def test_a_benchmark_gradebook_imports_the_same_into_sqlite_and_postgres(
    course_ctx: Any, pg_ctx: Any, tmp_path: Path
) -> None:
    book, syllabus = _gradebook(tmp_path)
    with course_ctx.engine.begin() as conn:  # a fresh SQLite course from the bench syllabus
        conn.execute(text("DELETE FROM assessment"))
        conn.execute(text("DELETE FROM course"))
    lite = _imported(course_ctx, book, syllabus)
    pg = _imported(pg_ctx, book, syllabus)
    assert lite[2]["scores_added"] > 300 * 30  # the file's cells, not a handful
    assert len(lite[0]) == lite[2]["scores_added"]
    assert pg == lite
