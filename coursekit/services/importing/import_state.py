"""What the database holds for one course, read once per plan (column tuples,
never ORM objects), and a token that changes whenever that state changes."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlmodel import Session, col

from coursekit.db import models as m
from coursekit.services.importing.identity import IdentityIndex, index_student, load_identifiers


@dataclass(slots=True)
class ExistingStudent:
    pk: int
    student_id: str
    name: str
    sortable_name: str
    email: str | None
    lms_id: str | None
    login: str | None


@dataclass(slots=True)
class ExistingEnrollment:
    id: int
    student_pk: int
    section: str
    status: str


@dataclass(slots=True)
class CourseState:
    course_id: int
    students: dict[int, ExistingStudent] = field(default_factory=dict)
    by_sid: dict[str, int] = field(default_factory=dict)
    index: IdentityIndex = field(default_factory=IdentityIndex)
    enrollments: dict[int, ExistingEnrollment] = field(default_factory=dict)  # by student_pk


def load_students(session: Session, course_id: int) -> CourseState:
    state = CourseState(course_id)
    s = m.Student
    rows = session.execute(
        select(
            col(s.id),
            col(s.student_id),
            col(s.name),
            col(s.sortable_name),
            col(s.email),
            col(s.lms_id),
            col(s.login),
        )
    )
    for row in rows:
        student = ExistingStudent(*row)
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
    e = m.Enrollment
    for row in session.execute(
        select(col(e.id), col(e.student_pk), col(e.section), col(e.status)).where(
            col(e.course_id) == course_id
        )
    ):
        state.enrollments[row[1]] = ExistingEnrollment(*row)
    return state


ScoreRow = tuple[int, str, float | None, bool, datetime]  # id, status, points, manual, updated_at


def load_scores(session: Session, course_id: int) -> dict[tuple[int, int], ScoreRow]:
    sc, a = m.Score, m.Assessment
    rows = session.execute(
        select(
            col(sc.enrollment_id),
            col(sc.assessment_id),
            col(sc.id),
            col(sc.status),
            col(sc.points),
            col(sc.manual),
            col(sc.updated_at),
        )
        .join(a, col(a.id) == col(sc.assessment_id))
        .where(col(a.course_id) == course_id)
    )
    return {(r[0], r[1]): (r[2], r[3], r[4], r[5], r[6]) for r in rows}


def _enrollment_ids(course_id: int) -> Any:
    enrolled = col(m.Enrollment.course_id) == course_id
    return select(col(m.Enrollment.id)).where(enrolled).scalar_subquery()


def state_token(session: Session, course_id: int, *, before_batch: int | None = None) -> str:
    """A digest of everything an import plan depends on. Writers bump version
    counters or add audit rows, so any edit since the plan changes the token.
    ``before_batch`` leaves out the batch being applied (and its audit rows)."""
    audit, batch = m.AuditEvent, m.ImportBatch
    audit_q = select(func.max(col(audit.id)))
    batch_q = select(func.max(col(batch.id)), func.count(col(batch.undone_at)))
    if before_batch is not None:
        audit_batch = col(audit.batch_id)
        audit_q = audit_q.where((audit_batch != before_batch) | audit_batch.is_(None))
        batch_q = batch_q.where(col(batch.id) != before_batch)
    enrolled = col(m.Enrollment.course_id) == course_id
    in_course = select(col(m.Enrollment.id)).where(enrolled)
    parts: list[Any] = [
        session.execute(audit_q).one(),
        session.execute(batch_q).one(),
        session.execute(
            select(func.count(), func.max(col(m.Student.id)), func.sum(m.Student.version))
        ).one(),
        session.execute(select(func.count(), func.sum(m.Enrollment.version)).where(enrolled)).one(),
        session.execute(
            select(func.count(), func.sum(m.Score.version), func.max(m.Score.updated_at)).where(
                col(m.Score.enrollment_id).in_(in_course)
            )
        ).one(),
        session.execute(
            select(
                func.count(), func.max(col(m.CreditEvent.id)), func.sum(m.CreditEvent.amount_usd)
            ).where(col(m.CreditEvent.enrollment_id).in_(in_course))
        ).one(),
        session.execute(select(func.count(), func.max(col(m.StudentIdentifier.id)))).one(),
        session.execute(
            select(func.count(), func.max(col(m.PracticeAttempt.id))).where(
                col(m.PracticeAttempt.enrollment_id).in_(in_course)
            )
        ).one(),
        session.execute(
            select(
                col(m.Assessment.id),
                col(m.Assessment.key),
                col(m.Assessment.title),
                col(m.Assessment.points_possible),
            )
            .where(col(m.Assessment.course_id) == course_id)
            .order_by(col(m.Assessment.id))
        ).all(),
    ]
    return hashlib.sha256(repr([tuple(p) for p in parts]).encode()).hexdigest()[:32]
