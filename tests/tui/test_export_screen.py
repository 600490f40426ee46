"""The export screen: a report to a chosen file (owner-only), checklists as Markdown, errors."""

from __future__ import annotations

import stat
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from coursekit.tui.app import CoursekitApp
from coursekit.tui.screens.confirm import ConfirmScreen
from coursekit.tui.screens.export import ExportScreen

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
TEMPLATE = (
    Path(__file__).resolve().parents[1] / "data/cfn/learner-lab/cafe-export-from-learner-lab.yaml"
)


async def open_export(pilot: Any, settled: Any) -> ExportScreen:
    await settled(pilot)
    await pilot.press("x")
    await settled(pilot)
    assert isinstance(pilot.app.screen, ExportScreen)
    return pilot.app.screen


async def set_out(pilot: Any, name: str) -> None:
    """Type ``name`` into the file box (replacing what is there)."""
    pilot.app.screen.query_one("#out").focus()
    await pilot.press("ctrl+a", "ctrl+k", *name)


async def test_export_a_report_to_xlsx(
    roster_ctx: Any,
    settled: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    notes: list[tuple[str, str]],
) -> None:
    monkeypatch.chdir(tmp_path)
    app = CoursekitApp(roster_ctx, course_code="COMP529", now=NOW)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_export(pilot, settled)
        out = screen.query_one("#out")
        assert out.value == "COMP529-grades.xlsx"  # a default in the current directory
        await pilot.press("enter", "down", "enter")  # report: readiness
        await settled(pilot)
        assert out.value == "COMP529-readiness.xlsx"  # the default follows the report
        await set_out(pilot, "readiness-report.xlsx")
        await pilot.press("enter")
        await settled(pilot)
        status = screen.query_one("#export-status").content.plain
    written = tmp_path / "readiness-report.xlsx"
    assert status == f"Wrote the readiness report: {written}"
    assert written.is_file() and written.stat().st_size > 0
    assert stat.S_IMODE(written.stat().st_mode) == 0o600
    assert (f"Wrote the readiness report: {written}", "information") in notes


async def test_an_existing_file_is_only_replaced_after_asking(
    roster_ctx: Any, settled: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    existing = tmp_path / "COMP529-grades.md"
    existing.write_text("keep me", encoding="utf-8")
    app = CoursekitApp(roster_ctx, course_code="COMP529", now=NOW)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_export(pilot, settled)
        await set_out(pilot, existing.name)
        await pilot.press("enter")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await settled(pilot)
        assert existing.read_text(encoding="utf-8") == "keep me"
        await pilot.press("ctrl+s", "y")
        await settled(pilot)
    assert existing.read_text(encoding="utf-8").startswith("#")  # Markdown now


async def test_a_bad_file_name_is_a_one_line_error(
    roster_ctx: Any,
    settled: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    notes: list[tuple[str, str]],
) -> None:
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    app = CoursekitApp(roster_ctx, course_code="COMP529", now=NOW)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_export(pilot, settled)
        await set_out(pilot, "grades.txt")
        await settled(pilot)
        assert (
            "choose a file ending in .xlsx, .csv or .md"
            in screen.query_one("#format").content.plain
        )
        await pilot.press("enter")
        await settled(pilot)
        await set_out(pilot, "no-such-folder/grades.xlsx")
        await pilot.press("enter")
        await settled(pilot)
    errors = [message for message, severity in notes if severity == "error"]
    assert errors == [
        "grades.txt: choose a file ending in .xlsx, .csv or .md",
        f"{work / 'no-such-folder'}: no such directory",
    ]
    assert list(work.iterdir()) == []  # nothing written


async def test_checklists_as_markdown_per_student(
    roster_ctx: Any,
    settled: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    notes: list[tuple[str, str]],
) -> None:
    from coursekit.services.checklists import attach_template

    attach_template(roster_ctx, "COMP529", "10001", TEMPLATE)
    monkeypatch.chdir(tmp_path)
    app = CoursekitApp(roster_ctx, course_code="COMP529", now=NOW)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_export(pilot, settled)
        assert screen.query_one("#md-dir").value == "COMP529-checklists"
        await pilot.press("ctrl+t")
        await settled(pilot)
    folder = tmp_path / "COMP529-checklists"
    names = sorted(p.name for p in folder.iterdir())
    assert "class-summary.md" in names and len(names) == 2  # Ada's checklist + the summary
    assert any("1 student checklist(s)" in message for message, _ in notes)


async def test_compose_messages_to_a_folder(
    roster_ctx: Any,
    settled: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    notes: list[tuple[str, str]],
) -> None:
    from email import message_from_bytes, policy

    monkeypatch.chdir(tmp_path)
    app = CoursekitApp(roster_ctx, course_code="COMP529", now=NOW)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_export(pilot, settled)
        assert screen.query_one("#msg-dir").value == "COMP529-messages"
        await pilot.press("ctrl+e")
        await settled(pilot)
        status = screen.query_one("#export-status").content.plain
    folder = tmp_path / "COMP529-messages"
    drafts = sorted(folder.glob("*.eml"))
    assert drafts and (folder / "mail-merge.csv").is_file()  # mid-term: labs are overdue
    assert status.startswith(f"Wrote {len(drafts)} draft(s) and mail-merge.csv to {folder}")
    assert "nothing sent" in status
    first = message_from_bytes(drafts[0].read_bytes(), policy=policy.default)
    assert first["To"] is not None and "X-Unsent" in first
    assert any(message == status for message, _ in notes)


async def test_escape_leaves_the_text_field_and_the_screen_keys_work(
    roster_ctx: Any, settled: Any
) -> None:
    from coursekit.tui.screens.roster import RosterScreen

    app = CoursekitApp(roster_ctx, course_code="COMP529", now=NOW)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_export(pilot, settled)
        await set_out(pilot, "report")
        await pilot.press("r")  # typed into the field: still the export screen
        assert isinstance(app.screen, ExportScreen)
        assert app.screen.query_one("#out").value == "reportr"
        await pilot.press("escape")
        assert app.focused is None or app.focused.id != "out"
        await pilot.press("r")  # now a screen key: the roster
        await settled(pilot)
        assert isinstance(app.screen, RosterScreen)


async def test_a_folder_that_cannot_be_written_is_a_one_line_error(
    roster_ctx: Any,
    settled: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    notes: list[tuple[str, str]],
) -> None:
    """The checklists and the message drafts both go into a folder: a folder that cannot
    be made (here: below a plain file) is one error line for either, nothing written."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "plain").write_text("not a folder")
    app = CoursekitApp(roster_ctx, course_code="COMP529", now=NOW)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_export(pilot, settled)
        screen.query_one("#md-dir").value = "plain/checklists"
        screen.query_one("#msg-dir").value = "plain/messages"
        await pilot.press("ctrl+t")
        await settled(pilot)
        await pilot.press("ctrl+e")
        await settled(pilot)
    errors = [message for message, severity in notes if severity == "error"]
    assert len(errors) == 2 and all(e.startswith(str(tmp_path / "plain")) for e in errors)
    assert all("\n" not in e for e in errors)
    assert (tmp_path / "plain").read_text() == "not a folder"  # untouched, still a file
