"""Why Canvas's total differs from coursekit's: the reasons, hand-checked."""

from __future__ import annotations

from coursekit.domain.canvas_compare import CellDiff, Totals, explain


def test_totals_within_a_hundredth_agree() -> None:
    assert explain(Totals(87.5, 80.0), Totals(87.504, 79.996)) == ()
    assert explain(Totals(None, None), Totals(None, None)) == ()


def test_a_missing_item_when_only_the_final_differs() -> None:
    (reason,) = explain(Totals(90.0, 70.0), Totals(90.0, 72.0))
    assert reason.startswith("a missing item")


def test_the_rules_when_nothing_else_explains_it() -> None:
    (reason,) = explain(Totals(90.0, 70.0), Totals(88.0, 70.0))
    assert reason.startswith("the grading rules differ")


def test_every_reason_that_applies_and_only_three_cells_shown() -> None:
    cells = [CellDiff(f"Lab {i}", "10", "9") for i in range(5)]
    reasons = explain(
        Totals(80.0, 60.0),
        Totals(85.0, 61.0),
        cells=cells,
        canvas_only=2,
        unposted=Totals(85.0, 61.0),
    )
    assert len(reasons) == 3
    assert reasons[0] == (
        "5 item(s) differ — a local edit not pushed or a Canvas change not pulled: "
        "Lab 0: Canvas 10, coursekit 9; Lab 1: Canvas 10, coursekit 9; "
        "Lab 2: Canvas 10, coursekit 9 (+2 more)"
    )
    assert reasons[1].startswith("2 graded Canvas assignment(s) are not in coursekit's syllabus")
    assert "unposted grades" in reasons[2] and "85.00%" in reasons[2]
