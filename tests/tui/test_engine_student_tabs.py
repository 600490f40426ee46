"""The student screen's Scores, Labs, Credits and Readiness tabs on the demo database, the
final-grade override (and its conflict), and snapshots of the dashboard and the Scores tab."""

from __future__ import annotations

from typing import Any

import pytest

from coursekit.services.views.credits import student_credits
from coursekit.services.views.grades import set_override, student_grades
from coursekit.services.views.readiness import student_readiness
from coursekit.services.views.student_labs import student_lab_matrix
from coursekit.tui.app import CoursekitApp
from coursekit.tui.screens.student_tabs.override import parse_percent
from support import engine_demo as demo
from support.student_tabs import LIAM, enrollment_of, open_student

NOW, SIZE = demo.NOW, demo.SIZE


async def test_scores_tab_shows_the_grades_of_the_service(
    demo_ctx: Any, settled: Any, read_screen: Any
) -> None:
    grades = student_grades(demo_ctx, enrollment_of(demo_ctx, LIAM), now=NOW)
    grade = grades.row.grade
    app = CoursekitApp(demo_ctx, course_code="COMP529", now=NOW)
    async with app.run_test(size=SIZE) as pilot:
        await open_student(pilot, settled, LIAM, "scores")
        text = read_screen(app)
        assert f"Current {grade.current_percent:.2f} % ({grade.current_letter})" in text
        assert f"Final {grade.final_percent:.2f} % ({grade.final_letter})" in text
        table = app.screen.query_one("#scores-table")
        items = [line[0] for line in table.visible_records()]
        assert items == list(grades.items)
        statuses = {
            line[0].key: table.columns[3].value(line).plain for line in table.visible_records()
        }
        seen = set()
        for item in grades.items:
            if item.status == "excused":
                expected = "EX"
            elif item.status == "not_assigned":
                expected = "N/A"
            elif item.points is None and item.submitted_at is None and item.due_at < NOW:
                expected = "missing"
            elif item.late_deduction:
                expected = "late"
            else:
                continue
            seen.add(expected)
            assert statuses[item.key].startswith(expected), (item.key, statuses[item.key])
        assert "missing" in seen  # (the demo gradebook has no submission times: no "late")


async def test_labs_credits_and_readiness_tabs(
    demo_ctx: Any, settled: Any, read_screen: Any
) -> None:
    eid = enrollment_of(demo_ctx, LIAM)
    labs = student_lab_matrix(demo_ctx, eid, now=NOW).rows[0].labs
    credits = student_credits(demo_ctx, eid, now=NOW).row.forecast
    readiness = student_readiness(demo_ctx, eid, now=NOW)[0].result
    app = CoursekitApp(demo_ctx, course_code="COMP529", now=NOW)
    async with app.run_test(size=SIZE) as pilot:
        await open_student(pilot, settled, LIAM, "labs")
        text = read_screen(app)
        assert f"Passed {labs.passed} of {labs.assigned} labs" in text
        assert f"overdue {labs.overdue}" in text
        await pilot.press("right_square_bracket")
        await settled(pilot)
        text = read_screen(app)
        assert f"spent ${credits.spent:,.2f} of ${credits.budget:,.2f}" in text
        assert f"remaining ${credits.remaining:,.2f}" in text
        assert f"runs out {credits.runout_on:%a %Y-%m-%d}" in text
        await pilot.press("right_square_bracket")
        await settled(pilot)
        text = read_screen(app)
        assert f"predicted {readiness.predicted_score:.0f} (pass {readiness.passing_score})" in text
        assert "│" in text  # the passing line on the domain bars
        weakest = next(d for d in readiness.domains if d.number == readiness.weakest[0])
        assert f"Weakest: {weakest.number} {weakest.name}" in text


