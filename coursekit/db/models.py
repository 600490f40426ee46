"""Every table of coursekit (DESIGN.md "Data model").

Conventions:
- datetimes are stored as UTC and always come back timezone-aware (``UTCDateTime``);
- student ids are TEXT (leading zeros matter);
- rows a person edits carry a ``version`` counter (SQLAlchemy ``version_id_col``)
  so a concurrent edit becomes a ``StaleDataError`` instead of a lost update;
- ``AuditEvent`` is append-only.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import JSON, Column, DateTime, ForeignKey, Integer, Text, UniqueConstraint
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """Store naive UTC, return aware UTC, on every backend alike."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; coursekit stores aware UTC values")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


def _version_column() -> Column[int]:
    return Column("version", Integer, nullable=False, default=1, server_default="1")


def _fk(
    target: str, *, nullable: bool = False, index: bool = True, ondelete: str = "CASCADE"
) -> Any:
    return Field(
        default=None,
        sa_column_args=[ForeignKey(target, ondelete=ondelete)],
        nullable=nullable,
        index=index,
    )


class Course(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(unique=True, index=True, max_length=40)
    title: str
    term: str
    starts_on: date
    ends_on: date
    accounts_close_on: date
    credit_budget_usd: float
    exam_code: str | None = Field(default=None, max_length=20)
    syllabus_toml: str = Field(sa_type=Text)  # the syllabus as loaded (grading rules live here)
    syllabus_sha256: str = Field(max_length=64)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


_student_version = _version_column()


class Student(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    student_id: str = Field(unique=True, index=True, max_length=64)  # institution id, TEXT
    name: str
    sortable_name: str = ""
    email: str | None = Field(default=None, index=True)
    lms_id: str | None = Field(default=None, index=True, max_length=64)  # Canvas user id
    login: str | None = Field(default=None, index=True)  # SIS Login ID
    version: int = Field(default=1, sa_column=_student_version)

    __mapper_args__ = {"version_id_col": _student_version}


class StudentIdentifier(SQLModel, table=True):
    """One identifier of a student (student number, Canvas user id, SIS login,
    e-mail, ...), normalised for matching, with where it came from."""

    __table_args__ = (
        UniqueConstraint("student_pk", "kind", "value", name="uq_student_identifier"),
    )

    # Matching loads every identifier into memory (a set lookup per row), so the only
    # index is the unique one, which also serves lookups by student (leading column).
    id: int | None = Field(default=None, primary_key=True)
    student_pk: int = _fk("student.id", index=False)
    kind: str = Field(max_length=24)  # IdentifierKind
    value: str = Field(max_length=320)  # normalised (stripped, casefolded)
    source: str = Field(default="", max_length=40)  # import kind, "merge", "manual", ...
    batch_id: int | None = _fk("importbatch.id", nullable=True, ondelete="SET NULL", index=False)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


_enrollment_version = _version_column()


class Enrollment(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("course_id", "student_pk", name="uq_enrollment"),)

    id: int | None = Field(default=None, primary_key=True)
    course_id: int = _fk("course.id")
    student_pk: int = _fk("student.id")
    section: str = ""
    status: str = Field(default="active", max_length=16)  # EnrollmentStatus
    override_percent: float | None = None  # manual final-grade override
    enrolled_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    dropped_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    version: int = Field(default=1, sa_column=_enrollment_version)

    __mapper_args__ = {"version_id_col": _enrollment_version}


class Assessment(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("course_id", "key", name="uq_assessment_key"),)

    id: int | None = Field(default=None, primary_key=True)
    course_id: int = _fk("course.id")
    key: str = Field(max_length=64)  # LMS key, e.g. Canvas assignment id "1937925"
    title: str
    kind: str = Field(max_length=24)  # AssessmentKind
    category: str
    points_possible: float
    due_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    pass_threshold: float | None = None  # percent
    module: int | None = None
    domains: list[int] = Field(default_factory=list, sa_type=JSON)  # exam domain numbers
    position: int = 0


_score_version = _version_column()


class Score(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("enrollment_id", "assessment_id", name="uq_score"),)

    id: int | None = Field(default=None, primary_key=True)
    enrollment_id: int = _fk("enrollment.id")
    assessment_id: int = _fk("assessment.id")
    points: float | None = None
    status: str = Field(default="graded", max_length=16)  # ScoreStatus
    submitted_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    extended_due_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    manual: bool = False  # a manual edit outranks imported values
    batch_id: int | None = _fk("importbatch.id", nullable=True, ondelete="SET NULL")
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    version: int = Field(default=1, sa_column=_score_version)

    __mapper_args__ = {"version_id_col": _score_version}


class CreditEvent(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    enrollment_id: int = _fk("enrollment.id")
    at: datetime = Field(sa_type=UTCDateTime)
    kind: str = Field(max_length=20)  # CreditEventKind
    amount_usd: float
    source: str = ""
    batch_id: int | None = _fk("importbatch.id", nullable=True, ondelete="SET NULL")


class PracticeAttempt(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    enrollment_id: int = _fk("enrollment.id")
    exam_code: str = Field(max_length=20)
    taken_at: datetime = Field(sa_type=UTCDateTime)
    percent: float | None = None
    scaled_score: float | None = None
    domain_percents: dict[str, float] = Field(default_factory=dict, sa_type=JSON)  # "1" -> 72.5
    minutes: float | None = None
    questions: int | None = None
    batch_id: int | None = _fk("importbatch.id", nullable=True, ondelete="SET NULL")


class TemplateSubmission(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    enrollment_id: int = _fk("enrollment.id")
    filename: str
    sha256: str = Field(max_length=64)
    content: str = Field(sa_type=Text)
    submitted_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    resources: list[dict[str, str]] = Field(default_factory=list, sa_type=JSON)
    parse_error: str | None = None


_item_version = _version_column()


class ChecklistItem(SQLModel, table=True):
    __table_args__ = (
        UniqueConstraint("enrollment_id", "rule_id", "resource", "path", name="uq_checklist_item"),
    )

    id: int | None = Field(default=None, primary_key=True)
    enrollment_id: int = _fk("enrollment.id")
    submission_id: int | None = _fk("templatesubmission.id", nullable=True, ondelete="SET NULL")
    rule_id: str = Field(max_length=40)
    resource: str = ""
    path: str = ""
    line: int | None = None  # the template line of the finding, when the parser knows it
    message: str = Field(sa_type=Text)
    fix: str = Field(default="", sa_type=Text)
    severity: str = Field(max_length=16)
    status: str = Field(default="todo", max_length=16)  # ChecklistStatus
    due_on: date | None = None
    done_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    note: str = ""
    obsolete: bool = False  # no longer produced by the latest template
    version: int = Field(default=1, sa_column=_item_version)

    __mapper_args__ = {"version_id_col": _item_version}


class ImportBatch(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    course_id: int = _fk("course.id")
    kind: str = Field(max_length=20)  # ImportKind
    file_name: str
    sha256: str = Field(max_length=64)
    counts: dict[str, int] = Field(default_factory=dict, sa_type=JSON)
    actor: str = ""
    imported_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    undone_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class AuditEvent(SQLModel, table=True):
    """Append-only change log: one row per changed field, same transaction as the change."""

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)
    actor: str = ""
    batch_id: int | None = _fk("importbatch.id", nullable=True, ondelete="SET NULL")
    entity: str = Field(max_length=40)  # table name
    entity_id: int = Field(index=True)
    student_pk: int | None = Field(default=None, index=True)  # whose record, for the history tab
    field: str = Field(max_length=64)
    old: str | None = Field(default=None, sa_type=Text)
    new: str | None = Field(default=None, sa_type=Text)


class CanvasConnection(SQLModel, table=True):
    """Where a course lives in Canvas. The access token is never stored here (system
    keyring, or ``CANVAS_API_TOKEN``)."""

    id: int | None = Field(default=None, primary_key=True)
    course_id: int = Field(
        sa_column_args=[ForeignKey("course.id", ondelete="CASCADE")], unique=True, index=True
    )
    base_url: str
    canvas_course_id: str | None = Field(default=None, max_length=64)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class CanvasPush(SQLModel, table=True):
    """One push to Canvas: every cell written with what Canvas held before and what
    it held when read back (``cells``: list of dicts)."""

    id: int | None = Field(default=None, primary_key=True)
    course_id: int = _fk("course.id")
    target: str  # "grades" or "column:<title>"
    status: str = Field(max_length=16)  # completed | partial | failed
    cells: list[dict[str, Any]] = Field(default_factory=list, sa_type=JSON)
    counts: dict[str, int] = Field(default_factory=dict, sa_type=JSON)
    actor: str = ""
    pushed_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
