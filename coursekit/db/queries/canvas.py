"""What the Canvas features read: the course's connection, Canvas user ids and the
scores a push may send (a pull maps onto ``import_state.course_assessments``)."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from sqlalchemy import Row, select
from sqlmodel import Session, col
from sqlmodel import select as orm_select

from coursekit.db import models as m
from coursekit.domain.enums import EnrollmentStatus, ScoreStatus


def canvas_connection_of(session: Session, *, course_id: int | None) -> m.CanvasConnection | None:
    """The course's stored Canvas address and course id (None: never connected)."""
    return session.exec(
        orm_select(m.CanvasConnection).where(m.CanvasConnection.course_id == course_id)
    ).first()


def students_by_pk(
    session: Session, *, student_pks: Collection[int]
) -> Sequence[Row[int, str | None, str, str]]:
    """(student pk, Canvas user id, student id, name) of the given students."""
    return session.execute(
        select(
            col(m.Student.id),
            col(m.Student.lms_id),
            col(m.Student.student_id),
            col(m.Student.name),
        ).where(col(m.Student.id).in_(list(student_pks)))
    ).all()


def canvas_user_ids(session: Session) -> dict[int, str]:
    """student pk -> Canvas user id, for every student who has one (any course)."""
    return dict(
        session.execute(
            select(col(m.Student.id), col(m.Student.lms_id)).where(
                col(m.Student.lms_id).is_not(None)
            )
        ).all()
    )


def pushable_scores(
    session: Session, *, course_id: int | None
) -> Sequence[Row[str | None, str, str, str, str, float | None, str]]:
    """(Canvas user id, student id, name, key, title, points, status) of every graded or
    excused score of an active student with a Canvas id, by student then syllabus order."""
    st, en, sc, a = m.Student, m.Enrollment, m.Score, m.Assessment
    return session.execute(
        select(
            col(st.lms_id),
            col(st.student_id),
            col(st.name),
            col(a.key),
            col(a.title),
            col(sc.points),
            col(sc.status),
        )
        .join(en, col(en.student_pk) == col(st.id))
        .join(sc, col(sc.enrollment_id) == col(en.id))
        .join(a, col(a.id) == col(sc.assessment_id))
        .where(
            col(en.course_id) == course_id,
            col(en.status) == EnrollmentStatus.ACTIVE.value,
            col(st.lms_id).is_not(None),
            col(sc.status).in_([ScoreStatus.GRADED.value, ScoreStatus.EXCUSED.value]),
        )
        .order_by(col(st.sortable_name), col(a.position))
    ).all()
