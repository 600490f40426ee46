"""Grading rules with hand-computed expectations (Canvas's definitions)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from coursekit.domain.enums import AssessmentKind, ScoreStatus
from coursekit.domain.grading import (
    GradeCalculator,
    ScoreFact,
    compute_grade,
    late_deduction,
    round2,
)
from coursekit.domain.syllabus import (
    AssessmentSpec,
    GradingCategory,
    GradingPolicy,
    LatePer,
    LatePolicy,
    LetterGrade,
)

DUE = datetime(2026, 10, 1, 23, 59, tzinfo=UTC)
NOW = datetime(2026, 11, 1, tzinfo=UTC)
LETTERS = (LetterGrade("A", 90), LetterGrade("B", 80), LetterGrade("C", 70), LetterGrade("F", 0))


def spec(
    key: str, points: float, category: str = "HW", due: datetime | None = DUE
) -> AssessmentSpec:
    return AssessmentSpec(key, key.upper(), AssessmentKind.ASSESSMENT, category, points, due_at=due)


def graded(key: str, points: float | None, **kw: object) -> ScoreFact:
    return ScoreFact(key, points, **kw)  # type: ignore[arg-type]


def policy(*cats: GradingCategory, late: LatePolicy | None = None) -> GradingPolicy:
    return GradingPolicy(categories=cats, late=late or LatePolicy(), letters=LETTERS)


# -- drop lowest ---------------------------------------------------------------


def test_drop_keeps_the_best_ratio_not_the_lowest_percentages_and_ignores_excused() -> None:
    # 9/10, 50/100, 1/5 (+ an excused 0/10). Dropping one:
    #   drop 1/5 (lowest %)   -> 59/110 = 53.64 %
    #   drop 50/100           -> 10/15  = 66.67 %  <- Canvas keeps this set
    #   drop 9/10             -> 51/105 = 48.57 %
    # Had the excused item counted as 0/10, it would be the one dropped.
    pol = policy(GradingCategory("HW", None, drop_lowest=1))
    specs = [spec("h1", 10), spec("h2", 100), spec("h3", 5), spec("h4", 10)]
    facts = [
        graded("h1", 9),
        graded("h2", 50),
        graded("h3", 1),
        graded("h4", 0, status=ScoreStatus.EXCUSED),
    ]
    result = compute_grade(pol, specs, facts, now=NOW)
    (hw,) = result.categories
    assert hw.current_percent == 66.67
    assert hw.dropped_current == ("h2",)
    assert result.current_percent == 66.67 and result.final_percent == 66.67


def test_never_drop_items_stay_and_count_in_the_ratio() -> None:
    # h2 may not be dropped: drop h3 -> 59/110 = 53.64 %, drop h1 -> 51/105 = 48.57 %.
    pol = policy(GradingCategory("HW", None, drop_lowest=1, never_drop=("h2",)))
    specs = [spec("h1", 10), spec("h2", 100), spec("h3", 5)]
    facts = [graded("h1", 9), graded("h2", 50), graded("h3", 1)]
    result = compute_grade(pol, specs, facts, now=NOW)
    assert result.categories[0].dropped_current == ("h3",)
    assert result.current_percent == 53.64


def test_drop_keeps_at_least_one_item_and_is_decided_separately_for_current_and_final() -> None:
    # Current sees only h1 (8/10): nothing can be dropped. Final sees h1 8/10 and h2 0/10
    # (ungraded counts as zero) and drops h2.
    pol = policy(GradingCategory("HW", None, drop_lowest=1))
    result = compute_grade(
        pol, [spec("h1", 10), spec("h2", 10, due=None)], [graded("h1", 8)], now=NOW
    )
    hw = result.categories[0]
    assert hw.dropped_current == () and hw.dropped_final == ("h2",)
    assert result.current_percent == 80.0 and result.final_percent == 80.0


def test_points_mode_drop_can_lower_the_total_like_canvas() -> None:
    # Canvas drops per category. A: 95/100. B (drop 1): 8/10 and 70/100 -> keeps 8/10:
    # total 103/110 = 93.64. Raise 70 to 81: B now keeps 81/100 (81 % > 80 %), and the
    # total becomes 176/200 = 88.00 — lower, as in Canvas.
    pol = policy(GradingCategory("A", None), GradingCategory("B", None, drop_lowest=1))
    specs = [spec("a1", 100, "A"), spec("b1", 10, "B"), spec("b2", 100, "B")]
    before = compute_grade(
        pol, specs, [graded("a1", 95), graded("b1", 8), graded("b2", 70)], now=NOW
    )
    after = compute_grade(
        pol, specs, [graded("a1", 95), graded("b1", 8), graded("b2", 81)], now=NOW
    )
    assert (before.current_percent, after.current_percent) == (93.64, 88.0)
    assert before.categories[1].current_percent < after.categories[1].current_percent


def test_a_zero_point_item_is_kept_over_a_scored_one() -> None:
    # Dropping one of 0/0 (a zero-point item) and 1/5: keeping 0/0 cannot hurt (Canvas too).
    pol = policy(GradingCategory("HW", 100, drop_lowest=1))
    result = compute_grade(
        pol, [spec("z", 0), spec("h", 5)], [graded("z", 0), graded("h", 1)], now=NOW
    )
    assert result.categories[0].dropped_current == ("h",)
    assert result.current_percent is None  # nothing possible left in the only category


# -- current vs final, weights, points mode -------------------------------------


def test_current_ignores_ungraded_work_final_counts_it_as_zero_weighted() -> None:
    # HW (40 %): h1 8/10, h2 ungraded. Quiz (60 %): q1 ungraded.
    # Current: only HW has points possible -> 80 % × 40 / 40 = 80.00.
    # Final: HW 8/20 = 40 % × 40 = 16, Quiz 0/20 × 60 = 0 -> 16.00.
    pol = policy(GradingCategory("HW", 40), GradingCategory("Quiz", 60))
    specs = [spec("h1", 10, due=None), spec("h2", 10, due=None), spec("q1", 20, "Quiz", due=None)]
    result = compute_grade(pol, specs, [graded("h1", 8)], now=NOW)
    assert result.current_percent == 80.0
    assert result.final_percent == 16.0
    assert result.letter == "F" and result.current_letter == "B"


def test_nothing_graded_gives_no_current_grade() -> None:
    pol = policy(GradingCategory("HW", 100))
    result = compute_grade(pol, [spec("h1", 10, due=None)], [], now=NOW)
    assert result.current_percent is None and result.current_letter is None
    assert result.final_percent == 0.0


def test_points_mode_sums_points_across_categories() -> None:
    # 8/10 + 15/20 = 23/30 = 76.67 %
    pol = policy(GradingCategory("HW", None), GradingCategory("Quiz", None))
    specs = [spec("h1", 10), spec("q1", 20, "Quiz")]
    result = compute_grade(pol, specs, [graded("h1", 8), graded("q1", 15)], now=NOW)
    assert result.current_percent == 76.67 and result.letter == "C"


def test_not_assigned_items_leave_the_denominator() -> None:
    pol = policy(GradingCategory("HW", 100))
    specs = [spec("h1", 10), spec("h2", 10)]
    facts = [graded("h1", 9), graded("h2", None, status=ScoreStatus.NOT_ASSIGNED)]
    assert compute_grade(pol, specs, facts, now=NOW).final_percent == 90.0


def test_extra_credit_points_above_possible_and_zero_point_items() -> None:
    pol = policy(GradingCategory("HW", 100))
    # 8/10 plus a 0-point bonus item worth 2 -> 10/10; 12/10 alone -> 120 %.
    specs = [spec("h1", 10), spec("bonus", 0)]
    bonus = compute_grade(pol, specs, [graded("h1", 8), graded("bonus", 2)], now=NOW)
    assert bonus.final_percent == 100
    assert compute_grade(pol, specs[:1], [graded("h1", 12)], now=NOW).final_percent == 120


def test_override_sets_the_letter_but_keeps_the_computed_totals() -> None:
    pol = policy(GradingCategory("HW", 100))
    result = compute_grade(pol, [spec("h1", 10)], [graded("h1", 7)], now=NOW, override_percent=91.5)
    assert result.final_percent == 70.0 and result.override_percent == 91.5
    assert result.effective_percent == 91.5 and result.letter == "A"


# -- late policy ------------------------------------------------------------------


def test_late_by_day_rounds_partial_days_up() -> None:
    # 25 h late = 2 started days × 10 % of 10 points = 2 points off.
    late = LatePolicy(deduction_percent=10, per=LatePer.DAY)
    assert late_deduction(10, 10, 25 * 3600, late) == pytest.approx(2.0)
    assert late_deduction(10, 10, 1, late) == pytest.approx(1.0)  # one second late: one day


def test_late_by_hour_counts_started_hours() -> None:
    # 25 h 1 min late = 26 started hours × 1 % of 10 points = 2.6 points off.
    late = LatePolicy(deduction_percent=1, per=LatePer.HOUR)
    assert late_deduction(10, 10, 25 * 3600 + 60, late) == pytest.approx(2.6)


def test_late_deduction_stops_at_the_floor_and_never_raises_a_low_score() -> None:
    late = LatePolicy(deduction_percent=10, per=LatePer.DAY, floor_percent=50)
    # 6 days late: 60 % off 9 points would leave 3; the floor keeps 5 (50 % of 10).
    assert 9 - late_deduction(9, 10, 6 * 86_400, late) == pytest.approx(5.0)
    # Already below the floor: nothing is taken off (and nothing added).
    assert late_deduction(3, 10, 6 * 86_400, late) == 0.0
    # Capped at 100 % of points possible without a floor.
    assert late_deduction(10, 10, 30 * 86_400, LatePolicy(deduction_percent=10)) == 10.0


def test_late_policy_applies_to_graded_submissions_and_honours_extensions() -> None:
    late = LatePolicy(deduction_percent=10, per=LatePer.DAY)
    pol = policy(GradingCategory("HW", 100), late=late)
    specs = [spec("h1", 10)]
    two_days_late = graded("h1", 10, submitted_at=DUE + timedelta(hours=30))
    result = compute_grade(pol, specs, [two_days_late], now=NOW)
    assert result.final_percent == 80.0 and result.late_deductions == pytest.approx(2.0)
    extended = two_days_late._replace(extended_due_at=DUE + timedelta(days=3))
    assert compute_grade(pol, specs, [extended], now=NOW).final_percent == 100.0


def test_missing_policy_grades_past_due_unsubmitted_work() -> None:
    late = LatePolicy(missing_percent=40)
    pol = policy(GradingCategory("HW", 100), late=late)
    specs = [spec("h1", 10), spec("h2", 10, due=NOW + timedelta(days=7))]
    # h1 past due, nothing submitted -> 4/10 counts even in Current; h2 not due -> ungraded.
    result = compute_grade(pol, specs, [], now=NOW)
    assert result.current_percent == 40.0 and result.final_percent == 20.0
    # Submitted but not graded yet is not missing.
    pending = graded("h1", None, status=ScoreStatus.MISSING, submitted_at=DUE)
    assert compute_grade(pol, specs, [pending], now=NOW).current_percent is None
    # An extension past "now" means it is not missing yet.
    extended = graded("h1", None, status=ScoreStatus.MISSING, extended_due_at=NOW + timedelta(1))
    assert compute_grade(pol, specs, [extended], now=NOW).current_percent is None


def test_item_detail_reports_late_and_missing() -> None:
    pol = policy(
        GradingCategory("HW", 100), late=LatePolicy(deduction_percent=10, missing_percent=0)
    )
    calc = GradeCalculator(pol, [spec("h1", 10), spec("h2", 10)])
    late_fact = graded("h1", 10, submitted_at=DUE + timedelta(hours=1))
    items = calc.item_grades({"h1": late_fact}, now=NOW)
    h1, h2 = items
    assert h1.effective_points == pytest.approx(9.0) and h1.late_deduction == pytest.approx(1.0)
    assert h2.status == ScoreStatus.MISSING and h2.missing_applied and h2.effective_points == 0


def test_round2_is_half_up_like_canvas() -> None:
    assert round2(84.125) == 84.13
    assert round2(2 / 3 * 100) == 66.67
    assert round(84.125, 2) == 84.12  # why round2 exists
