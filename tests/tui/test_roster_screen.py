"""The roster screen shows names literally and filters as you type."""

from __future__ import annotations

from textual.widgets import DataTable, Static

from coursekit.services.roster import add_student
from coursekit.tui.app import CoursekitApp

HOSTILE = [
    "[/bold]",
    "[link=https://x]x[/link]",
    "Zoë مرحبا O'Brien",
    "A" * 300,
    "=cmd|'/c calc'!A0",
]


async def test_roster_lists_hostile_names_literally_and_filters(course_ctx) -> None:  # type: ignore[no-untyped-def]
    for number, name in enumerate(HOSTILE):
        add_student(course_ctx, "COMP529", student_id=f"00{number}", name=name, section="A")
    app = CoursekitApp(course_ctx, course_code="COMP529")
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        names = {str(table.get_row_at(i)[1]) for i in range(table.row_count)}
        assert names == set(HOSTILE)
        await pilot.press(*"bold")
        await pilot.pause()
        assert table.row_count == 1
        assert str(table.get_row_at(0)[1]) == "[/bold]"
        status = app.screen.query_one("#status", Static)
        assert "1 of 5 students" in str(status.render())
