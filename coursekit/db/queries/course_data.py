"""Bulk loading for the course engine: a few column queries per view, never ORM
object graphs (column tuples read ~4× faster; see reference/performance.md).

Every loader takes the session and keyword arguments, returns domain facts keyed by
enrollment id, and raises nothing of its own: an unknown id gives an empty result."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Column, ColumnElement, and_, case, null, or_, select
from sqlalchemy.sql.base import ReadOnlyColumnCollection
from sqlmodel import Session

from coursekit.db.queries.raw_rows import plain_rows, utc_value
from coursekit.db.tables import ASSESSMENT, COURSE, CREDIT_EVENT, ENROLLMENT, SCORE, STUDENT
from coursekit.db.tables import PRACTICE_ATTEMPT as PRACTICE
from coursekit.domain.credits import CreditFact
from coursekit.domain.engine_records import CreditEventRecord, StudentRef
from coursekit.domain.enums import EnrollmentStatus
from coursekit.domain.grading import ScoreFact
from coursekit.domain.readiness import AttemptFact


@dataclass(frozen=True, slots=True)
class Enrolled:
    ref: StudentRef
    override_percent: float | None
    version: int


_Columns = ReadOnlyColumnCollection[str, Column[Any]]


def assessment_ids(session: Session, *, course_id: int) -> dict[str, int]:
    """Syllabus key -> Assessment.id of the course's assessments."""
    a = ASSESSMENT.c
    ids = session.connection().execute(select(a.key, a.id).where(a.course_id == course_id))
    return {key: aid for key, aid in ids}


def enrolled_students(
    session: Session,
    *,
    course_id: int,
    section: str | None = None,
    enrollment_id: int | None = None,
    include_dropped: bool = False,
) -> list[Enrolled]:
    """Enrollments of the course with their students, by sortable name."""
    e, s = ENROLLMENT.c, STUDENT.c
    query = (
        select(
            e.id,
            s.id,
            s.student_id,
            s.name,
            s.sortable_name,
            e.section,
            e.status,
            e.override_percent,
            e.version,
        )
        .select_from(ENROLLMENT.join(STUDENT, s.id == e.student_pk))
        .where(e.course_id == course_id)
        .order_by(s.sortable_name, s.student_id)
    )
    if not include_dropped and enrollment_id is None:
        query = query.where(e.status == EnrollmentStatus.ACTIVE.value)
    if section is not None:
        query = query.where(e.section == section)
    if enrollment_id is not None:
        query = query.where(e.id == enrollment_id)
    return [
        Enrolled(StudentRef(eid, spk, sid, name, sort, sec, status), override, version)
        for eid, spk, sid, name, sort, sec, status, override, version in session.connection()
        .execute(query)
        .all()
    ]


def course_code_of_enrollment(session: Session, *, enrollment_id: int) -> str | None:
    """The code of the enrollment's course; None when there is no such enrollment."""
    course = COURSE
    code: str | None = (
        session.connection()
        .execute(
            select(course.c.code)
            .select_from(course.join(ENROLLMENT, ENROLLMENT.c.course_id == course.c.id))
            .where(ENROLLMENT.c.id == enrollment_id)
        )
        .scalar_one_or_none()
    )
    return code


def _lateness_matters(sc: _Columns, a: _Columns) -> ColumnElement[bool]:
    """Rows whose times can change a grade: an extension, a submission after the due
    date, or a submission still waiting for a score (not "missing")."""
    return or_(
        sc.extended_due_at.is_not(None),
        and_(sc.submitted_at.is_not(None), or_(sc.points.is_(None), sc.submitted_at > a.due_at)),
    )


def score_facts(
    session: Session,
    *,
    course_id: int,
    kinds: tuple[str, ...] | None = None,
    enrollment_id: int | None = None,
    with_times: bool = True,
) -> dict[int, dict[str, ScoreFact]]:
    """enrollment id -> assessment key -> ScoreFact, for the course (or one enrollment).

    Built for 10,000 students × 40 assessments in one table scan: the rows come straight
    from the DBAPI cursor, and ``submitted_at`` only where it can change a grade
    (``_lateness_matters``: an extension, a late submission, or a submission waiting for
    its score); an on-time submission comes back as ``None``, which grades the same.
    Datetime conversion is what costs, so most rows skip it. ``with_times=False`` leaves
    the submission time out (lab states do not need it); per-student extensions are always
    loaded, since they move a lab's due date (they are rare: NULL costs nothing). The
    ``+ 0`` in the course-wide join keeps SQLite from reading scores through the assessment
    index (a random row lookup per score, ~4× slower than scanning); one student's rows
    come through their index. PostgreSQL gets the plain join: a department database holds
    many courses, and one course's scores come through ``ix_score_assessment_id``.
    """
    sc, a = SCORE.c, ASSESSMENT.c
    conn = session.connection()
    # SQLite only: on PostgreSQL ``+ 0`` would force a scan over every course's scores.
    scan = enrollment_id is None and conn.dialect.name == "sqlite"
    target = sc.assessment_id + 0 if scan else sc.assessment_id
    where = [a.course_id == course_id]
    if kinds is not None:
        where.append(a.kind.in_(kinds))
    if enrollment_id is not None:
        where.append(sc.enrollment_id == enrollment_id)
    out: dict[int, dict[str, ScoreFact]] = defaultdict(dict)
    joined = SCORE.join(ASSESSMENT, a.id == target)
    if enrollment_id is not None:  # one student: every time, for the detail view
        for one in conn.execute(
            select(
                sc.enrollment_id, a.key, sc.points, sc.status, sc.submitted_at, sc.extended_due_at
            )
            .select_from(joined)
            .where(*where)
        ).all():
            out[one[0]][one[1]] = ScoreFact(*one[1:])
        return out
    new = tuple.__new__
    submitted: Any = null()
    extended = sc.extended_due_at
    if with_times:  # the submission time only where it can matter (see the docstring)
        submitted = case((_lateness_matters(sc, a), sc.submitted_at))
    # Columns in ScoreFact order after the enrollment id, so most facts are one slice.
    rows = plain_rows(
        conn,
        select(sc.enrollment_id, a.key, sc.points, sc.status, submitted, extended)
        .select_from(joined)
        .where(*where),
    )
    current_eid, facts = None, {}  # rows of one student usually come together
    for row in rows:
        if row[0] != current_eid:
            current_eid = row[0]
            facts = out[current_eid]
        submitted_at, extended_due_at = row[4], row[5]  # raw: text on SQLite
        if submitted_at is None and extended_due_at is None:
            facts[row[1]] = new(ScoreFact, row[1:])
            continue
        if submitted_at is not None:
            submitted_at = utc_value(submitted_at)
        if extended_due_at is not None:
            extended_due_at = utc_value(extended_due_at)
        facts[row[1]] = new(ScoreFact, (row[1], row[2], row[3], submitted_at, extended_due_at))
    return out


