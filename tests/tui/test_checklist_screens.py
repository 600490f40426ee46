"""Checklists: the class view (attach a template from the file picker) and the student's
Checklist tab (toggle done, waive with a required note, re-open, conflicts)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import TabbedContent

from coursekit.services.checklists import (
    attach_template,
    set_item_status,
    student_checklist_by_id,
)
from coursekit.services.roster.roster import list_roster
from coursekit.tui.app import CoursekitApp
from coursekit.tui.screens.checklists import ChecklistsScreen
from coursekit.tui.screens.student import StudentScreen
from coursekit.tui.screens.waive_note import WaiveNoteScreen
from coursekit.tui.widgets.file_picker import FilePickerScreen

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
DATA = Path(__file__).resolve().parents[1] / "data"
TEMPLATE = DATA / "cfn/learner-lab/cafe-export-from-learner-lab.yaml"


@pytest.fixture
def templates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The file picker's current directory: the learner-lab template and a file that is not
    a template."""
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "cafe.yaml").write_bytes(TEMPLATE.read_bytes())
    (folder / "broken.yaml").write_text("Resources: [unclosed\n", encoding="utf-8")
    monkeypatch.chdir(folder)
    return folder


def enrollment(ctx: Any, student_id: str) -> int:
    return next(r.enrollment_id for r in list_roster(ctx) if r.student_id == student_id)


async def open_checklists(pilot: Any, settled: Any) -> ChecklistsScreen:
    await settled(pilot)
    await pilot.press("k")
    await settled(pilot)
    assert isinstance(pilot.app.screen, ChecklistsScreen)
    return pilot.app.screen


async def test_attach_from_the_class_view_then_done_and_waive_on_the_tab(
    roster_ctx: Any,
    settled: Any,
    templates: Path,
    notes: list[tuple[str, str]],
    read_screen: Any,
) -> None:
    hopper = enrollment(roster_ctx, "10003")
    app = CoursekitApp(roster_ctx, course_code="COMP529", now=NOW)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_checklists(pilot, settled)
        table = screen.table
        assert {r.student_id for r in table.visible_records()} == {
            "10001",
            "10002",
            "10003",
            "00042",
        }
        assert "— not handed in" in read_screen(app)
        await pilot.press("slash", *"hopper", "enter", "a")
        assert isinstance(app.screen, FilePickerScreen)
        await pilot.press("tab", *"cafe.yaml", "enter")
        await settled(pilot)
        assert app.screen is screen
        row = next(r for r in table.records if r.student_id == "10003")
        stored = student_checklist_by_id(roster_ctx, hopper)
        assert row.template == "cafe.yaml" and row.open == len(stored.items) > 0
        assert row.blocking == sum(e.blocking for e in stored.items) > 0
        assert any(m.startswith("Attached cafe.yaml for Grace Hopper: ") for m, _ in notes)

        await pilot.press("enter")  # opens the student on the Checklist tab
        await settled(pilot)
        assert isinstance(app.screen, StudentScreen)
        assert app.screen.query_one(TabbedContent).active == "pane-checklist"
        assert "Template cafe.yaml" in read_screen(app)
        first, second = stored.items[0], stored.items[1]
        await pilot.press("space")  # the first item: done
        await settled(pilot)
        await pilot.press("down", "w")
        assert isinstance(app.screen, WaiveNoteScreen)
        await pilot.press("enter")  # a blank note is refused
        assert isinstance(app.screen, WaiveNoteScreen)
        assert "A note is required" in read_screen(app)
        await pilot.press(*"bucket is recreated by the new stack", "enter")
        await settled(pilot)
        assert isinstance(app.screen, StudentScreen)
        shown = {e.id: e.status for e in app.screen.query_one("#checklist-table").records}
        assert (shown[first.id], shown[second.id]) == ("done", "waived")

    after = {e.id: e for e in student_checklist_by_id(roster_ctx, hopper).items}
    assert after[first.id].status == "done"
    assert after[second.id].status == "waived"
    assert after[second.id].note == "bucket is recreated by the new stack"


