"""The import wizard's decision step (Enter on a decision: which student, or a
new one) and the confirmation that states how many students a roster drops."""

from __future__ import annotations

import csv
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from coursekit.services.importing.imports import apply_import, list_batches, plan_import
from coursekit.services.roster.roster import list_roster
from coursekit.tui.app import CoursekitApp
from coursekit.tui.screens.confirm import ConfirmScreen
from coursekit.tui.screens.import_decision import DecisionScreen
from coursekit.tui.screens.import_preview import ImportPreview
from coursekit.tui.screens.import_wizard import ImportScreen

REPO = Path(__file__).resolve().parents[2]
ROSTER = REPO / "rosters" / "comp529-roster.xlsx"
NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


@pytest.fixture
def imported_ctx(course_ctx: Any) -> Any:
    apply_import(course_ctx, plan_import(course_ctx, "roster", ROSTER))
    return course_ctx


def _roster_rows() -> list[list[str]]:
    sheet = load_workbook(ROSTER)["Roster"]
    return [[str(v or "") for v in row] for row in sheet.iter_rows(values_only=True)]


async def _open(pilot: Any, settled: Any, name: str) -> ImportScreen:
    await settled(pilot)
    await pilot.press("i")
    await settled(pilot)
    await pilot.press("tab", *name, "enter")
    await settled(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ImportScreen)
    return screen


async def test_a_decision_is_settled_in_the_wizard(
    imported_ctx: Any,
    settled: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    read_screen: Any,
) -> None:
    rows = _roster_rows()
    first, second = rows[1], rows[2]
    first[3] = second[3]  # the first student's number with the second one's e-mail
    with (tmp_path / "r.csv").open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    monkeypatch.chdir(tmp_path)
    app = CoursekitApp(imported_ctx, course_code="COMP529", now=NOW)
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await _open(pilot, settled, "r.csv")
        if screen.step == "step-pick":  # kind not detected from a csv: choose Roster
            await pilot.press("enter", "down", "enter", "ctrl+s")
            await settled(pilot)
        preview = app.screen.query_one(ImportPreview)
        assert [d.row for d in preview.plan.decisions] == [2]
        assert not preview.can_apply
        assert "1 decision(s) open" in read_screen(app)
        table = preview.table("decisions")
        assert table.has_focus  # the decisions are the first thing shown
        await pilot.press("enter")
        assert isinstance(app.screen, DecisionScreen)
        await pilot.press("enter")  # the first candidate: the student with that number
        await settled(pilot)
        assert screen.preview_step.links == {2: first[0]}
        preview = app.screen.query_one(ImportPreview)
        assert not preview.plan.decisions and preview.can_apply
        await pilot.press("ctrl+s")
        await settled(pilot)
        assert screen.step == "step-done"
    emails = {r.student_id: r.email for r in list_roster(imported_ctx)}
    assert emails[first[0]] == second[3]


async def test_dropping_students_asks_first_and_states_the_count(
    imported_ctx: Any, settled: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = _roster_rows()[:4]  # three of the forty students
    with (tmp_path / "short.csv").open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    active = sum(r.status == "active" for r in list_roster(imported_ctx))
    monkeypatch.chdir(tmp_path)
    app = CoursekitApp(imported_ctx, course_code="COMP529", now=NOW)
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await _open(pilot, settled, "short.csv")
        if screen.step == "step-pick":
            await pilot.press("enter", "down", "enter", "ctrl+s")
            await settled(pilot)
        preview = app.screen.query_one(ImportPreview)
        assert not preview.plan.drop_missing  # never the default
        app.screen.query_one("#drop-missing").toggle()
        for _ in range(200):  # the toggle re-plans in a worker
            await pilot.pause(0.05)
            await settled(pilot)
            preview = app.screen.query_one(ImportPreview)
            if preview.plan.drop_missing:
                break
        missing = len(preview.plan.students_missing)
        assert preview.plan.drop_missing and missing == active - 3
        await pilot.press("ctrl+s")
        await settled(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        assert f"Drop {missing} student(s) missing from short.csv?" in str(app.screen.question)
        await pilot.press("n")  # cancelled: nothing happens
        await settled(pilot)
        assert len(list_batches(imported_ctx)) == 1
        await pilot.press("ctrl+s")
        await settled(pilot)
        await pilot.press("y")
        await settled(pilot)
        assert screen.step == "step-done"
    assert sum(r.status == "active" for r in list_roster(imported_ctx)) == 3