def credit_facts(
    session: Session, *, course_id: int, enrollment_id: int | None = None
) -> dict[int, list[CreditFact]]:
    """enrollment id -> the student's credit events as facts (unordered)."""
    ce, e = CREDIT_EVENT.c, ENROLLMENT.c
    query = (
        select(ce.enrollment_id, ce.at, ce.kind, ce.amount_usd)
        .select_from(CREDIT_EVENT.join(ENROLLMENT, e.id == ce.enrollment_id))
        .where(e.course_id == course_id)
    )
    if enrollment_id is not None:
        query = query.where(ce.enrollment_id == enrollment_id)
    out: dict[int, list[CreditFact]] = defaultdict(list)
    new, iso = tuple.__new__, datetime.fromisoformat
    current_eid, facts = None, []  # rows of one student usually come together
    for eid, at, kind, amount in plain_rows(session.connection(), query):
        if eid != current_eid:
            current_eid = eid
            facts = out[eid]
        if type(at) is str:  # SQLite text: utc_value's fast path, inline (110,000 rows)
            try:
                at = iso(at + "+00:00")
            except ValueError:
                at = utc_value(at)
        else:
            at = utc_value(at)
        facts.append(new(CreditFact, (at, kind, amount)))
    return out


def credit_events(session: Session, *, enrollment_id: int) -> tuple[CreditEventRecord, ...]:
    """One enrollment's credit ledger, oldest first."""
    ce = CREDIT_EVENT.c
    return tuple(
        CreditEventRecord(*row)
        for row in session.connection().execute(
            select(ce.id, ce.at, ce.kind, ce.amount_usd, ce.source)
            .where(ce.enrollment_id == enrollment_id)
            .order_by(ce.at, ce.id)
        )
    )


def attempt_facts(
    session: Session,
    *,
    course_id: int,
    exam_code: str | None = None,
    enrollment_id: int | None = None,
) -> dict[int, list[AttemptFact]]:
    """enrollment id -> the student's practice-exam attempts (of one exam, if given)."""
    pa, e = PRACTICE.c, ENROLLMENT.c
    query = (
        select(
            pa.enrollment_id,
            pa.exam_code,
            pa.taken_at,
            pa.percent,
            pa.scaled_score,
            pa.domain_percents,
            pa.minutes,
            pa.questions,
        )
        .select_from(PRACTICE.join(ENROLLMENT, e.id == pa.enrollment_id))
        .where(e.course_id == course_id)
    )
    if exam_code is not None:
        query = query.where(pa.exam_code == exam_code)
    if enrollment_id is not None:
        query = query.where(pa.enrollment_id == enrollment_id)
    out: dict[int, list[AttemptFact]] = defaultdict(list)
    new = tuple.__new__
    rows = list(plain_rows(session.connection(), query))
    for (eid, code, taken_at, pct, scaled, _, minutes, questions), domains in zip(
        rows, _domain_percents([row[5] for row in rows]), strict=True
    ):
        out[eid].append(
            new(AttemptFact, (code, utc_value(taken_at), pct, scaled, domains, minutes, questions))
        )
    return out


def _domain_percents(values: list[Any]) -> list[Any]:
    """The attempts' domain percents decoded: SQLite gives JSON text (psycopg decodes
    itself). Text values are decoded as one JSON array — one parser call instead of one per
    attempt (30,000 in a 10,000-student course) — and each on its own if that fails."""
    texts = [value for value in values if type(value) is str]
    if not texts:
        return [json.loads(v) if isinstance(v, bytes) else v for v in values]
    try:
        batch = json.loads("[" + ",".join(texts) + "]")
    except ValueError:
        batch = None
    if not isinstance(batch, list) or len(batch) != len(texts):  # a text not one value
        batch = [json.loads(text) for text in texts]
    decoded = iter(batch)
    return [
        next(decoded) if type(v) is str else json.loads(v) if isinstance(v, bytes) else v
        for v in values
    ]
