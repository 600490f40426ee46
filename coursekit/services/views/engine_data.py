"""Bulk loading for the course engine: a few column queries per view, never ORM
object graphs (column tuples read ~4× faster; see reference/performance.md)."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    Column,
    ColumnElement,
    Connection,
    Select,
    and_,
    case,
    null,
    or_,
    select,
)
from sqlalchemy.sql.base import ReadOnlyColumnCollection
from sqlmodel import Session

from coursekit.db import models as m
from coursekit.db.tables import ASSESSMENT, COURSE, CREDIT_EVENT, ENROLLMENT, SCORE, STUDENT
from coursekit.db.tables import PRACTICE_ATTEMPT as PRACTICE
from coursekit.domain.credits import CreditFact
from coursekit.domain.engine_records import StudentRef
from coursekit.domain.enums import EnrollmentStatus
from coursekit.domain.grading import ScoreFact
from coursekit.domain.problems import ProblemCode
from coursekit.domain.readiness import AttemptFact
from coursekit.domain.syllabus import Syllabus
from coursekit.interchange.syllabus_toml import SourceError, parse_syllabus
from coursekit.services.context import NotFound, ServiceContext, ServiceError
from coursekit.services.courses import exams, find_course_row


def resolve_now(now: datetime | None) -> datetime:
    """The instant the views are computed for (aware UTC); defaults to the clock."""
    if now is None:
        return datetime.now(UTC)
    if now.tzinfo is None:
        raise ServiceError(
            "times must carry a time zone (use UTC)", code=ProblemCode.INVALID_VALUE, field="now"
        )
    return now.astimezone(UTC)


@dataclass(frozen=True, slots=True)
class CourseData:
    id: int
    code: str
    syllabus: Syllabus
    assessment_ids: dict[str, int]  # syllabus key -> Assessment.id


@dataclass(frozen=True, slots=True)
class Enrolled:
    ref: StudentRef
    override_percent: float | None
    version: int


# Core tables (column tuples without the ORM layer) come from coursekit.db.tables.

_Columns = ReadOnlyColumnCollection[str, Column[Any]]

_SYLLABI: dict[tuple[str, str, str], Syllabus] = {}  # parsed stored syllabi, by content hash


def _syllabus(ctx: ServiceContext, course: m.Course) -> Syllabus:
    key = (str(ctx.settings.syllabi_dir), course.code, course.syllabus_sha256)
    found = _SYLLABI.get(key)
    if found is None:
        try:
            found = parse_syllabus(
                course.syllabus_toml, f"{course.code} (stored syllabus)", exams(ctx)
            )
        except SourceError as exc:
            raise ServiceError(str(exc), code=ProblemCode.INVALID_VALUE) from None
        if len(_SYLLABI) >= 32:
            _SYLLABI.clear()
        _SYLLABI[key] = found
    return found


def load_course(ctx: ServiceContext, session: Session, code: str | None) -> CourseData:
    course = find_course_row(session, code)
    assert course.id is not None
    syllabus = _syllabus(ctx, course)
    a = ASSESSMENT.c
    ids = session.connection().execute(select(a.key, a.id).where(a.course_id == course.id))
    return CourseData(course.id, course.code, syllabus, {key: aid for key, aid in ids})


def load_students(
    session: Session,
    course_id: int,
    *,
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


def course_of_enrollment(session: Session, enrollment_id: int) -> str:
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
    if code is None:
        raise NotFound(f"no enrollment {enrollment_id}")
    return code


def _plain_rows(conn: Connection, statement: Select[*tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """All rows straight from the DBAPI cursor, skipping SQLAlchemy's Row objects and
    result processing (half the cost at 400,000 rows). Integers, floats and text come
    back as they are on every backend; the callers convert datetimes (``utc_value``)
    and JSON themselves."""
    result = conn.execute(statement)
    try:
        return list(result.cursor.fetchall())
    finally:
        result.close()


def utc_value(value: datetime | str) -> datetime:
    """A raw ``UTCDateTime`` column value as aware UTC, as the column type would return it
    (SQLite hands back text, PostgreSQL a naive datetime; both hold UTC)."""
    if isinstance(value, str):
        try:  # parsing the offset is ~7× cheaper than datetime.replace(tzinfo=...)
            return datetime.fromisoformat(value + "+00:00")
        except ValueError:  # already carries an offset
            return datetime.fromisoformat(value).astimezone(UTC)
    return value.replace(tzinfo=UTC)


def _lateness_matters(sc: _Columns, a: _Columns) -> ColumnElement[bool]:
    """Rows whose times can change a grade: an extension, a submission after the due
    date, or a submission still waiting for a score (not "missing")."""
    return or_(
        sc.extended_due_at.is_not(None),
        and_(sc.submitted_at.is_not(None), or_(sc.points.is_(None), sc.submitted_at > a.due_at)),
    )


def load_scores(
    session: Session,
    course_id: int,
    *,
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
    rows = _plain_rows(
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


def load_credit_facts(
    session: Session, course_id: int, *, enrollment_id: int | None = None
) -> dict[int, list[CreditFact]]:
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
    for eid, at, kind, amount in _plain_rows(session.connection(), query):
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


def load_attempts(
    session: Session,
    course_id: int,
    *,
    exam_code: str | None = None,
    enrollment_id: int | None = None,
) -> dict[int, list[AttemptFact]]:
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
    for eid, code, taken_at, pct, scaled, domains, minutes, questions in _plain_rows(
        session.connection(), query
    ):
        if isinstance(domains, str | bytes):  # SQLite: JSON text; psycopg decodes itself
            domains = json.loads(domains)
        out[eid].append(
            new(AttemptFact, (code, utc_value(taken_at), pct, scaled, domains, minutes, questions))
        )
    return out
