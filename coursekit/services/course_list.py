"""The list of courses, read without the ORM: ``coursekit courses`` imports this module
(not ``services.courses``, which loads the model classes) so it starts on SQLAlchemy
Core alone."""

from __future__ import annotations

from coursekit.db.queries.course_summary import course_summaries
from coursekit.domain.records import CourseInfo
from coursekit.services.context import ServiceContext


def list_courses(ctx: ServiceContext) -> list[CourseInfo]:
    """Every course by code, with its active students and assessments counted."""
    with ctx.read_core() as conn:
        return course_summaries(conn)
