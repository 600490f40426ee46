"""Certification readiness: per-domain mastery → predicted scaled score → status.

The model (README "Readiness model"):

- Practice evidence. Each practice attempt with at least ``min_questions``
  questions (when the count is known) weighs ``0.5 ** (age_days / half_life_days)``.
  A domain's practice mastery is the weighted mean of the attempt's percentage
  for that domain. An attempt that only reports a total (percent, or a scaled
  score mapped linearly onto 0–100 %) counts for every domain at half that weight
  (``OVERALL_ONLY_FACTOR``): domain-level results are better evidence.
- Lab evidence (the course's target exam only). Labs map to exam domains via
  ``AssessmentSpec.domains``. A domain's lab coverage is the share of its labs
  that are passed, among those already attempted or past due.
- Mastery = (1 − lab_weight) × practice + lab_weight × labs; either alone when
  the other is absent; "no evidence" (None) when both are.
- Predicted scaled score = 100 + 900 × Σ(domain weight × mastery), the weights
  renormalised over the domains that have evidence (equal to the plain formula
  when every domain has some).
- Status: ``no_data`` without any usable practice attempt (labs alone do not
  predict an exam score); ``ready`` when the prediction reaches the passing score
  AND every domain has practice evidence; ``close`` within ``close_margin`` scaled
  points below it (or passing on incomplete evidence); otherwise ``not_yet``.
- Pacing: practice seconds per question (Σ minutes / Σ questions) against the
  exam's budget (exam minutes / all questions).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import NamedTuple

from coursekit.domain.exams import SCALED_MAX, SCALED_MIN, ExamBlueprint, percent_from_scaled
from coursekit.domain.grading import ScoreFact
from coursekit.domain.labs import LabState, StudentLabs, student_labs
from coursekit.domain.syllabus import AssessmentSpec, ReadinessParams

OVERALL_ONLY_FACTOR = 0.5
WEAKEST_COUNT = 2
_DAY = 86_400.0


class AttemptFact(NamedTuple):
    exam_code: str
    taken_at: datetime  # aware UTC
    percent: float | None = None  # total, 0-100
    scaled_score: float | None = None  # total, 100-1000
    domain_percents: Mapping[str, float] | None = None  # domain number (or name) -> %
    minutes: float | None = None
    questions: int | None = None


class ReadinessStatus(StrEnum):
    READY = "ready"
    CLOSE = "close"
    NOT_YET = "not_yet"
    NO_DATA = "no_data"


STATUS_RANK = {
    ReadinessStatus.NO_DATA: 0,
    ReadinessStatus.NOT_YET: 1,
    ReadinessStatus.CLOSE: 2,
    ReadinessStatus.READY: 3,
}


@dataclass(frozen=True, slots=True)
class DomainReadiness:
    number: int
    name: str
    weight: float  # percent of the exam
    practice: float | None  # 0-1, recency-weighted; None: no practice evidence
    practice_weight: float  # Σ attempt weights behind it (1.0 ≈ one attempt today)
    labs: float | None  # 0-1 share of counted labs passed; None: no lab evidence
    labs_passed: int
    labs_counted: int
    mastery: float | None  # None: no evidence at all
    next_labs: tuple[str, ...]  # labs covering the domain, not passed yet first

    @property
    def labs_todo(self) -> tuple[str, ...]:
        """The labs covering the domain that the student has not passed yet."""
        return self.next_labs[: max(0, len(self.next_labs) - self.labs_passed)]


@dataclass(frozen=True, slots=True)
class ReadinessResult:
    exam_code: str
    status: ReadinessStatus
    predicted_score: float | None
    passing_score: int
    coverage: float  # share of exam weight whose domains have any evidence (0-1)
    domains: tuple[DomainReadiness, ...]
    weakest: tuple[int, ...]  # domain numbers, weakest first
    attempts_used: int
    last_attempt_at: datetime | None
    seconds_per_question: float | None
    budget_seconds_per_question: float

    @property
    def pace_ratio(self) -> float | None:
        """Practice time per question ÷ the exam's budget (> 1: too slow)."""
        if self.seconds_per_question is None:
            return None
        return self.seconds_per_question / self.budget_seconds_per_question


