"""What every course view starts from: the instant, the course with its parsed syllabus,
and the course of an enrollment. The bulk loaders are in ``coursekit.db.queries.course_data``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlmodel import Session

from coursekit.db import models as m
from coursekit.db.queries.course_data import assessment_ids, course_code_of_enrollment
from coursekit.domain.problems import ProblemCode
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
    ids = assessment_ids(session, course_id=course.id)
    return CourseData(course.id, course.code, syllabus, ids)


def course_of_enrollment(session: Session, enrollment_id: int) -> str:
    code = course_code_of_enrollment(session, enrollment_id=enrollment_id)
    if code is None:
        raise NotFound(f"no enrollment {enrollment_id}")
    return code