async def test_override_from_the_scores_tab(demo_ctx: Any, settled: Any) -> None:
    eid = enrollment_of(demo_ctx, LIAM)
    app = CoursekitApp(demo_ctx, course_code="COMP529", now=NOW)
    async with app.run_test(size=SIZE) as pilot:
        await open_student(pilot, settled, LIAM, "scores")
        await pilot.press("o", *"91", "enter")
        await settled(pilot)
        grade = student_grades(demo_ctx, eid, now=NOW).row.grade
        assert grade.override_percent == 91 and grade.letter == "A-"
        assert "Override 91.00 %" in str(app.screen.query_one("#scores-totals").render())
        await pilot.press("o", "ctrl+a", "ctrl+k", "enter")  # empty clears it
        await settled(pilot)
        assert student_grades(demo_ctx, eid, now=NOW).row.grade.override_percent is None


async def test_override_changed_underneath_is_a_conflict(
    demo_ctx: Any, settled: Any, monkeypatch: Any
) -> None:
    eid = enrollment_of(demo_ctx, LIAM)
    notes: list[str] = []
    original = CoursekitApp.notify

    def notify(self: CoursekitApp, message: str, **kwargs: Any) -> None:
        notes.append(f"{kwargs.get('title', '')}: {message}")
        original(self, message, **kwargs)

    monkeypatch.setattr(CoursekitApp, "notify", notify)
    app = CoursekitApp(demo_ctx, course_code="COMP529", now=NOW)
    async with app.run_test(size=SIZE) as pilot:
        await open_student(pilot, settled, LIAM, "scores")
        shown = student_grades(demo_ctx, eid, now=NOW).row
        set_override(demo_ctx, eid, 55.0, shown.enrollment_version)  # another TA, meanwhile
        await pilot.press("o", *"91", "enter")
        await settled(pilot)
        assert any(note.startswith("Not saved: conflict") for note in notes), notes
        assert student_grades(demo_ctx, eid, now=NOW).row.grade.override_percent == 55.0
        assert "Override 55.00 %" in str(app.screen.query_one("#scores-totals").render())


def test_status_cell_words() -> None:
    from datetime import timedelta

    from coursekit.domain.grading import ItemGrade
    from coursekit.tui.screens.student_tabs.scores import status_cell

    due = NOW - timedelta(days=2)

    def item(
        status: str, points: float | None, late: float = 0.0, submitted: Any = None
    ) -> ItemGrade:
        return ItemGrade("k", "Labs", 10, status, points, points, late, False, due, submitted)

    assert status_cell(item("excused", None), False, True).plain == "EX"
    assert status_cell(item("not_assigned", None), False, True).plain == "N/A"
    assert status_cell(item("missing", None), False, True).plain == "missing"
    assert status_cell(item("missing", None), False, False).plain == "not due"
    assert status_cell(item("missing", None, submitted=due), False, True).plain == "submitted"
    late = item("graded", 9, 1.0, due + timedelta(hours=5))
    assert status_cell(late, False, True).plain == "late"
    assert status_cell(item("graded", 9), True, True).plain == "graded · dropped"


def test_override_percent_parsing() -> None:
    assert parse_percent(" 87.5 % ") == 87.5
    assert parse_percent("87,5") == 87.5
    assert parse_percent("") is None
    for bad in ("abc", "-1", "201", "nan"):
        with pytest.raises(ValueError):
            parse_percent(bad)


def test_dashboard_snapshot(demo_ctx: Any, settled: Any, snap_compare: Any) -> None:
    app = CoursekitApp(demo_ctx, course_code="COMP529", now=NOW)

    async def ready(pilot: Any) -> None:
        await settled(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=ready)


def test_scores_tab_snapshot(demo_ctx: Any, settled: Any, snap_compare: Any) -> None:
    app = CoursekitApp(demo_ctx, course_code="COMP529", now=NOW)

    async def ready(pilot: Any) -> None:
        await settled(pilot)
        await open_student(pilot, settled, LIAM, "scores")

    assert snap_compare(app, terminal_size=SIZE, run_before=ready)
