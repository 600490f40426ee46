"""The grade explanation against hand-computed cases and against the engine's totals."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from coursekit.domain.enums import AssessmentKind
from coursekit.domain.grade_explanation import explain
from coursekit.domain.grading import GradeCalculator, ScoreFact
from coursekit.domain.syllabus import (
    AssessmentSpec,
    GradingCategory,
    GradingPolicy,
    LatePer,
    LatePolicy,
    LetterGrade,
)

DUE = datetime(2026, 10, 1, 12, tzinfo=UTC)
NOW = DUE + timedelta(days=3)
LETTERS = (
    LetterGrade("A", 90),
    LetterGrade("B", 80),
    LetterGrade("C", 70),
    LetterGrade("F", 0),
)
POLICY = GradingPolicy(
    (GradingCategory("Labs", 60, drop_lowest=1), GradingCategory("Exam", 40)),
    LatePolicy(deduction_percent=10, per=LatePer.DAY, floor_percent=50),
    LETTERS,
)


def spec(key: str, category: str, points: float, due: datetime) -> AssessmentSpec:
    return AssessmentSpec(
        key, f"Title {key}", AssessmentKind.ASSESSMENT, category, points, due_at=due
    )


SPECS = (
    spec("L1", "Labs", 10, DUE),
    spec("L2", "Labs", 10, DUE),
    spec("L3", "Labs", 10, DUE),
    spec("L4", "Labs", 10, DUE + timedelta(days=7)),
    spec("E1", "Exam", 100, DUE),
)
FACTS = {
    "L1": ScoreFact("L1", 9, submitted_at=DUE - timedelta(hours=1)),
    # 30 h late: ceil(30 / 24) = 2 days × 10 % of 10 = 2 off -> 8.
    "L2": ScoreFact("L2", 10, submitted_at=DUE + timedelta(hours=30)),
    # 6 days late: 60 % of 10 = 6 off, but never below the 50 % floor (5): 1 off -> 5.
    "L3": ScoreFact("L3", 6, submitted_at=DUE + timedelta(days=6)),
    "L4": ScoreFact("L4", None, status="excused"),
    # Extended to DUE + 2 days, handed in at DUE + 1 day: on time for this student.
    "E1": ScoreFact(
        "E1", 80, submitted_at=DUE + timedelta(days=1), extended_due_at=DUE + timedelta(days=2)
    ),
}


def explained(facts=FACTS, override=None, policy=POLICY, specs=SPECS):  # type: ignore[no-untyped-def]
    calc = GradeCalculator(policy, specs)
    grade = calc.grade(facts, now=NOW, override_percent=override)
    items = calc.item_grades(facts, now=NOW)
    return grade, explain(
        student_id="0001",
        name="Ada",
        policy=policy,
        assessments=specs,
        grade=grade,
        items=items,
    )


def test_late_floor_drop_excused_extension_by_hand() -> None:
    grade, ex = explained()
    labs, exam = ex.categories
    items = {i.key: i for i in labs.items + exam.items}
    assert (items["L2"].late_deduction, items["L2"].effective) == (2, 8)
    assert items["L2"].why.startswith("submitted 2 days late: 2 × 10 % = 20 % of 10 = 2 points off")
    assert (items["L3"].late_deduction, items["L3"].effective) == (1, 5)
    assert "6 × 10 % = 60 % of 10 = 6 points off, limited to 1 by the 50 % floor (5 points)" in (
        items["L3"].why
    )
    # Labs: 9, 8, 5 graded, L4 excused; drop the lowest (L3) for Current and Final: 17/20.
    assert (items["L3"].current, items["L3"].final) == ("dropped", "dropped")
    assert items["L4"].current == items["L4"].final == "excused"
    assert items["L4"].why.startswith("EX: left out")
    assert (labs.current_points, labs.current_possible, labs.current_percent) == (17, 20, 85)
    assert items["E1"].extended and items["E1"].late_deduction == 0
    assert "personal due date (extension)" in items["E1"].why
    # 85 × 0.6 + 80 × 0.4 = 51 + 32 = 83.00 -> B.
    assert ex.current.percent == ex.final.percent == 83.0 == grade.current_percent
    assert ex.current.terms == (
        "Labs: 85 % × weight 60 = 51",
        "Exam: 80 % × weight 40 = 32",
    )
    assert ex.current.formula == "51 + 32 = 83"
    assert (ex.letter, ex.letter_rule) == ("B", "83 % ≥ 80 % → B")
    assert ex.late_deductions == 3
    json.dumps(ex.to_dict())  # plain data, datetimes as text


def test_ungraded_work_counts_in_final_only_and_weights_rescale() -> None:
    # Only L1 graded (9/10), the rest without scores and no missing policy; E1 ungraded.
    facts = {"L1": ScoreFact("L1", 9)}
    grade, ex = explained(facts)
    labs, exam = ex.categories
    items = {i.key: i for i in labs.items}
    assert (items["L2"].current, items["L2"].final) == ("not graded yet", "counted as 0")
    # Current: only Labs counts: 9/10 = 90 % × 60, scaled by 100 / 60 -> 90.
    assert ex.current.formula == "(54) × 100 / 60 = 90" and ex.current.percent == 90.0
    assert exam.current_percent is None
    # Final: Labs 9 of 40 with the lowest (a 0) dropped -> 9/30 = 30 % × 60 = 18; exam 0.
    assert (labs.final_points, labs.final_possible) == (9, 30)
    assert ex.final.percent == grade.final_percent == 18.0
    assert ex.final.letter == "F"


def test_late_per_hour_and_override() -> None:
    policy = GradingPolicy(
        (GradingCategory("Work", None),),
        LatePolicy(deduction_percent=5, per=LatePer.HOUR, floor_percent=0),
        LETTERS,
    )
    specs = (spec("W1", "Work", 20, DUE),)
    # 2 h 10 min late: ceil(2.17) = 3 hours × 5 % = 15 % of 20 = 3 off -> 14 of 20 = 70 %.
    facts = {"W1": ScoreFact("W1", 17, submitted_at=DUE + timedelta(hours=2, minutes=10))}
    grade, ex = explained(facts, override=91, policy=policy, specs=specs)
    item = ex.categories[0].items[0]
    assert item.why == "submitted 3 hours late: 3 × 5 % = 15 % of 20 = 3 points off"
    assert ex.final.formula == "14 / 20 × 100 = 70" and ex.final.letter == "C"
    assert (ex.letter, ex.letter_rule) == ("A", "override 91 % ≥ 90 % → A")
    assert grade.letter == "A"
