"""The course list (``coursekit courses``, the TUI's course switcher) in one Core query.

It names its columns with lightweight ``table()`` / ``column()`` clauses instead of the
SQLModel classes, so listing the courses needs neither SQLAlchemy's ORM, nor SQLModel,
nor the model classes (about half of a database command's start-up). The schema's
home stays ``models.py``: ``tests/db/test_course_summary.py`` checks that every column
named here exists there with the same type affinity.
"""

from __future__ import annotations

from sqlalchemy import (
    Connection,
    Date,
    Float,
    Integer,
    String,
    column,
    func,
    select,
    table,
)

from coursekit.domain.records import CourseInfo

COURSE = table(
    "course",
    column("id", Integer),
    column("code", String),
    column("title", String),
    column("term", String),
    column("starts_on", Date),
    column("ends_on", Date),
    column("accounts_close_on", Date),
    column("credit_budget_usd", Float),
    column("exam_code", String),
)
ENROLLMENT = table("enrollment", column("course_id", Integer), column("status", String))
ASSESSMENT = table("assessment", column("course_id", Integer))


def course_summaries(conn: Connection) -> list[CourseInfo]:
    """Every course by code, with its active students and its assessments counted."""
    c, e, a = COURSE.c, ENROLLMENT.c, ASSESSMENT.c
    students = (
        select(func.count())
        .select_from(ENROLLMENT)
        .where(e.course_id == c.id, e.status == "active")
        .correlate(COURSE)
        .scalar_subquery()
    )
    assessments = (
        select(func.count())
        .select_from(ASSESSMENT)
        .where(a.course_id == c.id)
        .correlate(COURSE)
        .scalar_subquery()
    )
    query = select(
        c.id,
        c.code,
        c.title,
        c.term,
        c.starts_on,
        c.ends_on,
        c.accounts_close_on,
        c.credit_budget_usd,
        c.exam_code,
        students,
        assessments,
    ).order_by(c.code)
    return [CourseInfo(*row) for row in conn.execute(query)]
