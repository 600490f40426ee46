"""First start on an empty database: create a course from a syllabus, then import."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from coursekit.services.courses import list_courses
from coursekit.tui.app import CoursekitApp
from coursekit.tui.screens.confirm import ConfirmScreen
from coursekit.tui.widgets.file_picker import FilePickerScreen

SYLLABI = Path(__file__).resolve().parents[2] / "syllabi"


async def test_empty_database_leads_to_a_course_and_an_import(
    ctx: Any, settled: Any, read_screen: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(SYLLABI)
    app = CoursekitApp(ctx)
    async with app.run_test(size=(100, 30)) as pilot:
        await settled(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        assert "no course yet" in read_screen(app)
        await pilot.press("y")
        await settled(pilot)
        assert isinstance(app.screen, FilePickerScreen)
        await pilot.press("tab", *"comp529-cloud-computing.toml", "enter")
        await settled(pilot)
        assert app.course_code == "COMP529"
        assert isinstance(app.screen, ConfirmScreen)
        question = app.screen.question.plain
        assert question.startswith("Course COMP529 (") and "Import a first file" in question
        await pilot.press("y")
        await settled(pilot)
        assert app.current_mode == "import"
    assert [c.code for c in list_courses(ctx)] == ["COMP529"]


async def test_a_bad_syllabus_says_why_and_asks_again(
    ctx: Any, settled: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, notes: Any
) -> None:
    (tmp_path / "bad.toml").write_text("[course\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    app = CoursekitApp(ctx)
    async with app.run_test(size=(100, 30)) as pilot:
        await settled(pilot)
        await pilot.press("y")
        await settled(pilot)
        await pilot.press("tab", *"bad.toml", "enter")
        await settled(pilot)
        assert any("bad.toml" in message for message, _ in notes)
        assert isinstance(app.screen, ConfirmScreen)  # offered again
        await pilot.press("n")
        await settled(pilot)
        assert app.course_code is None
