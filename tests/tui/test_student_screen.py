"""The student screen: header, Profile (edit, version-checked) and History tabs."""

from __future__ import annotations

from typing import Any

from textual.widgets import TabbedContent

from coursekit.services.roster.roster import StudentEdit, edit_student, list_roster
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
        changes = [line for c in history.visible_records() for line in c.lines]
        assert "section: A → C" in changes
        assert "section: A → C" in read_screen(app)
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


async def test_history_tab_reverts_a_change_and_says_why_it_cannot(
    roster_ctx: Any, settled: Any, read_screen: Any
) -> None:
    row = ada(roster_ctx)
    edit_student(
        roster_ctx, row.enrollment_id, StudentEdit(section="C"), expected_version=row.version
    )
    edit_student(
        roster_ctx, row.enrollment_id, StudentEdit(section="D"), expected_version=row.version
    )
    app = CoursekitApp(roster_ctx, course_code="COMP529", screen="roster")
    notes: list[str] = []
    app.notify = lambda message, **kw: notes.append(str(message))  # type: ignore[method-assign]
    async with app.run_test(size=(120, 40)) as pilot:
        await open_ada(pilot, settled)
        app.screen.query_one("#student-tabs").focus()
        await pilot.press("left_square_bracket")
        await settled(pilot)
        table = app.screen.query_one("#history-table", RecordTable)
        table.focus()
        # Newest first: C → D, then A → C. The older one cannot go while the newer stands.
        assert [c.lines for c in table.visible_records()][:2] == [
            ("section: C → D",),
            ("section: A → C",),
        ]
        await pilot.press("down", "r")
        await settled(pilot)
        assert "y confirms" in read_screen(app)  # the dialog shows its keys
        await pilot.press("y")
        await settled(pilot)
        assert any("revert that one first" in n for n in notes)
        assert ada(roster_ctx).section == "D"
        table = app.screen.query_one("#history-table", RecordTable)
        table.focus()
        await pilot.press("home", "r", "y")
        await settled(pilot)
    assert ada(roster_ctx).section == "C"


async def test_leaving_with_an_unsaved_profile_edit_asks_first(
    roster_ctx: Any, settled: Any, read_screen: Any
) -> None:
    from coursekit.tui.screens.confirm import ConfirmScreen

    app = CoursekitApp(roster_ctx, course_code="COMP529", screen="roster")
    async with app.run_test(size=(120, 40)) as pilot:
        await open_ada(pilot, settled)
        app.screen.query_one("#field-section").focus()
        await pilot.press("ctrl+a", "ctrl+k", "Z", "escape")
        await settled(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        assert "unsaved changes" in read_screen(app)
        await pilot.press("n")  # stay: the edit is still in the form
        await settled(pilot)
        assert isinstance(app.screen, StudentScreen)
        assert app.screen.query_one("#field-section").value == "Z"
        await pilot.press("escape", "y")  # leave and throw it away
        await settled(pilot)
        assert isinstance(app.screen, RosterScreen)
    assert ada(roster_ctx).section == "A"
