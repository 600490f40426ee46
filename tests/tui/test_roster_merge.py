"""Merging a duplicate from the roster screen (M): asks whom to keep, merges in a
worker, and the duplicate is gone from the roster."""

from __future__ import annotations

from typing import Any

from coursekit.services.importing.imports import list_batches, undo_batch
from coursekit.services.roster.roster import add_student, list_roster
from coursekit.tui.app import CoursekitApp
from coursekit.tui.screens.roster_merge import MergeScreen
from coursekit.tui.widgets.record_table import RecordTable


async def test_merge_a_duplicate_from_the_roster(course_ctx: Any, settled: Any) -> None:
    add_student(course_ctx, "COMP529", student_id="000101", name="Ada Lovelace", section="S1")
    add_student(course_ctx, "COMP529", student_id="canvas:11", name="Ada Lovelace", section="S1")
    app = CoursekitApp(course_ctx, course_code="COMP529", screen="roster")
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        table = app.screen.query_one(RecordTable)
        duplicate = next(r for r in table.records if r.student_id == "canvas:11")
        table.move_to_key(duplicate.enrollment_id)
        await pilot.press("M")
        assert isinstance(app.screen, MergeScreen)
        await pilot.press(*"000101", "enter")
        await settled(pilot)
    assert [r.student_id for r in list_roster(course_ctx, "COMP529")] == ["000101"]
    batch = list_batches(course_ctx)[0]
    assert batch.kind.value == "merge"
    undo_batch(course_ctx, batch.id)
    assert sorted(r.student_id for r in list_roster(course_ctx, "COMP529")) == [
        "000101",
        "canvas:11",
    ]
