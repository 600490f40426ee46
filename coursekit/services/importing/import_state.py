"""What the database holds for one course, read once per plan, and a token that
changes whenever that state changes (the queries are ``db.queries.import_state``)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from sqlmodel import Session

from coursekit.db.queries.import_state import (
    ExistingEnrollment,
    ExistingStudent,
    existing_enrollments,
    existing_students,
    state_parts,
)
from coursekit.services.importing.identity import IdentityIndex, index_student, load_identifiers


@dataclass(slots=True)
class CourseState:
    course_id: int
    students: dict[int, ExistingStudent] = field(default_factory=dict)
    by_sid: dict[str, int] = field(default_factory=dict)
    index: IdentityIndex = field(default_factory=IdentityIndex)
    enrollments: dict[int, ExistingEnrollment] = field(default_factory=dict)  # by student_pk


def load_course_state(session: Session, course_id: int) -> CourseState:
    """Every student (all courses: identity spans them) and the course's enrollments."""
    state = CourseState(course_id)
    for student in existing_students(session):
        state.students[student.pk] = student
        state.by_sid[student.student_id] = student.pk
        index_student(
            state.index,
            student.pk,
            student.student_id,
            student.lms_id,
            student.login,
            student.email,
            student.name,
        )
    load_identifiers(session, state.index)
    for enrollment in existing_enrollments(session, course_id=course_id):
        state.enrollments[enrollment.student_pk] = enrollment
    return state


def state_token(session: Session, course_id: int, *, before_batch: int | None = None) -> str:
    """A digest of everything an import plan depends on. Writers bump version
    counters or add audit rows, so any edit since the plan changes the token.
    ``before_batch`` leaves out the batch being applied (and its audit rows)."""
    parts = state_parts(session, course_id=course_id, before_batch=before_batch)
    return hashlib.sha256(repr([tuple(p) for p in parts]).encode()).hexdigest()[:32]
