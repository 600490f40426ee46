"""The student screen: header, Profile (edit, version-checked) and History tabs."""

from __future__ import annotations

from typing import Any

from textual.widgets import TabbedContent

from coursekit.services.roster import StudentEdit, edit_student, list_roster
from coursekit.tui.app import CoursekitApp
from coursekit.tui.screens.roster import RosterScreen
from coursekit.tui.screens.student import StudentScreen
from coursekit.tui.screens.student_tabs import STUDENT_TABS
from coursekit.tui.widgets.record_table import RecordTable
from coursekit.tui.widgets.student_fields import StudentFields


def ada(ctx: Any) -> Any:
    return next(r for r in list_roster(ctx, "COMP529") if r.student_id == "10001")


async def open_ada(pilot: Any, settled: Any) -> None:
    await settled(pilot)
    await pilot.press("slash", *"lovelace", "enter", "enter")
    await settled(pilot)
    assert isinstance(pilot.app.screen, StudentScreen)


async def test_tabs_are_only_those_with_a_service(roster_ctx: Any, settled: Any) -> None:
    app = CoursekitApp(roster_ctx, course_code="COMP529", screen="roster")
    async with app.run_test(size=(120, 40)) as pilot:
        await open_ada(pilot, settled)
        panes = [pane.id for pane in app.screen.query_one(TabbedContent).query("TabPane")]
        assert panes == [f"pane-{tab.TAB_ID}" for tab in STUDENT_TABS]
        assert panes[0] == "pane-profile" and panes[-1] == "pane-history"


async def test_profile_edit_updates_header_and_history(
    roster_ctx: Any, settled: Any, read_screen: Any
) -> None:
    app = CoursekitApp(roster_ctx, course_code="COMP529", screen="roster")
    async with app.run_test(size=(120, 40)) as pilot:
        await open_ada(pilot, settled)
        assert "Ada Lovelace  10001  ada@uni.edu  section A  active" in read_screen(app)
        app.screen.query_one("#field-section").focus()
        await pilot.press("ctrl+a", "ctrl+k", "C", "ctrl+s")
        await settled(pilot)
        assert "Ada Lovelace  10001  ada@uni.edu  section C  active" in read_screen(app)
        await pilot.press("escape")  # leaves the screen
        await settled(pilot)
        assert isinstance(app.screen, RosterScreen)
        shown = app.screen.query_one(RecordTable).cursor_record
        assert (shown.name, shown.section) == ("Ada Lovelace", "C")  # the roster reloaded
        await pilot.press("enter")
        await settled(pilot)
        app.screen.query_one("#student-tabs").focus()
        await pilot.press("left_square_bracket")  # wraps around to the last tab
        await settled(pilot)
        assert app.screen.query_one(TabbedContent).active == "pane-history"
        history = app.screen.query_one("#history-table", RecordTable)
        changes = [(e[2], e[3], e[4], e[5]) for e in history.visible_records()]
        assert ("enrollment", "section", "A", "C") in changes
        assert "enrollment.section" in read_screen(app)
    assert ada(roster_ctx).section == "C"


async def test_profile_conflict_reloads_instead_of_overwriting(
    roster_ctx: Any, settled: Any, read_screen: Any
) -> None:
    app = CoursekitApp(roster_ctx, course_code="COMP529", screen="roster")
    async with app.run_test(size=(120, 40)) as pilot:
        await open_ada(pilot, settled)
        row = ada(roster_ctx)
        edit_student(
            roster_ctx,
            row.enrollment_id,
            StudentEdit(email="ada@byron.org"),
            expected_version=row.version,
        )
        app.screen.query_one("#field-email").focus()
        await pilot.press("ctrl+a", "ctrl+k", *"mine@uni.edu", "ctrl+s")
        await settled(pilot)
        assert "ada@byron.org" in read_screen(app)  # what is stored now, in the header
        assert app.screen.query_one("#field-email").value == "ada@byron.org"  # type: ignore[attr-defined]
    assert ada(roster_ctx).email == "ada@byron.org"


async def test_profile_refuses_an_empty_name_inline(roster_ctx: Any, settled: Any) -> None:
    app = CoursekitApp(roster_ctx, course_code="COMP529", screen="roster")
    async with app.run_test(size=(120, 40)) as pilot:
        await open_ada(pilot, settled)
        app.screen.query_one("#field-name").focus()
        await pilot.press("ctrl+a", "ctrl+k", "ctrl+s")
        await settled(pilot)
        assert app.screen.query_one(StudentFields).error("name") == "Name cannot be empty"
    assert ada(roster_ctx).name == "Ada Lovelace"
