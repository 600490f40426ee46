"""Courses, their assessments and enrollments, looked up as ORM rows."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func
from sqlmodel import Session, col, select

from coursekit.db import models as m


def course_by_code(session: Session, *, code: str) -> m.Course | None:
    return session.exec(select(m.Course).where(m.Course.code == code)).first()


def all_courses(session: Session) -> Sequence[m.Course]:
    """Every course, by code."""
    return session.exec(select(m.Course).order_by(m.Course.code)).all()


def course_counts(session: Session, *, course_id: int | None) -> tuple[int, int]:
    """(active students, assessments) of the course."""
    students = session.exec(
        select(func.count())
        .select_from(m.Enrollment)
        .where(m.Enrollment.course_id == course_id, m.Enrollment.status == "active")
    ).one()
    assessments = session.exec(
        select(func.count()).select_from(m.Assessment).where(m.Assessment.course_id == course_id)
    ).one()
    return students, assessments


def course_assessments(session: Session, *, course_id: int | None) -> list[m.Assessment]:
    """The course's assessment rows, in the database's order."""
    return list(session.exec(select(m.Assessment).where(m.Assessment.course_id == course_id)))


def enrollment_by_id(session: Session, *, enrollment_id: int) -> m.Enrollment | None:
    return session.get(m.Enrollment, enrollment_id)


def assessments_in_order(session: Session, *, course_id: int | None) -> Sequence[m.Assessment]:
    """The course's assessment rows in syllabus order (position, then id)."""
    return session.exec(
        select(m.Assessment)
        .where(m.Assessment.course_id == course_id)
        .order_by(col(m.Assessment.position), col(m.Assessment.id))
    ).all()


def course_by_id(session: Session, *, course_id: int) -> m.Course | None:
    return session.get(m.Course, course_id)


def student_by_pk(session: Session, *, student_pk: int) -> m.Student | None:
    return session.get(m.Student, student_pk)


def assessment_by_id(session: Session, *, assessment_id: int) -> m.Assessment | None:
    return session.get(m.Assessment, assessment_id)


def section_names(session: Session, *, course_code: str) -> Sequence[str]:
    """The distinct sections the course's enrollments use (unordered)."""
    return session.exec(
        select(m.Enrollment.section)
        .join(m.Course, col(m.Course.id) == col(m.Enrollment.course_id))
        .where(m.Course.code == course_code)
        .distinct()
    ).all()