def predicted_score(weighted_mastery: Iterable[tuple[float, float]]) -> float | None:
    """100 + 900 × Σ(w × m) / Σ w over (weight, mastery 0-1) pairs; None if empty."""
    pairs = list(weighted_mastery)
    total_weight = sum(w for w, _ in pairs)
    if total_weight <= 0:
        return None
    share = sum(w * m for w, m in pairs) / total_weight
    return SCALED_MIN + (SCALED_MAX - SCALED_MIN) * share


_KEYS: dict[int, tuple[ExamBlueprint, dict[str, int]]] = {}  # by id: hashing a blueprint costs


def _domain_keys(exam: ExamBlueprint) -> dict[str, int]:
    """How attempts name this exam's domains: by number ("1") or by name (any case)."""
    found = _KEYS.get(id(exam))
    if found is not None and found[0] is exam:
        return found[1]
    keys = {str(d.number): d.number for d in exam.domains}
    keys.update({d.name.casefold(): d.number for d in exam.domains})
    if len(_KEYS) >= 64:
        _KEYS.clear()
    _KEYS[id(exam)] = (exam, keys)
    return keys


def _domain_number(keys: dict[str, int], key: str | int) -> int | None:
    found = keys.get(key) if isinstance(key, str) else None
    return found if found is not None else keys.get(str(key).strip().casefold())


def _attempt_total(attempt: AttemptFact) -> float | None:
    if attempt.percent is not None:
        return attempt.percent
    if attempt.scaled_score is not None:
        return percent_from_scaled(attempt.scaled_score)
    return None


def _practice(
    exam: ExamBlueprint, attempts: Sequence[AttemptFact], params: ReadinessParams, now: datetime
) -> tuple[dict[int, tuple[float, float]], int, datetime | None, float | None]:
    """Per domain (Σ w·p, Σ w); attempts used; last attempt time; seconds per question."""
    sums: dict[int, list[float]] = {d.number: [0.0, 0.0] for d in exam.domains}
    keys = _domain_keys(exam)
    used = 0
    last: datetime | None = None
    seconds = questions = 0.0
    for attempt in attempts:
        if attempt.exam_code != exam.code:
            continue
        if attempt.questions is not None and attempt.questions < params.min_questions:
            continue
        age_days = max(0.0, (now - attempt.taken_at).total_seconds() / _DAY)
        weight = 0.5 ** (age_days / params.half_life_days)
        by_domain: dict[int, float] = {}
        for key, value in (attempt.domain_percents or {}).items():
            number = keys.get(key) if isinstance(key, str) else None  # the usual spelling
            if number is None:
                number = _domain_number(keys, key)
            if number is not None and value is not None:
                by_domain[number] = float(value)
        total = _attempt_total(attempt)
        if not by_domain and total is None:
            continue
        used += 1
        last = attempt.taken_at if last is None or attempt.taken_at > last else last
        if by_domain:
            for number, value in by_domain.items():
                sums[number][0] += weight * value / 100
                sums[number][1] += weight
        else:
            assert total is not None
            for acc in sums.values():
                acc[0] += weight * OVERALL_ONLY_FACTOR * total / 100
                acc[1] += weight * OVERALL_ONLY_FACTOR
        if attempt.minutes is not None and attempt.questions:
            seconds += attempt.minutes * 60
            questions += attempt.questions
    pace = seconds / questions if questions else None
    return {n: (acc[0], acc[1]) for n, acc in sums.items()}, used, last, pace


class LabCoverage(NamedTuple):
    passed: int
    counted: int  # passed, attempted, or past due
    next_labs: tuple[str, ...]  # labs covering the domain: not passed first, then passed


