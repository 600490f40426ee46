"""A department shares one PostgreSQL database: the queries behind one course's views
must reach that course's rows through indexes, never by scanning every course's scores,
credit events or practice attempts. The plans are captured with EXPLAIN on the
statements the services really send."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import event, insert, select, text

from coursekit.db import models as m
from coursekit.db.queries.course_data import (
    attempt_facts,
    credit_facts,
    enrolled_students,
    score_facts,
)
from coursekit.services.courses import init_course
from coursekit.services.importing.imports import plan_import
from coursekit.services.reporting.reports import build_report
from coursekit.services.views.course_dashboard import dashboard
from coursekit.services.views.credits import credit_rows
from coursekit.services.views.grades import grade_rows
from coursekit.services.views.labs import lab_matrix
from coursekit.services.views.readiness import readiness_rows
from tests.conftest import COMP529, ROSTERS

COURSES, STUDENTS = 40, 100  # the department shape (40 courses), fewer students
# Per-course tables (a student is one person across courses: matching reads them all).
BIG_TABLES = ("score", "creditevent", "practiceattempt", "enrollment", "auditevent")
AT = datetime(2026, 10, 1, tzinfo=UTC)


def _department(ctx, tmp_path) -> list[int]:  # type: ignore[no-untyped-def]
    """COURSES copies of COMP529 (other codes), STUDENTS each, every score filled."""
    source = COMP529.read_text(encoding="utf-8")
    for k in range(COURSES):
        path = tmp_path / f"c{k}.toml"
        path.write_text(source.replace('code = "COMP529"', f'code = "D{k:03d}"', 1), "utf-8")
        init_course(ctx, path)
    rng = random.Random(7)
    with ctx.engine.begin() as conn:
        course_ids = list(conn.execute(select(m.Course.id).order_by(m.Course.id)).scalars())
        conn.execute(
            insert(m.Student.__table__),
            [{"student_id": f"{i:07d}", "name": f"S {i}", "version": 1} for i in range(STUDENTS)],
        )
        pks = list(conn.execute(select(m.Student.id).order_by(m.Student.id)).scalars())
        for cid in course_ids:
            conn.execute(
                insert(m.Enrollment.__table__),
                [
                    {"course_id": cid, "student_pk": pk, "enrolled_at": AT, "version": 1}
                    for pk in pks
                ],
            )
            eids = list(
                conn.execute(select(m.Enrollment.id).where(m.Enrollment.course_id == cid)).scalars()
            )
            aids = list(
                conn.execute(select(m.Assessment.id).where(m.Assessment.course_id == cid)).scalars()
            )
            conn.execute(
                insert(m.Score.__table__),
                [
                    {
                        "enrollment_id": e,
                        "assessment_id": a,
                        "points": rng.uniform(0, 10),
                        "status": "graded",
                        "submitted_at": AT,
                        "manual": False,
                        "updated_at": AT,
                        "version": 1,
                    }
                    for e in eids
                    for a in aids
                ],
            )
            conn.execute(
                insert(m.CreditEvent.__table__),
                [
                    {
                        "enrollment_id": e,
                        "at": AT + timedelta(days=d),
                        "kind": "usage_snapshot",
                        "amount_usd": float(d),
                        "source": "t",
                    }
                    for e in eids
                    for d in range(5)
                ],
            )
            conn.execute(
                insert(m.PracticeAttempt.__table__),
                [
                    {
                        "enrollment_id": e,
                        "exam_code": "SAA-C03",
                        "taken_at": AT,
                        "percent": 70.0,
                        "domain_percents": {},
                    }
                    for e in eids
                ],
            )
    with ctx.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("ANALYZE"))
    return course_ids


@pytest.mark.postgres
def test_one_course_of_a_department_is_read_through_indexes(pg_ctx, tmp_path) -> None:  # type: ignore[no-untyped-def]
    course_ids = _department(pg_ctx, tmp_path)
    course_id = course_ids[COURSES // 2]
    code = f"D{COURSES // 2:03d}"
    sent: list[tuple[str, object]] = []

    def record(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        if statement.lstrip().upper().startswith("SELECT"):
            sent.append((statement, parameters))

    event.listen(pg_ctx.engine, "before_cursor_execute", record)
    try:
        with pg_ctx.read() as session:
            scores = score_facts(session, course_id=course_id)
            score_facts(session, course_id=course_id, kinds=("guided_lab",), with_times=False)
            enrolled_students(session, course_id=course_id)
            credit_facts(session, course_id=course_id)
            attempt_facts(session, course_id=course_id)
        for view in (dashboard, grade_rows, lab_matrix, credit_rows, readiness_rows):
            view(pg_ctx, code)
        build_report(pg_ctx, "grades", course=code)
        plan_import(pg_ctx, "gradebook", ROSTERS / "comp529-gradebook.csv", course=code)
    finally:
        event.remove(pg_ctx.engine, "before_cursor_execute", record)
    assert len(scores) == STUDENTS  # the right course, every student
    assert len(sent) > 10
    plans, forced = [], []
    with pg_ctx.engine.connect() as conn:
        raw = conn.connection.dbapi_connection
        with raw.cursor() as cur:
            for statement, parameters in sent:
                cur.execute("EXPLAIN " + statement, parameters)
                plans.append("\n".join(r[0] for r in cur.fetchall()))
            # With sequential scans priced out, a Seq Scan left in a plan means no index
            # can serve the query at all (the planner's choice on small tables aside).
            cur.execute("SET enable_seqscan = off")
            for statement, parameters in sent:
                cur.execute("EXPLAIN " + statement, parameters)
                forced.append("\n".join(r[0] for r in cur.fetchall()))
        raw.rollback()
    for plan in plans[:2]:  # the scores, as the planner chooses at this size
        assert "Seq Scan on score" not in plan, plan
    for statement, plan in zip((s for s, _ in sent), forced, strict=True):
        for table in BIG_TABLES:
            assert f"Seq Scan on {table}" not in plan, f"{statement}\n{plan}"
