"""Opening a demo student's tab in the TUI, for the student-screen tests."""

from __future__ import annotations

from typing import Any

from textual.widgets import TabbedContent

from coursekit.tui.screens.student import StudentScreen

LIAM = "003981864"  # practised three times, some labs overdue, credits stale


def enrollment_of(ctx: Any, student_id: str) -> int:
    from coursekit.services.roster.roster import list_roster

    return next(r.enrollment_id for r in list_roster(ctx, "COMP529") if r.student_id == student_id)


async def open_student(pilot: Any, settled: Any, student_id: str, tab: str = "scores") -> None:
    """From the readiness screen: filter to the student, Enter, then `]` to ``tab``."""
    await pilot.press("e")
    await settled(pilot)
    await pilot.press("slash", *student_id, "enter", "enter")
    await settled(pilot)
    assert isinstance(pilot.app.screen, StudentScreen)
    tabs = pilot.app.screen.query_one(TabbedContent)
    for _ in range(6):
        if tabs.active == f"pane-{tab}":
            break
        await pilot.press("right_square_bracket")
        await settled(pilot)
    assert tabs.active == f"pane-{tab}"
