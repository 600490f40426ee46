"""Every main screen fits 80×24 (and 140×42): the dashboard's nudge list can be reached,
the roster's status column is on screen, the student screen opens; snapshots at both sizes."""

from __future__ import annotations

from typing import Any

import pytest

from coursekit.tui.app import CoursekitApp
from coursekit.tui.screens.student import StudentScreen
from support import engine_demo as demo

NOW = demo.NOW
SMALL, LARGE = (80, 24), (140, 42)


async def test_dashboard_nudges_reachable_at_80x24(
    demo_ctx: Any, settled: Any, read_screen: Any
) -> None:
    app = CoursekitApp(demo_ctx, course_code="COMP529", now=NOW)
    async with app.run_test(size=SMALL) as pilot:
        await settled(pilot)
        text = read_screen(app)
        assert "Nudges · 36 students" in text
        assert "Section 00" in text and "COMP529 S…" not in text  # not cut mid-word
        nudges = app.screen.query_one("#dash-nudges")
        nudges.focus()
        first = nudges.cursor_record
        await pilot.press("enter")
        await settled(pilot)
        assert isinstance(app.screen, StudentScreen)
        assert first.student.name in read_screen(app)


async def test_roster_status_visible_at_80x24(
    demo_ctx: Any, settled: Any, read_screen: Any
) -> None:
    app = CoursekitApp(demo_ctx, course_code="COMP529", screen="roster", now=NOW)
    async with app.run_test(size=SMALL) as pilot:
        await settled(pilot)
        lines = read_screen(app).splitlines()
        header = next(line for line in lines if "Student id" in line)
        assert "Status" in header and "Section" in header
        dropped = next(line for line in lines if "Mikko Al-Sayed" in line)
        assert "dropped" in dropped and "COMP529 Section 002" in dropped


async def test_student_screen_at_80x24(demo_ctx: Any, settled: Any, read_screen: Any) -> None:
    app = CoursekitApp(demo_ctx, course_code="COMP529", screen="roster", now=NOW)
    async with app.run_test(size=SMALL) as pilot:
        await settled(pilot)
        await pilot.press("slash", *"brown", "enter", "enter")
        await settled(pilot)
        assert isinstance(app.screen, StudentScreen)
        text = read_screen(app)
        assert "Noah Brown" in text and "Profile" in text


@pytest.mark.parametrize("size", [SMALL, LARGE], ids=["80x24", "140x42"])
def test_dashboard_snapshot_sizes(
    demo_ctx: Any, settled: Any, snap_compare: Any, size: tuple[int, int]
) -> None:
    app = CoursekitApp(demo_ctx, course_code="COMP529", now=NOW)

    async def ready(pilot: Any) -> None:
        await settled(pilot)

    assert snap_compare(app, terminal_size=size, run_before=ready)


@pytest.mark.parametrize("size", [SMALL, LARGE], ids=["80x24", "140x42"])
def test_roster_snapshot_sizes(
    demo_ctx: Any, settled: Any, snap_compare: Any, size: tuple[int, int]
) -> None:
    app = CoursekitApp(demo_ctx, course_code="COMP529", screen="roster", now=NOW)

    async def ready(pilot: Any) -> None:
        await settled(pilot)

    assert snap_compare(app, terminal_size=size, run_before=ready)
