"""Add, edit and drop students through the roster's forms, from the keyboard."""

from __future__ import annotations

from typing import Any

import pytest

from coursekit.services.roster.roster import StudentEdit, edit_student, list_roster, student_history
from coursekit.tui.app import CoursekitApp
from coursekit.tui.screens.confirm import ConfirmScreen
from coursekit.tui.screens.roster import RosterScreen
from coursekit.tui.screens.student_form import StudentFormScreen
from coursekit.tui.widgets.record_table import RecordTable
from coursekit.tui.widgets.student_fields import StudentFields


def roster(ctx: Any) -> dict[str, Any]:
    return {r.student_id: r for r in list_roster(ctx, "COMP529")}


def field_error(app: CoursekitApp, name: str) -> str:
    return app.screen.query_one(StudentFields).error(name)


@pytest.fixture
def notes(monkeypatch: pytest.MonkeyPatch) -> Any:
    """Record notifications of the next app (message, severity)."""
    seen: list[tuple[str, str]] = []
    original = CoursekitApp.notify

    def notify(self: CoursekitApp, message: str, **kwargs: Any) -> None:
        seen.append((message, kwargs.get("severity", "information")))
        original(self, message, **kwargs)

    monkeypatch.setattr(CoursekitApp, "notify", notify)
    return seen


async def focus_student(pilot: Any, needle: str) -> None:
    """Filter the roster down to one student and put the focus back on the table."""
    await pilot.press("slash", *needle, "enter")


async def test_add_a_student_through_the_form(roster_ctx: Any, settled: Any) -> None:
    app = CoursekitApp(roster_ctx, course_code="COMP529", screen="roster")
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        await pilot.press("a")
        assert isinstance(app.screen, StudentFormScreen)
        await pilot.press(
            *"0077", "tab", *"Katherine Johnson", "tab", "tab", *"kj@uni.edu", "tab", "B", "enter"
        )
        await settled(pilot)
        assert isinstance(app.screen, RosterScreen)
        added = roster(roster_ctx)["0077"]
        assert (added.name, added.email, added.section) == ("Katherine Johnson", "kj@uni.edu", "B")
        assert added.sortable_name == "Johnson, Katherine"
        table = app.screen.query_one(RecordTable)
        assert table.cursor_record.student_id == "0077"  # the cursor lands on the new student


async def test_form_errors_are_shown_inline_and_keep_the_form_open(
    roster_ctx: Any, settled: Any
) -> None:
    app = CoursekitApp(roster_ctx, course_code="COMP529", screen="roster")
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        await pilot.press("a", *"0078", "tab", " ", "tab", "tab", *"not-an-address", "ctrl+s")
        assert isinstance(app.screen, StudentFormScreen)
        assert field_error(app, "name") == "Name cannot be empty"
        assert "does not look like an address" in field_error(app, "email")
        assert app.screen.focused.id == "field-name"  # type: ignore[union-attr]
        # A duplicate id is refused by the service: the reason shows under the id.
        app.screen.query_one("#field-student_id").value = ""  # type: ignore[attr-defined]
        app.screen.query_one("#field-email").value = ""  # type: ignore[attr-defined]
        await pilot.press(*"Someone Else", "shift+tab")
        await pilot.press(*"10001", "ctrl+s")
        await settled(pilot)
        assert isinstance(app.screen, StudentFormScreen)
        assert "already enrolled" in field_error(app, "student_id")
        await pilot.press("escape")
        assert isinstance(app.screen, RosterScreen)
    assert len(roster(roster_ctx)) == 5


async def test_edit_a_student(roster_ctx: Any, settled: Any) -> None:
    app = CoursekitApp(roster_ctx, course_code="COMP529", screen="roster")
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        await focus_student(pilot, "lovelace")
        await pilot.press("m")
        assert isinstance(app.screen, StudentFormScreen)
        await pilot.press("ctrl+a", "ctrl+k", *"Ada King", "ctrl+s")
        await settled(pilot)
        assert isinstance(app.screen, RosterScreen)
    ada = roster(roster_ctx)["10001"]
    assert ada.name == "Ada King"
    assert ada.sortable_name == "Lovelace, Ada"  # left as it was: only the name was edited


async def test_an_edit_underneath_is_a_conflict_not_an_overwrite(
    roster_ctx: Any, settled: Any, notes: list[tuple[str, str]]
) -> None:
    app = CoursekitApp(roster_ctx, course_code="COMP529", screen="roster")
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        await focus_student(pilot, "lovelace")
        await pilot.press("m")  # the form holds version 1
        ada = roster(roster_ctx)["10001"]
        edit_student(
            roster_ctx,
            ada.enrollment_id,
            StudentEdit(name="Ada Byron"),
            expected_version=ada.version,
        )  # another TA, meanwhile
        await pilot.press("ctrl+a", "ctrl+k", *"Ada Mine", "ctrl+s")
        await settled(pilot)
        assert isinstance(app.screen, RosterScreen)
        assert any("changed by someone else" in m and s == "error" for m, s in notes)
        shown = app.screen.query_one(RecordTable).cursor_record
        assert shown.name == "Ada Byron"  # reloaded: the other edit is what is shown
    assert roster(roster_ctx)["10001"].name == "Ada Byron"


async def test_drop_asks_first_and_keeps_history(roster_ctx: Any, settled: Any) -> None:
    app = CoursekitApp(roster_ctx, course_code="COMP529", screen="roster")
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        await focus_student(pilot, "turing")
        await pilot.press("delete")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("escape")  # cancelled: nothing happens
        assert roster(roster_ctx)["10002"].status == "active"
        await pilot.press("delete", "y")
        await settled(pilot)
        table = app.screen.query_one(RecordTable)
        assert table.cursor_record.status == "dropped"
    turing = roster(roster_ctx)["10002"]
    assert turing.status == "dropped"
    changes = [
        (field, old, new)
        for _, _, _, field, old, new in student_history(roster_ctx, turing.student_pk)
    ]
    assert ("status", "active", "dropped") in changes