class LabCoverageCalculator:
    """Lab evidence per exam domain, prepared once per course and applied per student to
    the lab states ``labs.student_labs`` computed (the one home of those rules) for the
    same ``labs``, in the same order."""

    def __init__(self, labs: Sequence[AssessmentSpec]) -> None:
        self._plan = tuple((index, spec.domains) for index, spec in enumerate(labs) if spec.domains)
        self._numbers = sorted({n for _, domains in self._plan for n in domains})

    def __call__(self, student: StudentLabs) -> dict[int, LabCoverage]:
        numbers = self._numbers
        passed_n = dict.fromkeys(numbers, 0)
        counted_n = dict.fromkeys(numbers, 0)
        todo: dict[int, list[str]] = {n: [] for n in numbers}
        done: dict[int, list[str]] = {n: [] for n in numbers}
        cells = student.cells
        for index, domains in self._plan:
            key, state, _pct, _due, overdue = cells[index]
            if state is LabState.PASSED:
                for number in domains:
                    passed_n[number] += 1
                    counted_n[number] += 1
                    done[number].append(key)
                continue
            if state is LabState.EXCUSED:
                continue
            # attempted below the threshold always counts; not started, once overdue
            counted = state is LabState.BELOW_THRESHOLD or overdue
            for number in domains:
                counted_n[number] += counted
                todo[number].append(key)
        return {
            n: LabCoverage(passed_n[n], counted_n[n], (*todo[n], *done[n]))
            for n in numbers
            if todo[n] or done[n]
        }


def lab_coverage(
    labs: Sequence[AssessmentSpec], facts: Mapping[str, ScoreFact], now: datetime
) -> dict[int, LabCoverage]:
    """Lab evidence per exam domain from one student's lab scores."""
    return LabCoverageCalculator(labs)(student_labs(labs, facts, now))


_NO_LABS = LabCoverage(0, 0, ())


def assess(
    exam: ExamBlueprint,
    attempts: Sequence[AttemptFact],
    params: ReadinessParams,
    *,
    now: datetime,
    coverage: Mapping[int, LabCoverage] | None = None,
) -> ReadinessResult:
    """Readiness of one student for ``exam``. Pass the student's ``lab_coverage`` only
    when the labs' domain numbers refer to this exam (the course's target exam)."""
    practice, used, last, pace = _practice(exam, attempts, params, now)
    by_domain = coverage or {}
    domains: list[DomainReadiness] = []
    for dom in exam.domains:
        wp, w = practice[dom.number]
        p = wp / w if w > 0 else None
        passed, counted, next_labs = by_domain.get(dom.number, _NO_LABS)
        lab = passed / counted if counted else None
        if p is not None and lab is not None:
            mastery: float | None = (1 - params.lab_weight) * p + params.lab_weight * lab
        else:
            mastery = p if p is not None else lab
        domains.append(
            DomainReadiness(
                dom.number, dom.name, dom.weight, p, w, lab, passed, counted, mastery, next_labs
            )
        )
    evidenced = [(d.weight, d.mastery) for d in domains if d.mastery is not None]
    share = sum(w for w, _ in evidenced) / (sum(d.weight for d in exam.domains) or 1)
    predicted = predicted_score(evidenced) if used else None
    status = _status(
        predicted,
        exam.passing_score,
        params.close_margin,
        complete=all(d.practice is not None for d in domains),
    )
    order = sorted(domains, key=lambda d: (d.mastery is not None, d.mastery or 0.0, -d.weight))
    return ReadinessResult(
        exam_code=exam.code,
        status=status,
        predicted_score=predicted,
        passing_score=exam.passing_score,
        coverage=share,
        domains=tuple(domains),
        weakest=tuple(d.number for d in order[:WEAKEST_COUNT]),
        attempts_used=used,
        last_attempt_at=last,
        seconds_per_question=pace,
        budget_seconds_per_question=exam.seconds_per_question,
    )


def _status(
    predicted: float | None, passing: int, margin: int, *, complete: bool
) -> ReadinessStatus:
    if predicted is None:
        return ReadinessStatus.NO_DATA
    if predicted >= passing - 1e-9:
        return ReadinessStatus.READY if complete else ReadinessStatus.CLOSE
    if predicted >= passing - margin - 1e-9:
        return ReadinessStatus.CLOSE
    return ReadinessStatus.NOT_YET


NEXT_LABS = 3  # how many labs a "next labs" suggestion names


def suggested_labs(result: ReadinessResult, limit: int = NEXT_LABS) -> tuple[str, ...]:
    """The "next labs" suggestion: up to ``limit`` labs not passed yet that cover the
    weakest domains, weakest domain first, each lab once. Never a lab already passed."""
    by_number = {d.number: d for d in result.domains}
    picked: list[str] = []
    for number in result.weakest:
        domain = by_number.get(number)
        for key in domain.labs_todo if domain is not None else ():
            if key not in picked:
                picked.append(key)
    return tuple(picked[:limit])
