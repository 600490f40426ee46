"""AWS certification exam blueprints (facts from the exam guides)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

SCALED_MIN = 100
SCALED_MAX = 1000


@dataclass(frozen=True, slots=True)
class ExamDomain:
    number: int
    name: str
    weight: float  # percent of scored content


@dataclass(frozen=True, slots=True)
class ExamBlueprint:
    code: str
    name: str
    scored_questions: int
    unscored_questions: int
    minutes: int
    passing_score: int  # on the 100-1000 scale
    domains: tuple[ExamDomain, ...]
    status: str = "current"  # current | retiring (retired_on announced) | retired
    retired_on: date | None = None
    third_party: bool = False  # facts not confirmed from an official guide
    guide_version: str | None = None  # the exam guide the facts come from
    guide_date: date | None = None

    @property
    def total_questions(self) -> int:
        return self.scored_questions + self.unscored_questions

    @property
    def seconds_per_question(self) -> float:
        """The pacing budget: exam minutes divided by all questions asked."""
        return self.minutes * 60 / self.total_questions

    def domain(self, key: int | str) -> ExamDomain | None:
        """Find a domain by number, or by name (case-insensitive)."""
        for dom in self.domains:
            if isinstance(key, int) and dom.number == key:
                return dom
            if isinstance(key, str) and dom.name.casefold() == key.strip().casefold():
                return dom
        return None


def retirement_warning(exam: ExamBlueprint, course_ends_on: date) -> str | None:
    """A one-line warning when a course targets an exam that is retired, or retires on
    or before the day the course ends (students would prepare for an exam they cannot
    sit); None otherwise."""
    if exam.retired_on is not None and exam.retired_on <= course_ends_on:
        verb = "retired" if exam.status == "retired" else "retires"
        return (
            f"{exam.code} {verb} on {exam.retired_on.isoformat()}, on or before the course "
            f"ends ({course_ends_on.isoformat()}): check the exam guide for its successor"
        )
    if exam.status == "retired" and exam.retired_on is None:
        return f"{exam.code} is retired: check the exam guide for its successor"
    return None


def scaled_from_percent(percent: float) -> float:
    """Map a 0-100 % result onto the 100-1000 scaled range (linear)."""
    return SCALED_MIN + (SCALED_MAX - SCALED_MIN) * percent / 100


def percent_from_scaled(scaled: float) -> float:
    return (scaled - SCALED_MIN) * 100 / (SCALED_MAX - SCALED_MIN)
