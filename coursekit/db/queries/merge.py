"""What a student merge reads: both students' rows, enrollments, scores, checklist
items, identifiers and audit history (the moves themselves are ``entity_rows``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Row, select

from coursekit.db.queries.entity_rows import ENTITY_TABLES
from coursekit.db.tables import (
    ASSESSMENT,
    AUDIT_EVENT,
    CHECKLIST_ITEM,
    ENROLLMENT,
    SCORE,
    STUDENT,
    STUDENT_IDENTIFIER,
)

ScoreFacts = dict[int, tuple[str, float | None, str]]  # assessment id -> (status, points, title)


def student_row(conn: Connection, *, student_pk: int) -> Row[Any]:
    """The whole student row (attributes by column name)."""
    row: Row[Any] = conn.execute(select(STUDENT).where(STUDENT.c.id == student_pk)).one()
    return row


def student_id_of(conn: Connection, *, student_pk: int) -> str:
    sid: str = conn.execute(
        select(STUDENT.c.student_id).where(STUDENT.c.id == student_pk)
    ).scalar_one()
    return sid


def enrollments_of(conn: Connection, *, student_pk: int) -> dict[int, int]:
    """course id -> enrollment id."""
    rows = conn.execute(
        select(ENROLLMENT.c.course_id, ENROLLMENT.c.id).where(ENROLLMENT.c.student_pk == student_pk)
    )
    return {course: eid for course, eid in rows}


def score_facts(conn: Connection, *, enrollment_id: int) -> ScoreFacts:
    """The enrollment's scores with their assessment titles."""
    a = ASSESSMENT
    return {
        aid: (status, points, title)
        for aid, status, points, title, eid_ in conn.execute(
            select(
                SCORE.c.assessment_id,
                SCORE.c.status,
                SCORE.c.points,
                a.c.title,
                SCORE.c.enrollment_id,
            )
            .join(a, a.c.id == SCORE.c.assessment_id)
            .where(SCORE.c.enrollment_id == enrollment_id)
        )
        if eid_ == enrollment_id
    }


def scored_assessments(conn: Connection, *, enrollment_id: int) -> set[int]:
    return set(
        conn.execute(
            select(SCORE.c.assessment_id).where(SCORE.c.enrollment_id == enrollment_id)
        ).scalars()
    )


def scores_of(conn: Connection, *, enrollment_id: int) -> Sequence[tuple[int, int]]:
    """(score id, assessment id) of the enrollment's scores."""
    rows: Sequence[tuple[int, int]] = conn.execute(
        select(SCORE.c.id, SCORE.c.assessment_id).where(SCORE.c.enrollment_id == enrollment_id)
    ).all()
    return rows


def row_ids_held(conn: Connection, *, entity: str, enrollment_id: int) -> list[int]:
    """Ids of the rows of ``entity`` (an audit entity name) the enrollment holds."""
    t = ENTITY_TABLES[entity]
    return [
        row_id
        for (row_id,) in conn.execute(
            select(t.c.id).where(t.c.enrollment_id == enrollment_id)
        ).all()
    ]


def checklist_keys(conn: Connection, *, enrollment_id: int) -> set[tuple[Any, ...]]:
    """(rule id, resource, path) of the enrollment's checklist items."""
    c = CHECKLIST_ITEM
    return {
        tuple(r)
        for r in conn.execute(
            select(c.c.rule_id, c.c.resource, c.c.path).where(c.c.enrollment_id == enrollment_id)
        )
    }


def checklist_items(conn: Connection, *, enrollment_id: int) -> Sequence[tuple[Any, ...]]:
    """(id, rule id, resource, path) of the enrollment's checklist items."""
    c = CHECKLIST_ITEM
    rows: Sequence[tuple[Any, ...]] = conn.execute(
        select(c.c.id, c.c.rule_id, c.c.resource, c.c.path).where(
            c.c.enrollment_id == enrollment_id
        )
    ).all()
    return rows


def identifier_pairs(conn: Connection, *, student_pk: int) -> set[tuple[str, str]]:
    """(kind, value) of the student's stored identifiers."""
    i = STUDENT_IDENTIFIER
    return {
        (k, v)
        for k, v in conn.execute(select(i.c.kind, i.c.value).where(i.c.student_pk == student_pk))
    }


def identifiers_of(conn: Connection, *, student_pk: int) -> Sequence[tuple[int, str, str]]:
    """(id, kind, value) of the student's stored identifiers."""
    i = STUDENT_IDENTIFIER
    rows: Sequence[tuple[int, str, str]] = conn.execute(
        select(i.c.id, i.c.kind, i.c.value).where(i.c.student_pk == student_pk)
    ).all()
    return rows


def audit_ids_of(conn: Connection, *, student_pk: int) -> list[int]:
    """Ids of the audit rows about the student."""
    a = AUDIT_EVENT
    return [
        audit_id
        for (audit_id,) in conn.execute(select(a.c.id).where(a.c.student_pk == student_pk)).all()
    ]
