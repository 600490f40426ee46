"""The scores tab edits a score, excuses, grants an extension and explains the grade."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from coursekit.services.views.grades import student_grades
from coursekit.tui.app import CoursekitApp
from coursekit.tui.screens.student_tabs.score_dialogs import (
    ExplanationScreen,
    parse_due,
    parse_score_entry,
)
from support import engine_demo as demo
from support import student_tabs as tabs

NOW, SIZE, LIAM = demo.NOW, demo.SIZE, tabs.LIAM


def item(ctx: Any, key: str) -> Any:
    eid = tabs.enrollment_of(ctx, LIAM)
    return next(i for i in student_grades(ctx, eid, now=NOW).items if i.key == key)


async def test_edit_excuse_extend_and_explain(demo_ctx: Any, settled: Any) -> None:
    app = CoursekitApp(demo_ctx, course_code="COMP529", now=NOW)
    async with app.run_test(size=SIZE) as pilot:
        await tabs.open_student(pilot, settled, LIAM, "scores")
        key = app.screen.query_one("#scores-table").cursor_record[0].key
        before = item(demo_ctx, key)

        await pilot.press("e", "ctrl+a", "ctrl+k", *"12", "enter")
        await settled(pilot)
        assert (item(demo_ctx, key).points, item(demo_ctx, key).status) == (12, "graded")

        await pilot.press("x")
        await settled(pilot)
        assert item(demo_ctx, key).status == "excused"

        await pilot.press("e", "ctrl+a", "ctrl+k", "enter")  # empty clears the score
        await settled(pilot)
        assert (item(demo_ctx, key).points, item(demo_ctx, key).status) == (None, "missing")

        await pilot.press("d", *"+3", "enter")
        await settled(pilot)
        assert item(demo_ctx, key).due_at == before.due_at + timedelta(days=3)

        await pilot.press("w")
        await settled(pilot)
        assert isinstance(app.screen, ExplanationScreen)
        text = "\n".join(str(w.render()) for w in app.screen.query("Static"))
        assert "Current (graded work only)" in text and "Letter: " in text
        await pilot.press("escape")
        await settled(pilot)
        assert not isinstance(app.screen, ExplanationScreen)


def test_dialog_parsing() -> None:
    assert parse_score_entry(" 27 ", 30).points == 27
    assert parse_score_entry("ex", 30).kind == "excuse"
    assert parse_score_entry("", 30).kind == "clear"
    for bad in ("-1", "abc", "301"):
        try:
            parse_score_entry(bad, 30)
        except ValueError:
            continue
        raise AssertionError(bad)
    due = NOW
    assert parse_due("+2", due) == due + timedelta(days=2)
    assert parse_due("", due) is None
    try:
        parse_due("2026-10-04T23:59", due)
    except ValueError as exc:
        assert "time zone" in str(exc)
    else:
        raise AssertionError("no zone accepted")


async def test_question_mark_lists_the_keys_of_the_active_tab(
    demo_ctx: Any, settled: Any, read_screen: Any
) -> None:
    from coursekit.tui.screens.help import HelpScreen

    app = CoursekitApp(demo_ctx, course_code="COMP529", now=NOW)
    async with app.run_test(size=SIZE) as pilot:
        await tabs.open_student(pilot, settled, LIAM, "scores")
        await pilot.press("question_mark")
        await settled(pilot)
        assert isinstance(app.screen, HelpScreen)
        scopes = {(line.scope, line.description) for line in app.screen.lines}
        assert {("Scores tab", "Edit score"), ("Scores tab", "Why")} <= scopes
        assert app.screen.lines[0].scope == "Scores tab"


async def test_an_edit_from_a_stale_screen_is_a_conflict(demo_ctx: Any, settled: Any) -> None:
    """Someone else changed the score after the tab showed it: the tab's edit is refused
    and their value stays (no silent overwrite)."""
    from coursekit.services.roster.score_edits import set_score

    app = CoursekitApp(demo_ctx, course_code="COMP529", now=NOW)
    async with app.run_test(size=SIZE) as pilot:
        await tabs.open_student(pilot, settled, LIAM, "scores")
        key = app.screen.query_one("#scores-table").cursor_record[0].key
        set_score(demo_ctx, "COMP529", LIAM, key, 7)  # another instructor, meanwhile
        await pilot.press("e", "ctrl+a", "ctrl+k", *"12", "enter")
        await settled(pilot)
        assert (item(demo_ctx, key).points, item(demo_ctx, key).status) == (7, "graded")
