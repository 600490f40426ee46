"""Read-only records the services hand to the CLI and the TUI (never ORM objects)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True, slots=True)
class CourseInfo:
    id: int
    code: str
    title: str
    term: str
    starts_on: date
    ends_on: date
    accounts_close_on: date
    credit_budget_usd: float
    exam_code: str | None
    students: int = 0
    assessments: int = 0


@dataclass(frozen=True, slots=True)
class RosterRow:
    enrollment_id: int
    student_pk: int
    student_id: str
    name: str
    sortable_name: str
    email: str | None
    section: str
    status: str
    version: int  # the student's version counter, for conflict-checked edits
    enrollment_version: int = 0  # the enrollment's (section, status): checked by section edits


@dataclass(frozen=True, slots=True)
class InitResult:
    course: CourseInfo
    created: bool
    assessments_added: int
    assessments_updated: int
    assessments_unchanged: int
