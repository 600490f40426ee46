"""Readiness model: hand-computed predictions, honest "no data", recency, labs, pacing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coursekit.domain.enums import AssessmentKind
from coursekit.domain.exams import ExamBlueprint, ExamDomain
from coursekit.domain.grading import ScoreFact
from coursekit.domain.readiness import (
    STATUS_RANK,
    AttemptFact,
    ReadinessStatus,
    assess,
    lab_coverage,
    predicted_score,
)
from coursekit.domain.syllabus import AssessmentSpec, ReadinessParams

NOW = datetime(2026, 12, 1, 12, tzinfo=UTC)
SAA = ExamBlueprint(
    "SAA-C03",
    "Solutions Architect",
    50,
    15,
    130,
    720,
    (
        ExamDomain(1, "Design Secure Architectures", 30),
        ExamDomain(2, "Design Resilient", 26),
        ExamDomain(3, "Design High-Performing", 24),
        ExamDomain(4, "Design Cost-Optimized", 20),
    ),
)
PARAMS = ReadinessParams()  # half-life 21 d, lab weight 0.25, close margin 50, min 10 questions


def attempt(
    days_ago: float = 0, domains: dict[str, float] | None = None, **kw: object
) -> AttemptFact:
    return AttemptFact("SAA-C03", NOW - timedelta(days=days_ago), domain_percents=domains, **kw)  # type: ignore[arg-type]


def test_no_attempts_is_no_data_not_a_guess() -> None:
    result = assess(SAA, [], PARAMS, now=NOW)
    assert result.status is ReadinessStatus.NO_DATA and result.predicted_score is None
    assert all(d.mastery is None for d in result.domains) and result.coverage == 0


def test_prediction_is_100_plus_900_times_weighted_mastery() -> None:
    # 0.30×0.80 + 0.26×0.70 + 0.24×0.90 + 0.20×0.60 = 0.758 -> 100 + 682.2 = 782.2
    result = assess(SAA, [attempt(domains={"1": 80, "2": 70, "3": 90, "4": 60})], PARAMS, now=NOW)
    assert result.predicted_score == pytest.approx(782.2)
    assert result.status is ReadinessStatus.READY and result.coverage == 1
    assert result.weakest == (4, 2)


def test_one_domain_missing_is_renormalised_and_never_ready() -> None:
    # (0.24 + 0.182 + 0.216) / 0.80 = 0.7975 -> 817.75, but domain 4 has no evidence.
    result = assess(SAA, [attempt(domains={"1": 80, "2": 70, "3": 90})], PARAMS, now=NOW)
    assert result.predicted_score == pytest.approx(817.75)
    assert result.status is ReadinessStatus.CLOSE
    assert result.coverage == pytest.approx(0.8)
    assert result.domains[3].mastery is None and result.weakest[0] == 4


def test_old_attempts_count_less() -> None:
    # 63 days = 3 half-lives: weight 0.125 vs 1 today.
    # mastery = (0.125 × 0.90 + 1 × 0.60) / 1.125 = 0.6333 -> 670.0 = 720 − 50: "close".
    # (A plain average would say 75 % -> 775, "ready".)
    all90 = {str(n): 90.0 for n in range(1, 5)}
    all60 = {str(n): 60.0 for n in range(1, 5)}
    result = assess(SAA, [attempt(63, all90), attempt(0, all60)], PARAMS, now=NOW)
    assert result.domains[0].practice == pytest.approx(0.63333, abs=1e-5)
    assert result.predicted_score == pytest.approx(670.0)
    assert result.status is ReadinessStatus.CLOSE
    lower = assess(SAA, [attempt(63, all90), attempt(0, {k: 59.0 for k in all60})], PARAMS, now=NOW)
    assert lower.status is ReadinessStatus.NOT_YET


def test_short_attempts_are_ignored_and_totals_count_half_for_every_domain() -> None:
    short = attempt(domains={"1": 100, "2": 100, "3": 100, "4": 100}, questions=5)
    assert assess(SAA, [short], PARAMS, now=NOW).status is ReadinessStatus.NO_DATA
    # A full domain attempt at 100 % plus a total-only attempt at 40 % (weight 0.5):
    # (1 × 1.0 + 0.5 × 0.4) / 1.5 = 0.8 -> 820.
    both = [attempt(domains={"1": 100, "2": 100, "3": 100, "4": 100}), attempt(percent=40)]
    assert assess(SAA, both, PARAMS, now=NOW).predicted_score == pytest.approx(820.0)
    # A scaled score is mapped linearly: 730 -> 70 % -> 730 predicted.
    scaled = assess(SAA, [attempt(scaled_score=730)], PARAMS, now=NOW)
    assert scaled.predicted_score == pytest.approx(730.0)
    assert scaled.status is ReadinessStatus.READY


def test_attempts_for_another_exam_are_not_evidence() -> None:
    other = AttemptFact("CLF-C02", NOW, percent=95)
    assert assess(SAA, [other], PARAMS, now=NOW).status is ReadinessStatus.NO_DATA


LABS = (
    AssessmentSpec(
        "L1",
        "IAM lab",
        AssessmentKind.GUIDED_LAB,
        "Labs",
        30,
        75,
        NOW - timedelta(days=30),
        domains=(1,),
    ),
    AssessmentSpec(
        "L2",
        "VPC lab",
        AssessmentKind.GUIDED_LAB,
        "Labs",
        30,
        75,
        NOW - timedelta(days=10),
        domains=(1, 2),
    ),
    AssessmentSpec(
        "L3",
        "Future lab",
        AssessmentKind.GUIDED_LAB,
        "Labs",
        30,
        75,
        NOW + timedelta(days=10),
        domains=(1,),
    ),
)


def test_lab_coverage_blends_into_mastery() -> None:
    # Domain 1: L1 passed, L2 overdue (not started), L3 not due -> labs 1/2 = 0.5.
    # mastery = 0.75 × 0.80 + 0.25 × 0.50 = 0.725.
    coverage = lab_coverage(LABS, {"L1": ScoreFact("L1", 30)}, NOW)
    result = assess(
        SAA,
        [attempt(domains={"1": 80, "2": 80, "3": 80, "4": 80})],
        PARAMS,
        now=NOW,
        coverage=coverage,
    )
    d1, d2 = result.domains[0], result.domains[1]
    assert (d1.labs_passed, d1.labs_counted, d1.labs) == (1, 2, 0.5)
    assert d1.mastery == pytest.approx(0.725)
    assert d2.mastery == pytest.approx(0.75 * 0.8)  # L2 overdue: 0/1
    assert d1.next_labs == ("L2", "L3", "L1")  # what to do next: not passed first


def test_labs_alone_show_mastery_but_no_prediction() -> None:
    coverage = lab_coverage(LABS, {"L1": ScoreFact("L1", 30)}, NOW)
    result = assess(SAA, [], PARAMS, now=NOW, coverage=coverage)
    assert result.status is ReadinessStatus.NO_DATA and result.predicted_score is None
    assert result.domains[0].mastery == 0.5 and result.domains[0].practice is None


def test_pacing_against_the_exam_budget() -> None:
    # 130 min / 65 questions = 120 s budget; practice 150 min for 65 questions = 138.46 s.
    result = assess(SAA, [attempt(percent=80, minutes=150, questions=65)], PARAMS, now=NOW)
    assert result.budget_seconds_per_question == 120
    assert result.seconds_per_question == pytest.approx(150 * 60 / 65)
    assert result.pace_ratio == pytest.approx(150 / 130)


def test_predicted_score_bounds() -> None:
    assert predicted_score([(30, 0.0), (70, 0.0)]) == 100
    assert predicted_score([(30, 1.0), (70, 1.0)]) == 1000
    assert predicted_score([]) is None


domain_maps = st.dictionaries(st.sampled_from(["1", "2", "3", "4"]), st.floats(0, 100), max_size=4)
attempts_st = st.lists(
    st.builds(
        attempt, st.floats(0, 120), domain_maps, percent=st.one_of(st.none(), st.floats(0, 100))
    ),
    min_size=1,
    max_size=5,
)


@settings(max_examples=300, deadline=None)
@given(attempts_st, st.data())
def test_readiness_is_monotone_in_mastery(attempts, data) -> None:
    i = data.draw(st.integers(0, len(attempts) - 1))
    before = attempts[i]
    if before.domain_percents:
        key = data.draw(st.sampled_from(sorted(before.domain_percents)))
        raised = {
            **before.domain_percents,
            key: min(100.0, before.domain_percents[key] + data.draw(st.floats(0, 50))),
        }
        after = before._replace(domain_percents=raised)
    elif before.percent is not None:
        after = before._replace(percent=min(100.0, before.percent + data.draw(st.floats(0, 50))))
    else:
        return
    old = assess(SAA, attempts, PARAMS, now=NOW)
    new = assess(SAA, [*attempts[:i], after, *attempts[i + 1 :]], PARAMS, now=NOW)
    if old.predicted_score is not None:
        assert new.predicted_score >= old.predicted_score - 1e-9
    assert STATUS_RANK[new.status] >= STATUS_RANK[old.status]


def test_next_labs_never_suggest_a_passed_lab() -> None:
    # L1 and L2 passed, L3 not started: domain 1's labs are (L3, L1, L2), domain 2's (L2,).
    # Whatever the weakest domains, the only lab left to suggest is L3.
    from coursekit.domain.readiness import suggested_labs

    passed = {"L1": ScoreFact("L1", 30), "L2": ScoreFact("L2", 25)}
    result = assess(
        SAA,
        [attempt(domains={"1": 40, "2": 30, "3": 90, "4": 90})],
        PARAMS,
        now=NOW,
        coverage=lab_coverage(LABS, passed, NOW),
    )
    d1, d2 = result.domains[0], result.domains[1]
    assert d1.next_labs == ("L3", "L1", "L2") and d1.labs_todo == ("L3",)
    assert d2.labs_todo == ()
    assert suggested_labs(result) == ("L3",)
