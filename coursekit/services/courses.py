"""Courses: create or update from a syllabus file, list, look up."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlmodel import Session

from coursekit.db import models as m
from coursekit.db.queries.courses import (
    all_courses,
    course_assessments,
    course_by_code,
    course_counts,
    enrollment_by_id,
)
from coursekit.domain.exams import ExamBlueprint
from coursekit.domain.problems import HintKind, ProblemCode
from coursekit.domain.records import CourseInfo, InitResult
from coursekit.domain.syllabus import AssessmentSpec, Syllabus
from coursekit.interchange.syllabus_toml import (
    SourceError,
    load_exams,
    load_syllabus,
    parse_syllabus,
)
from coursekit.services.context import NotFound, ServiceContext, ServiceError
from coursekit.services.course_list import list_courses as list_courses  # its home: no ORM


@lru_cache(maxsize=8)
def _exams_cached(directory: str) -> dict[str, ExamBlueprint]:
    return load_exams(Path(directory))


def exams(ctx: ServiceContext) -> dict[str, ExamBlueprint]:
    """All exam blueprints shipped in ``syllabi/exams`` (loaded once per process)."""
    try:
        return _exams_cached(str(ctx.settings.syllabi_dir / "exams"))
    except SourceError as exc:
        raise ServiceError(str(exc), code=ProblemCode.FILE_UNREADABLE) from None


def exam(ctx: ServiceContext, code: str) -> ExamBlueprint:
    found = exams(ctx).get(code)
    if found is None:
        raise NotFound(f"unknown exam code {code!r}")
    return found


def _info(session: Session, course: m.Course) -> CourseInfo:
    students, assessments = course_counts(session, course_id=course.id)
    assert course.id is not None
    return CourseInfo(
        id=course.id,
        code=course.code,
        title=course.title,
        term=course.term,
        starts_on=course.starts_on,
        ends_on=course.ends_on,
        accounts_close_on=course.accounts_close_on,
        credit_budget_usd=course.credit_budget_usd,
        exam_code=course.exam_code,
        students=students,
        assessments=assessments,
    )


def find_course_row(session: Session, code: str | None) -> m.Course:
    """The course with ``code``; with no code, the only course (or an error listing them)."""
    if code:
        course = course_by_code(session, code=code)
        if course is None:
            raise NotFound(f"no course {code!r}", field="course", hint=HintKind.LIST_COURSES)
        return course
    courses = all_courses(session)
    if len(courses) == 1:
        return courses[0]
    if not courses:
        raise NotFound("no course yet", hint=HintKind.CREATE_COURSE)
    raise ServiceError(
        "several courses: " + ", ".join(c.code for c in courses),
        code=ProblemCode.AMBIGUOUS,
        field="course",
        hint=HintKind.PICK_COURSE,
    )


def find_enrollment_row(session: Session, enrollment_id: int) -> m.Enrollment:
    enrollment = enrollment_by_id(session, enrollment_id=enrollment_id)
    if enrollment is None:
        raise NotFound(f"no enrollment {enrollment_id}")
    return enrollment


def get_course(ctx: ServiceContext, code: str | None = None) -> CourseInfo:
    with ctx.read() as session:
        return _info(session, find_course_row(session, code))


def course_syllabus(ctx: ServiceContext, code: str | None = None) -> Syllabus:
    """The syllabus stored with the course (as it was at the last ``init``)."""
    with ctx.read() as session:
        course = find_course_row(session, code)
        text = course.syllabus_toml
    return parse_syllabus(text, f"{course.code} (stored syllabus)", exams(ctx))


def init_course(ctx: ServiceContext, path: Path) -> InitResult:
    """Create or update a course and its assessments from a syllabus file (idempotent)."""
    try:
        syllabus, text = load_syllabus(path, exams(ctx))
    except SourceError as exc:
        raise ServiceError(str(exc), code=ProblemCode.FILE_UNREADABLE) from None
    digest = hashlib.sha256(text.encode()).hexdigest()
    spec = syllabus.course
    with ctx.transaction() as session:
        course = course_by_code(session, code=spec.code)
        created = course is None
        if course is None:
            course = m.Course(
                code=spec.code,
                syllabus_toml=text,
                syllabus_sha256=digest,
                title="",
                term="",
                starts_on=spec.starts_on,
                ends_on=spec.ends_on,
                accounts_close_on=spec.accounts_close_on,
                credit_budget_usd=0,
            )
        course.title, course.term = spec.title, spec.term
        course.starts_on, course.ends_on = spec.starts_on, spec.ends_on
        course.accounts_close_on = spec.accounts_close_on
        course.credit_budget_usd = spec.credit_budget_usd
        course.exam_code = spec.exam_code
        course.syllabus_toml, course.syllabus_sha256 = text, digest
        session.add(course)
        session.flush()
        counts = _sync_assessments(session, course, syllabus.assessments)
        info = _info(session, course)
    return InitResult(info, created, *counts)


def _sync_assessments(
    session: Session, course: m.Course, specs: tuple[AssessmentSpec, ...]
) -> tuple[int, int, int]:
    existing = {a.key: a for a in course_assessments(session, course_id=course.id)}
    added = updated = unchanged = 0
    for position, spec in enumerate(specs):
        values: dict[str, Any] = {
            "title": spec.title,
            "kind": spec.kind.value,
            "category": spec.category,
            "points_possible": spec.points,
            "due_at": spec.due_at,
            "pass_threshold": spec.pass_threshold,
            "module": spec.module,
            "domains": list(spec.domains),
            "position": position,
        }
        row = existing.get(spec.key)
        if row is None:
            assert course.id is not None
            session.add(m.Assessment(course_id=course.id, key=spec.key, **values))
            added += 1
        elif any(getattr(row, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(row, k, v)
            session.add(row)
            updated += 1
        else:
            unchanged += 1
    # Assessments no longer in the syllabus keep their scores (imported history); they stay.
    return added, updated, unchanged
