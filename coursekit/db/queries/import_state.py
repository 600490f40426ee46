"""What an import plan reads: one course's students, enrollments, scores, credit
events and practice attempts (column tuples, never ORM objects), the parts of its
state token, and the fields edited by hand since a file was exported."""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    String,
    Text,
    bindparam,
    func,
    literal_column,
    or_,
    select,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Mapped
from sqlmodel import Session, col

from coursekit.db import models as m
from coursekit.db.bulk import IN_CHUNK, chunks


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


Column = ColumnElement[Any] | Mapped[Any]
ScoreRow = tuple[int, str, float | None, bool, datetime]  # id, status, points, manual, updated_at
AssessmentRow = tuple[str, str, float, int]  # key, title, points_possible, id


def existing_students(session: Session) -> Iterator[ExistingStudent]:
    """Every stored student."""
    return _students(session, None)


def _students(session: Session, where: ColumnElement[bool] | None) -> Iterator[ExistingStudent]:
    """The students ``where`` selects (all when None), as ``ExistingStudent``."""
    s = m.Student
    query = select(
        col(s.id),
        col(s.student_id),
        col(s.name),
        col(s.sortable_name),
        col(s.email),
        col(s.lms_id),
        col(s.login),
    )
    for row in session.execute(query if where is None else query.where(where)):
        yield ExistingStudent(*row)


def student_count(session: Session) -> int:
    """How many students are stored (every course)."""
    return int(session.execute(select(func.count()).select_from(m.Student)).scalar_one())


def reachable_students(
    session: Session, *, course_id: int, values: Collection[str], names: Collection[str]
) -> Iterator[ExistingStudent]:
    """A superset of the students an import of one course can reach: those enrolled
    in it, those whose own identifying columns (student id, Canvas id, login,
    e-mail) or any stored identifier compares equal to one of ``values``, and those
    whose name compares equal to one of ``names`` — "equal" as identity matching
    compares: stripped and casefolded (``domain.identity.normalise``; ``values`` and
    ``names`` come normalised).

    SQL cannot casefold the way Python does (SQLite's ``lower`` folds ASCII only,
    PostgreSQL's depends on the collation, neither maps ß to ss), so a row is
    compared in SQL only where that comparison is exact: a value made of printable
    ASCII alone, whose Python fold is ASCII ``lower`` after trimming spaces. Every
    row holding any other character (accents, tabs, non-breaking spaces, …) in one
    of those columns is returned as well, for the caller to compare in Python. The
    result may hold more students than the file reaches, never fewer."""
    s, e, si = m.Student, m.Enrollment, m.StudentIdentifier
    dialect = session.get_bind().dialect.name
    wanted = _value_list(dialect, sorted(values), "values")
    named = _value_list(dialect, sorted(names), "names")
    identifying = (col(s.student_id), col(s.lms_id), col(s.login), col(s.email))
    held = select(col(si.student_pk)).where(
        or_(_folded(dialect, col(si.value)).in_(wanted), _unfoldable(dialect, col(si.value)))
    )
    reach = or_(
        col(s.id).in_(select(col(e.student_pk)).where(col(e.course_id) == course_id)),
        *(_folded(dialect, c).in_(wanted) for c in identifying),
        _folded(dialect, col(s.name)).in_(named),
        *(_unfoldable(dialect, c) for c in (*identifying, col(s.name))),
        col(s.id).in_(held),
    )
    return _students(session, reach)


def _value_list(dialect: str, values: list[str], name: str) -> Select[Any]:
    """The values as a one-column subquery bound as ONE parameter (a file brings
    tens of thousands: more than SQLite's bound-parameter limit as an ``IN`` list)."""
    if dialect == "postgresql":
        array = bindparam(name, values, type_=ARRAY(Text))
        return select(func.unnest(array))
    listed = bindparam(name, json.dumps(values), type_=String)
    return select(literal_column("value", String)).select_from(func.json_each(listed))


def _folded(dialect: str, column: Column) -> ColumnElement[str]:
    """``column`` trimmed of spaces and lower-cased in ASCII only (the "C"
    collation on PostgreSQL, SQLite's own ``lower``)."""
    if dialect == "postgresql":
        column = column.collate("C")
    return func.lower(func.trim(column))


