"""A course syllabus: dates, budget, grading policy, assessments, readiness knobs.

Loaded from TOML by ``coursekit.interchange.syllabus_toml``; everything here is
plain data plus the semantic checks that need no file (``validate``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from coursekit.domain.enums import AssessmentKind
from coursekit.domain.exams import ExamBlueprint


class LatePer(StrEnum):
    DAY = "day"
    HOUR = "hour"


@dataclass(frozen=True, slots=True)
class GradingCategory:
    name: str
    weight: float | None  # percent; None in points mode
    drop_lowest: int = 0
    never_drop: tuple[str, ...] = ()  # assessment keys never dropped


@dataclass(frozen=True, slots=True)
class LatePolicy:
    """Canvas-style late policy: deduct a % of points possible per day/hour late
    (partial periods round up), never below ``floor_percent``."""

    deduction_percent: float = 0.0
    per: LatePer = LatePer.DAY
    floor_percent: float = 0.0
    missing_percent: float | None = None  # grade given to missing work; None = leave ungraded


@dataclass(frozen=True, slots=True)
class LetterGrade:
    letter: str
    min_percent: float


@dataclass(frozen=True, slots=True)
class GradingPolicy:
    categories: tuple[GradingCategory, ...]
    late: LatePolicy = field(default_factory=LatePolicy)
    letters: tuple[LetterGrade, ...] = ()  # ordered from the highest threshold down

    @property
    def weighted(self) -> bool:
        return any(cat.weight is not None for cat in self.categories)

    def letter_for(self, percent: float | None) -> str | None:
        if percent is None:
            return None
        for grade in self.letters:
            if percent >= grade.min_percent:
                return grade.letter
        return self.letters[-1].letter if self.letters else None


@dataclass(frozen=True, slots=True)
class ReadinessParams:
    """Knobs of the readiness model (documented in README, 'Readiness model')."""

    half_life_days: float = 21.0  # an attempt this old counts half as much as one today
    lab_weight: float = 0.25  # share of domain mastery taken from lab evidence
    close_margin: int = 50  # scaled points below passing that still count as "close"
    min_questions: int = 10  # attempts with fewer questions are ignored


@dataclass(frozen=True, slots=True)
class AssessmentSpec:
    key: str  # LMS key (Canvas assignment id) or a stable slug
    title: str
    kind: AssessmentKind
    category: str
    points: float
    pass_threshold: float | None = None  # percent of points needed to pass (labs)
    due_at: datetime | None = None  # aware UTC
    module: int | None = None
    domains: tuple[int, ...] = ()  # exam domain numbers this assessment covers


@dataclass(frozen=True, slots=True)
class CourseSpec:
    code: str
    title: str
    term: str
    starts_on: date
    ends_on: date
    accounts_close_on: date
    credit_budget_usd: float
    exam_code: str | None


@dataclass(frozen=True, slots=True)
class Syllabus:
    course: CourseSpec
    grading: GradingPolicy
    assessments: tuple[AssessmentSpec, ...]
    readiness: ReadinessParams = field(default_factory=ReadinessParams)

    def assessment(self, key: str) -> AssessmentSpec | None:
        return next((a for a in self.assessments if a.key == key), None)


@dataclass(frozen=True, slots=True)
class Problem:
    """A semantic problem; ``key`` is a dotted path into the source document."""

    key: str
    message: str


def validate(syllabus: Syllabus, exams: dict[str, ExamBlueprint]) -> list[Problem]:
    """Check what a schema cannot: sums, references between sections, date order."""
    problems: list[Problem] = []
    course = syllabus.course
    if not course.starts_on <= course.ends_on <= course.accounts_close_on:
        problems.append(
            Problem(
                "course.accounts_close_on",
                "dates must satisfy starts_on <= ends_on <= accounts_close_on",
            )
        )
    if course.credit_budget_usd < 0:
        problems.append(Problem("course.credit_budget_usd", "budget cannot be negative"))
    exam = exams.get(course.exam_code) if course.exam_code else None
    if course.exam_code and exam is None:
        problems.append(Problem("course.exam", f"unknown exam code {course.exam_code!r}"))

    cats = syllabus.grading.categories
    weights = [c.weight for c in cats]
    if any(w is not None for w in weights):
        if any(w is None for w in weights):
            problems.append(Problem("grading.categories", "give every category a weight, or none"))
        elif abs(sum(w for w in weights if w is not None) - 100) > 1e-6:
            total = sum(w for w in weights if w is not None)
            problems.append(
                Problem("grading.categories", f"category weights sum to {total:g}, not 100")
            )
    names = [c.name for c in cats]
    for i, name in enumerate(names):
        if names.index(name) != i:
            problems.append(
                Problem(f"grading.categories[{i}].name", f"duplicate category {name!r}")
            )
    letters = syllabus.grading.letters
    if [g.min_percent for g in letters] != sorted((g.min_percent for g in letters), reverse=True):
        problems.append(
            Problem("grading.letters", "letter thresholds must go from highest to lowest")
        )

    keys: set[str] = set()
    for i, spec in enumerate(syllabus.assessments):
        where = f"assessments[{i}]"
        if spec.key in keys:
            problems.append(Problem(f"{where}.key", f"duplicate assessment key {spec.key!r}"))
        keys.add(spec.key)
        if spec.category not in names:
            problems.append(Problem(f"{where}.category", f"unknown category {spec.category!r}"))
        if spec.points < 0:
            problems.append(Problem(f"{where}.points", "points cannot be negative"))
        if spec.pass_threshold is not None and not 0 <= spec.pass_threshold <= 100:
            problems.append(Problem(f"{where}.pass_threshold", "threshold is a percent (0-100)"))
        for number in spec.domains:
            if exam is not None and exam.domain(number) is None:
                problems.append(Problem(f"{where}.domains", f"{exam.code} has no domain {number}"))
    for i, cat in enumerate(cats):
        for key in cat.never_drop:
            if key not in keys:
                problems.append(
                    Problem(f"grading.categories[{i}].never_drop", f"unknown assessment {key!r}")
                )
    return problems


def validate_exam(exam: ExamBlueprint) -> list[Problem]:
    problems: list[Problem] = []
    total = sum(d.weight for d in exam.domains)
    if abs(total - 100) > 1e-6:
        problems.append(Problem("domains", f"domain weights sum to {total:g}, not 100"))
    numbers = [d.number for d in exam.domains]
    if len(set(numbers)) != len(numbers):
        problems.append(Problem("domains", "duplicate domain number"))
    if not 100 <= exam.passing_score <= 1000:
        problems.append(Problem("passing_score", "passing score is on the 100-1000 scale"))
    if exam.status == "retiring" and exam.retired_on is None:
        problems.append(Problem("retired_on", "a retiring exam needs its retired_on date"))
    return problems