async def test_reopen_and_a_conflict_reloads_instead_of_overwriting(
    roster_ctx: Any, settled: Any, notes: list[tuple[str, str]]
) -> None:
    ada = enrollment(roster_ctx, "10001")
    attach_template(roster_ctx, "COMP529", "10001", TEMPLATE)
    item = student_checklist_by_id(roster_ctx, ada).items[0]
    app = CoursekitApp(roster_ctx, course_code="COMP529", now=NOW)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        app.open_student(ada)
        await settled(pilot)
        app.screen.query_one(TabbedContent).active = "pane-checklist"
        await settled(pilot)
        table = app.screen.query_one("#checklist-table")
        assert table.has_focus and table.cursor_record.id == item.id
        await pilot.press("space")
        await settled(pilot)
        await pilot.press("o")  # re-open
        await settled(pilot)
        assert table.cursor_record.status == "todo"
        # Another TA marks it done meanwhile; our toggle (from "to do") must not win.
        set_item_status(
            roster_ctx, "COMP529", "10001", item.id, "waived", note="done by the other TA"
        )
        await pilot.press("space")
        await settled(pilot)
        assert table.cursor_record.status == "waived"  # reloaded: what is stored now
    assert ("this item was changed by someone else; reload and retry", "error") in notes
    assert student_checklist_by_id(roster_ctx, ada).items[0].status == "waived"


async def test_a_file_that_is_not_a_template_reports_the_parse_error(
    roster_ctx: Any, settled: Any, templates: Path, notes: list[tuple[str, str]]
) -> None:
    app = CoursekitApp(roster_ctx, course_code="COMP529", now=NOW)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_checklists(pilot, settled)
        await pilot.press("slash", *"lovelace", "enter", "a", "tab", *"broken.yaml", "enter")
        await settled(pilot)
    errors = [m for m, severity in notes if severity == "error"]
    assert len(errors) == 1
    assert errors[0].startswith("broken.yaml for Ada Lovelace could not be read: ")
    assert errors[0].endswith("; not handed in (a blocking item says so)")
    assert "\n" not in errors[0]
    sheet = student_checklist_by_id(roster_ctx, enrollment(roster_ctx, "10001"))
    assert [(e.rule_id, e.blocking) for e in sheet.items] == [("TEMPLATE-PARSE", True)]
    assert not sheet.handed_in


async def test_show_filter_lists_who_has_not_handed_in(roster_ctx: Any, settled: Any) -> None:
    attach_template(roster_ctx, "COMP529", "10002", TEMPLATE)
    app = CoursekitApp(roster_ctx, course_code="COMP529", now=NOW)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_checklists(pilot, settled)
        ids = [r.student_id for r in screen.table.visible_records()]
        assert ids[-1] == "10002"  # the ones still missing a template come first
        await pilot.press("f")  # show: no template yet
        await settled(pilot)
        assert {r.student_id for r in screen.table.visible_records()} == {
            "10001",
            "10003",
            "00042",
        }
        await pilot.press("f")  # show: blocking items
        await settled(pilot)
        assert [r.student_id for r in screen.table.visible_records()] == ["10002"]


async def test_item_details_show_the_whole_fix(
    roster_ctx: Any, settled: Any, read_screen: Any
) -> None:
    from coursekit.services.checklists import attach_template
    from coursekit.tui.screens.student_tabs.checklist_detail import ChecklistItemScreen

    sheet = attach_template(roster_ctx, "COMP529", "10003", TEMPLATE).checklist
    longest = max(sheet.items, key=lambda e: len(e.fix))
    assert len(longest.fix) > 60  # the table column cuts it
    app = CoursekitApp(roster_ctx, course_code="COMP529", now=NOW)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_checklists(pilot, settled)
        await pilot.press("slash", *"hopper", "enter", "enter")
        await settled(pilot)
        table = app.screen.query_one("#checklist-table")
        table.focus()
        while table.cursor_record.id != longest.id:
            await pilot.press("down")
        await pilot.press("v")
        await settled(pilot)
        assert isinstance(app.screen, ChecklistItemScreen)
        shown = str(app.screen.query_one("#checklist-item Static").render())
        assert longest.fix in shown and longest.path in shown and longest.message in shown
        assert "Checklist item" in read_screen(app)
        await pilot.press("escape")
        assert isinstance(app.screen, StudentScreen)