def _unfoldable(dialect: str, column: Column) -> ColumnElement[bool]:
    """``column`` holds a character outside printable ASCII (space … tilde), where
    ``_folded`` and Python's ``strip().casefold()`` could disagree."""
    if dialect == "postgresql":
        return column.collate("C").regexp_match("[^ -~]")
    return column.op("GLOB")("*[^ -~]*")


def identifier_rows_of(
    session: Session, *, student_pks: Sequence[int]
) -> Iterator[tuple[int, str, str]]:
    """Every stored identifier of these students: (student pk, kind, value)."""
    si = m.StudentIdentifier
    for part in chunks(list(student_pks), IN_CHUNK):
        rows: Iterable[tuple[int, str, str]] = session.execute(
            select(col(si.student_pk), col(si.kind), col(si.value)).where(
                col(si.student_pk).in_(part)
            )
        )
        yield from rows


def existing_enrollments(session: Session, *, course_id: int) -> Iterator[ExistingEnrollment]:
    """The course's enrollments."""
    e = m.Enrollment
    for row in session.execute(
        select(col(e.id), col(e.student_pk), col(e.section), col(e.status)).where(
            col(e.course_id) == course_id
        )
    ):
        yield ExistingEnrollment(*row)


def existing_scores(session: Session, *, course_id: int) -> dict[tuple[int, int], ScoreRow]:
    """The course's scores by (enrollment id, assessment id)."""
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


def course_assessments(session: Session, *, course_id: int) -> list[AssessmentRow]:
    """The course's assessments in syllabus order."""
    rows = session.execute(
        select(
            col(m.Assessment.key),
            col(m.Assessment.title),
            col(m.Assessment.points_possible),
            col(m.Assessment.id),
        )
        .where(col(m.Assessment.course_id) == course_id)
        .order_by(col(m.Assessment.position))
    ).all()
    return [(r[0], r[1], r[2], r[3]) for r in rows]


def credit_event_rows(
    session: Session, *, enrollment_ids: Sequence[int]
) -> Iterable[tuple[int, int, datetime, str, float]]:
    """(id, enrollment id, at, kind, amount) of the enrollments' credit events."""
    ce = m.CreditEvent
    return session.execute(
        select(
            col(ce.id), col(ce.enrollment_id), col(ce.at), col(ce.kind), col(ce.amount_usd)
        ).where(col(ce.enrollment_id).in_(list(enrollment_ids)))
    )


def practice_attempt_rows(
    session: Session, *, enrollment_ids: Sequence[int]
) -> Iterable[tuple[Any, ...]]:
    """(id, enrollment id, exam code, taken at, percent, scaled score, domain
    percents, minutes, questions) of the enrollments' practice attempts."""
    pa = m.PracticeAttempt
    return session.execute(
        select(
            col(pa.id),
            col(pa.enrollment_id),
            col(pa.exam_code),
            col(pa.taken_at),
            col(pa.percent),
            col(pa.scaled_score),
            col(pa.domain_percents),
            col(pa.minutes),
            col(pa.questions),
        ).where(col(pa.enrollment_id).in_(list(enrollment_ids)))
    )


_NOT_EDITS = ("created", "deleted", "restored", "scores_created", "scores_deleted", "batch_id")


def hand_edit_times(session: Session, *, since: datetime) -> dict[tuple[str, int, str], datetime]:
    """(entity, entity id, field) -> last time it was edited by hand after ``since``:
    audit rows outside any batch (``batch_id`` NULL) that record a field change."""
    a = m.AuditEvent
    rows = session.execute(
        select(col(a.entity), col(a.entity_id), col(a.field), func.max(col(a.at)))
        .where(col(a.batch_id).is_(None), col(a.at) > since, col(a.field).not_in(_NOT_EDITS))
        .group_by(col(a.entity), col(a.entity_id), col(a.field))
    )
    return {(entity, eid, field): at for entity, eid, field, at in rows}


def state_parts(session: Session, *, course_id: int, before_batch: int | None) -> list[Any]:
    """Everything an import plan depends on, as rows: counters and maxima that any
    write changes (writers bump version counters or add audit rows).
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
    return [
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
