"""Snapshot of the import wizard's preview (120×40): the sample gradebook into COMP529 with
the sample roster already imported. Regenerate with ``--snapshot-update`` after an intended
change and look at the SVG under ``__snapshots__`` before committing."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from coursekit.services.importing.imports import apply_import, plan_import
from coursekit.tui.app import CoursekitApp

ROSTERS = Path(__file__).resolve().parents[2] / "rosters"
NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
SIZE = (120, 40)


def test_import_preview_snapshot(
    course_ctx: Any,
    settled: Any,
    snap_compare: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    apply_import(course_ctx, plan_import(course_ctx, "roster", ROSTERS / "comp529-roster.xlsx"))
    work = tmp_path / "work"
    work.mkdir()
    shutil.copy(ROSTERS / "comp529-gradebook.csv", work)
    monkeypatch.chdir(work)
    app = CoursekitApp(course_ctx, course_code="COMP529", now=NOW)

    async def ready(pilot: Any) -> None:
        await settled(pilot)
        await pilot.press("i")
        await settled(pilot)
        await pilot.press("tab", *"comp529-gradebook.csv", "enter")
        await settled(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=ready)
