"""Find a student of a course the way an instructor names them on the command line."""

from __future__ import annotations

from sqlmodel import Session

from coursekit.db import models as m
from coursekit.db.queries.courses import course_assessments
from coursekit.db.queries.student_lookup import enrollments_named
from coursekit.domain.identity import normalise
from coursekit.domain.problems import ProblemCode
from coursekit.services.context import NotFound, ServiceError


def resolve_enrollment(
    session: Session, course: m.Course, who: str
) -> tuple[m.Enrollment, m.Student]:
    """A student of ``course`` by student id, e-mail, SIS login or Canvas user id, or by
    any other identifier an import stored for them (a second e-mail, the Learner Lab
    e-mail, ...)."""
    needle = who.strip()
    found = enrollments_named(
        session, course_id=course.id, needle=needle, identifier=normalise(needle)
    )
    if not found:
        raise NotFound(f"no student {needle!r} in {course.code}")
    if len(found) > 1:
        raise ServiceError(
            f"{needle!r} matches several students in {course.code}; use the student id",
            code=ProblemCode.AMBIGUOUS,
        )
    enrollment, student = found[0]
    return enrollment, student


def resolve_assessment(session: Session, course: m.Course, ref: str) -> m.Assessment:
    """An assessment of ``course`` by its key (Canvas id) or its exact title (any case)."""
    needle = ref.strip()
    rows = course_assessments(session, course_id=course.id)
    by_key = [a for a in rows if a.key == needle]
    if by_key:
        return by_key[0]
    by_title = [a for a in rows if a.title.casefold() == needle.casefold()]
    if len(by_title) == 1:
        return by_title[0]
    if by_title:
        raise ServiceError(
            f"{needle!r} names several assessments in {course.code}; use the key",
            code=ProblemCode.AMBIGUOUS,
        )
    raise NotFound(f"no assessment {needle!r} in {course.code} (give its key or exact title)")
