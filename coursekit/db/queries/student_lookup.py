"""Students of a course found by any name an instructor gives them."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func
from sqlmodel import Session, col, or_, select

from coursekit.db import models as m


def enrollments_named(
    session: Session, *, course_id: int | None, needle: str, identifier: str
) -> Sequence[tuple[m.Enrollment, m.Student]]:
    """Enrollments of the course whose student has ``needle`` as student id, e-mail or SIS
    login (any case), Canvas user id, or ``identifier`` (normalised) as a stored identifier."""
    by_identifier = select(m.StudentIdentifier.student_pk).where(
        m.StudentIdentifier.value == identifier
    )
    return session.exec(
        select(m.Enrollment, m.Student)
        .join(m.Student, col(m.Student.id) == col(m.Enrollment.student_pk))
        .where(m.Enrollment.course_id == course_id)
        .where(
            or_(
                m.Student.student_id == needle,
                func.lower(m.Student.email) == needle.lower(),
                func.lower(m.Student.login) == needle.lower(),
                m.Student.lms_id == needle,
                col(m.Student.id).in_(by_identifier),
            )
        )
    ).all()
