"""One student's score rows: the row an edit changes, and the versions a view shows."""

from __future__ import annotations

from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from coursekit.db import models as m
from coursekit.db.tables import ASSESSMENT, SCORE


def assessment_id_by_key(session: Session, *, course_id: int, key: str) -> int | None:
    """The id of the course's assessment with syllabus key ``key``."""
    a = ASSESSMENT.c
    found: int | None = (
        session.connection()
        .execute(sa_select(a.id).where(a.course_id == course_id, a.key == key))
        .scalar_one_or_none()
    )
    return found


def score_row(session: Session, *, enrollment_id: int, assessment_id: int) -> m.Score | None:
    """The stored score of one enrollment on one assessment (None: never stored)."""
    return session.exec(
        select(m.Score).where(
            col(m.Score.enrollment_id) == enrollment_id,
            col(m.Score.assessment_id) == assessment_id,
        )
    ).first()


def score_versions(session: Session, *, enrollment_id: int) -> dict[str, int]:
    """Assessment key -> version of the enrollment's stored score rows."""
    rows = session.execute(
        sa_select(ASSESSMENT.c.key, SCORE.c.version)
        .join(SCORE, SCORE.c.assessment_id == ASSESSMENT.c.id)
        .where(SCORE.c.enrollment_id == enrollment_id)
    ).all()
    return {str(key): int(version) for key, version in rows}


def score_by_id(session: Session, *, score_id: int) -> m.Score | None:
    return session.get(m.Score, score_id)
