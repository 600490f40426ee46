"""Lab completion rules: pass thresholds, overdue, extensions, rates, nudges."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from coursekit.domain.enums import AssessmentKind, ScoreStatus
from coursekit.domain.grading import ScoreFact
from coursekit.domain.labs import (
    LabState,
    is_passed,
    lab_rates,
    lab_specs,
    nudge_reasons,
    student_labs,
)
from coursekit.domain.syllabus import AssessmentSpec

NOW = datetime(2026, 10, 20, 12, tzinfo=UTC)


def lab(
    key: str,
    days_from_now: float,
    threshold: float | None = 75,
    points: float = 30,
    kind: AssessmentKind = AssessmentKind.GUIDED_LAB,
) -> AssessmentSpec:
    return AssessmentSpec(
        key,
        f"Lab {key}",
        kind,
        "Labs",
        points,
        pass_threshold=threshold,
        due_at=NOW + timedelta(days=days_from_now),
    )


LABS = (
    lab("g1", -10),  # due 10 days ago
    lab("g2", -3),
    lab("c1", -1, threshold=60, points=45, kind=AssessmentKind.CHALLENGE_LAB),
    lab("g3", 2),  # due in 2 days
    lab("g4", 10),
)


def facts(**points: float | None) -> dict[str, ScoreFact]:
    return {k: ScoreFact(k, v) for k, v in points.items()}


def test_pass_threshold_is_a_percent_of_points() -> None:
    assert is_passed(22.5, 30, 75) and not is_passed(22.4, 30, 75)
    assert is_passed(27, 45, 60) and not is_passed(26.9, 45, 60)
    assert is_passed(1, 30, None) and not is_passed(0, 30, None)  # no threshold: any credit
    assert not is_passed(None, 30, 75)


def test_states_overdue_and_counts() -> None:
    # g1 passed; g2 attempted below 75 % and overdue; c1 not started and overdue;
    # g3 and g4 not due yet.
    result = student_labs(LABS, facts(g1=30, g2=20), NOW)
    states = {c.key: c.state for c in result.cells}
    assert states == {
        "g1": LabState.PASSED,
        "g2": LabState.BELOW_THRESHOLD,
        "c1": LabState.NOT_STARTED,
        "g3": LabState.NOT_STARTED,
        "g4": LabState.NOT_STARTED,
    }
    assert [c.key for c in result.cells if c.overdue] == ["g2", "c1"]
    assert (result.passed, result.overdue, result.due_so_far, result.behind) == (1, 2, 3, 2)


def test_an_extension_moves_the_due_date_and_excused_labs_do_not_count() -> None:
    extended = {
        "c1": ScoreFact("c1", None, ScoreStatus.MISSING, extended_due_at=NOW + timedelta(days=1)),
        "g2": ScoreFact("g2", None, ScoreStatus.EXCUSED),
    }
    result = student_labs(LABS, {**facts(g1=30), **extended}, NOW)
    cells = {c.key: c for c in result.cells}
    assert not cells["c1"].overdue and cells["c1"].due_at == NOW + timedelta(days=1)
    assert cells["g2"].state is LabState.EXCUSED
    assert (result.passed, result.overdue, result.assigned, result.behind) == (1, 0, 4, 0)


def test_a_late_pass_is_still_a_pass() -> None:
    late = {"g1": ScoreFact("g1", 30, submitted_at=NOW)}
    assert student_labs(LABS, late, NOW).cells[0].state is LabState.PASSED


def test_completion_rate_per_lab_excludes_excused_students() -> None:
    students = [
        student_labs(LABS, facts(g1=30, g2=30), NOW),
        student_labs(LABS, facts(g1=10), NOW),
        student_labs(LABS, {"g1": ScoreFact("g1", None, ScoreStatus.EXCUSED)}, NOW),
    ]
    rates = {r.key: r for r in lab_rates(LABS, students)}
    assert (rates["g1"].passed, rates["g1"].assigned) == (1, 2) and rates["g1"].rate == 0.5
    assert rates["g2"].rate == 1 / 3


def test_nudge_reasons_behind_overdue_and_due_soon() -> None:
    behind = student_labs(LABS, facts(g1=30), NOW)  # 3 due, 1 passed -> 2 behind
    reasons = nudge_reasons(behind, NOW, behind=2, days=3)
    assert reasons.behind == 2
    assert reasons.overdue == ("g2", "c1")
    assert reasons.due_soon == ("g3",)  # g4 is 10 days away
    # Not behind enough for behind=3, but the overdue labs still call for a nudge.
    assert nudge_reasons(behind, NOW, behind=3).behind == 0
    assert nudge_reasons(behind, NOW, behind=3)


def test_no_nudge_for_a_student_on_track() -> None:
    on_track = student_labs(LABS, facts(g1=30, g2=30, c1=45, g3=30), NOW)
    assert not nudge_reasons(on_track, NOW, behind=2, days=3)


def test_only_guided_and_challenge_labs_are_labs() -> None:
    check = AssessmentSpec("k1", "Check", AssessmentKind.KNOWLEDGE_CHECK, "KC", 10)
    assert [s.key for s in lab_specs([*LABS, check])] == ["g1", "g2", "c1", "g3", "g4"]


def test_an_early_pass_does_not_make_up_for_an_overdue_lab() -> None:
    # g1, g2 and c1 are due; g2 and c1 are not handed in; g3 and g4 are passed early.
    # Passed 3 in all, but only 1 of the 3 due: 2 behind, 2 overdue.
    labs = student_labs(LABS, facts(g1=30, g3=30, g4=30), NOW)
    assert (labs.passed, labs.passed_due, labs.due_so_far) == (3, 1, 3)
    assert labs.behind == 2 and labs.overdue == 2
    reasons = nudge_reasons(labs, NOW)
    assert reasons.behind == 2 and reasons.overdue == ("g2", "c1")


def test_canvas_marks_have_one_spelling_both_ways() -> None:
    from coursekit.domain.enums import CANVAS_MARKS
    from coursekit.domain.import_values import parse_score, score_text

    assert parse_score("EX") == (ScoreStatus.EXCUSED, None)
    assert parse_score("n/a") == (ScoreStatus.NOT_ASSIGNED, None)
    assert CANVAS_MARKS == {"excused": "EX", "not_assigned": "N/A"}
    assert score_text("excused", None) == "EX" and score_text("not_assigned", None) == "N/A"
