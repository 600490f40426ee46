"""Snapshot tests (pytest-textual-snapshot) at 120×40 with a fixed roster.

Regenerate after an intended change with ``pytest tests/tui/test_tui_snapshots.py
--snapshot-update`` and look at the SVGs under ``__snapshots__`` before committing.
"""

from __future__ import annotations

from typing import Any

from coursekit.tui.app import CoursekitApp

SIZE = (120, 40)


def test_roster_snapshot(roster_ctx: Any, settled: Any, snap_compare: Any) -> None:
    app = CoursekitApp(roster_ctx, course_code="COMP529", screen="roster")

    async def ready(pilot: Any) -> None:
        await settled(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=ready)


def test_roster_filtered_and_sorted_snapshot(
    roster_ctx: Any, settled: Any, snap_compare: Any
) -> None:
    app = CoursekitApp(roster_ctx, course_code="COMP529", screen="roster")

    async def ready(pilot: Any) -> None:
        await settled(pilot)
        await pilot.press("slash", *"uni.edu", "enter", "4", "4")  # section, descending
        await settled(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=ready)


def test_student_snapshot(roster_ctx: Any, settled: Any, snap_compare: Any) -> None:
    app = CoursekitApp(roster_ctx, course_code="COMP529", screen="roster")

    async def ready(pilot: Any) -> None:
        await settled(pilot)
        await pilot.press("slash", *"hopper", "enter", "enter")
        await settled(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=ready)
