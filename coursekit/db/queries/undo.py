"""What undoing a batch reads and deletes beyond the rows named by its audit trail
(``entity_rows``): the course's assessment keys, the scores a gradebook batch
created, enrollments of the students it created, and its identifiers."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import Connection, select

from coursekit.db.bulk import IN_CHUNK, chunks
from coursekit.db.tables import ASSESSMENT, ENROLLMENT, SCORE, STUDENT_IDENTIFIER


def assessment_ids_by_key(conn: Connection, *, course_id: int) -> dict[str, int]:
    """The course's assessments: key -> id."""
    a = ASSESSMENT
    return {
        k: i for k, i in conn.execute(select(a.c.key, a.c.id).where(a.c.course_id == course_id))
    }


def score_owners(conn: Connection, *, enrollment_ids: list[int]) -> Iterator[tuple[Any, ...]]:
    """(id, enrollment id, assessment id, status, points, manual, batch id) of the
    enrollments' scores, an IN list at a time (the caller may stop early)."""
    sc = SCORE
    for part in chunks(enrollment_ids, IN_CHUNK):
        for row in conn.execute(
            select(
                sc.c.id,
                sc.c.enrollment_id,
                sc.c.assessment_id,
                sc.c.status,
                sc.c.points,
                sc.c.manual,
                sc.c.batch_id,
            ).where(sc.c.enrollment_id.in_(part))
        ):
            yield tuple(row)


def enrollments_of_students(conn: Connection, *, student_pks: Sequence[int]) -> list[int]:
    """Ids of the enrollments (any course) of these students (one IN list)."""
    e = ENROLLMENT
    return list(conn.execute(select(e.c.id).where(e.c.student_pk.in_(student_pks))).scalars())


def delete_batch_identifiers(conn: Connection, *, batch_id: int) -> None:
    """The identifiers the batch stored."""
    i = STUDENT_IDENTIFIER
    conn.execute(i.delete().where(i.c.batch_id == batch_id))
