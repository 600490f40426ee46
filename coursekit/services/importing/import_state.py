"""What the database holds for one course, read once per plan, and a token that
changes whenever that state changes (the queries are ``db.queries.import_state``)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from sqlmodel import Session

from coursekit.db.queries.identity import identifier_rows
from coursekit.db.queries.import_state import (
    ExistingEnrollment,
    ExistingStudent,
    existing_enrollments,
    existing_students,
    identifier_rows_of,
    reachable_students,
    state_parts,
    student_count,
)
from coursekit.domain.enums import ImportKind
from coursekit.domain.identity import normalise, record_identifiers
from coursekit.domain.imports import StudentRecord
from coursekit.services.importing.identity import (
    DERIVED_PREFIX,
    PROVISIONAL_PREFIX,
    IdentityIndex,
    add_identifiers,
    index_student,
)


@dataclass(slots=True)
class CourseState:
    course_id: int
    students: dict[int, ExistingStudent] = field(default_factory=dict)
    by_sid: dict[str, int] = field(default_factory=dict)
    index: IdentityIndex = field(default_factory=IdentityIndex)
    enrollments: dict[int, ExistingEnrollment] = field(default_factory=dict)  # by student_pk


@dataclass(frozen=True, slots=True)
class Reach:
    """What a file can look up among the stored students, normalised: every
    identifier value and student id it carries or derives (``canvas:…``,
    ``lab:…``, ``--link`` texts), and its names (for same-name notes)."""

    values: frozenset[str]
    names: frozenset[str]


READ_ALL_UP_TO = 2
"""Stored students per file row up to which a plan reads every student: where the file
names most of the database (one course alone, a first import), the full read is cheaper
than computing the file's reach and filtering in SQL (measured on SQLite at 2,500)."""


def plan_reach(
    session: Session,
    kind: ImportKind,
    records: Sequence[StudentRecord],
    links: Mapping[int, str] | None = None,
) -> Reach | None:
    """The file's reach, or None (read everyone) when the database holds few students
    more than the file names (``READ_ALL_UP_TO``). Both give the same plan."""
    if student_count(session) <= READ_ALL_UP_TO * max(len(records), 1):
        return None
    return file_reach(kind, records, links)


def file_reach(
    kind: ImportKind, records: Iterable[StudentRecord], links: Mapping[int, str] | None = None
) -> Reach:
    """Every value the plan of ``records`` may look up: identifier matches
    (``IdentityIndex.match``), "held by another student", a new row's student id
    (``canvas:`` + Canvas id) or provisional id (``lab:`` + its first identifier),
    the user's links; and every name, for the same-name note."""
    values: set[str] = set()
    names: set[str] = set()
    for record in records:
        for ident in record_identifiers(kind, record):
            values.update((ident.value, f"{PROVISIONAL_PREFIX}{ident.value}"))
        for raw in (record.student_id, record.lms_id, record.login, record.email):
            if raw:
                values.add(normalise(raw))
        if record.lms_id:
            values.add(normalise(f"{DERIVED_PREFIX}{record.lms_id}"))
        if record.name:
            names.add(normalise(record.name))
    values.update(normalise(text) for text in (links or {}).values())
    return Reach(frozenset(values), frozenset(names))


def load_course_state(session: Session, course_id: int, reach: Reach | None = None) -> CourseState:
    """The course's enrollments and the students an import can reach (identity
    spans courses: a student is one person in every course).

    With ``reach`` only the students the file can reach are read
    (``reachable_students``: the course's own, every student holding one of its
    values, every namesake; the SQL side may return more, never fewer), each with
    every identifier they hold — so every lookup the plan makes (``IdentityIndex``
    by key, by name, ``by_sid``) answers as it would over every student. Without
    ``reach``, every stored student and identifier (the reference the tests compare
    against)."""
    state = CourseState(course_id)
    if reach is None:
        students: Iterable[ExistingStudent] = existing_students(session)
    else:
        students = reachable_students(
            session, course_id=course_id, values=reach.values, names=reach.names
        )
    for student in students:
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
    if reach is None:
        identifiers = identifier_rows(session)
    else:
        identifiers = identifier_rows_of(session, student_pks=sorted(state.students))
    add_identifiers(state.index, identifiers)
    for enrollment in existing_enrollments(session, course_id=course_id):
        state.enrollments[enrollment.student_pk] = enrollment
    return state


def state_token(session: Session, course_id: int, *, before_batch: int | None = None) -> str:
    """A digest of everything an import plan depends on. Writers bump version
    counters or add audit rows, so any edit since the plan changes the token.
    ``before_batch`` leaves out the batch being applied (and its audit rows).

    It covers the whole ``student`` and ``student_identifier`` tables (count, highest
    id, sum of versions), not only the students a plan read: a student the plan did
    not read can become reachable (a new identifier, an edited e-mail or name, a new
    student), and any such write changes one of those aggregates. On PostgreSQL at
    100,000 students they cost a few milliseconds (measured, issue 17)."""
    parts = state_parts(session, course_id=course_id, before_batch=before_batch)
    return hashlib.sha256(repr([tuple(p) for p in parts]).encode()).hexdigest()[:32]
