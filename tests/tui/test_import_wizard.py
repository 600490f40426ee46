"""The import wizard, driven from the keyboard: file → kind → (sheet) → preview → apply → undo."""

from __future__ import annotations

import csv
import shutil
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from textual.message import Message
from textual.widgets import Tabs

from coursekit.services.importing.imports import apply_import, list_batches, plan_import
from coursekit.services.roster.roster import list_roster
from coursekit.services.views.grades import grade_rows
from coursekit.tui.app import CoursekitApp
from coursekit.tui.screens.confirm import ConfirmScreen
from coursekit.tui.screens.import_mapping import MapColumnScreen
from coursekit.tui.screens.import_messages import (
    ApplyStarted,
    BatchApplied,
    BatchUndone,
    FileInspected,
    MappingChanged,
    PlanReady,
    StepFailed,
)
from coursekit.tui.screens.import_preview import ImportPreview
from coursekit.tui.screens.import_wizard import ImportScreen

REPO = Path(__file__).resolve().parents[2]
ROSTERS = REPO / "rosters"
NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


@pytest.fixture
def imported_ctx(course_ctx: Any) -> Any:
    """COMP529 with the sample roster (rosters/comp529-roster.xlsx) imported."""
    apply_import(course_ctx, plan_import(course_ctx, "roster", ROSTERS / "comp529-roster.xlsx"))
    return course_ctx


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The wizard's current directory (where its file tree starts), with the sample files."""
    folder = tmp_path / "work"
    folder.mkdir()
    for name in ("comp529-gradebook.csv", "comp529-roster.xlsx"):
        shutil.copy(ROSTERS / name, folder / name)
    monkeypatch.chdir(folder)
    return folder


def db_state(ctx: Any) -> tuple[Any, ...]:
    """What a user would see of the course: roster and grades (version counters aside)."""
    roster = sorted((r.student_id, r.name, r.email, r.section, r.status) for r in list_roster(ctx))
    grades = [(g.student, g.grade) for g in grade_rows(ctx, "COMP529", now=NOW)]
    return roster, grades


async def open_wizard(pilot: Any, settled: Any) -> ImportScreen:
    await settled(pilot)
    await pilot.press("i")
    await settled(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ImportScreen)
    return screen


async def type_path(pilot: Any, settled: Any, path: str) -> None:
    """From the file tree (focused on arrival), tab to the path box, type, Enter."""
    await pilot.press("tab", *path, "enter")
    await settled(pilot)


def preview_of(app: CoursekitApp) -> ImportPreview:
    return app.screen.query_one(ImportPreview)


async def test_gradebook_preview_matches_the_plan_then_apply_and_undo(
    imported_ctx: Any, settled: Any, workdir: Path, read_screen: Any
) -> None:
    expected = plan_import(imported_ctx, "gradebook", workdir / "comp529-gradebook.csv")
    before = db_state(imported_ctx)
    app = CoursekitApp(imported_ctx, course_code="COMP529", now=NOW)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_wizard(pilot, settled)
        await type_path(pilot, settled, "comp529-gradebook.csv")  # kind detected → preview
        assert screen.step == "step-preview"
        preview = preview_of(app)
        assert preview.plan.counts == expected.counts
        assert expected.counts["scores_added"] == 1365  # the sample is what we think it is
        assert preview.table("scores-added").row_count == len(expected.scores_added)
        assert preview.table("changed").row_count == sum(
            len(c.changes) for c in expected.students_changed
        )
        assert preview.table("added").row_count == 0
        assert preview.table("problems").row_count == len(expected.issues)
        text = read_screen(app)
        assert "scores: 1365 added, 0 changed, 0 unchanged" in text
        assert "39 changed" in text

        await pilot.press("ctrl+s")  # apply
        await settled(pilot)
        assert screen.step == "step-done"
        batches = list_batches(imported_ctx, "COMP529")
        assert batches[0].kind.value == "gradebook" and not batches[0].undone
        assert db_state(imported_ctx) != before
        assert "Batch 2: gradebook import of comp529-gradebook.csv" in read_screen(app)

        await pilot.press("u")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await settled(pilot)
        assert list_batches(imported_ctx, "COMP529")[0].undone
        assert "undone" in read_screen(app)
    assert db_state(imported_ctx) == before
    again = plan_import(imported_ctx, "gradebook", workdir / "comp529-gradebook.csv")
    assert again.counts == expected.counts  # the database is back where it was


def two_sheet_roster(folder: Path) -> Path:
    """The sample roster behind a notes sheet, with one email changed and one student added."""
    from openpyxl import Workbook, load_workbook

    source = load_workbook(ROSTERS / "comp529-roster.xlsx")["Roster"]
    rows = [list(r) for r in source.iter_rows(values_only=True)]
    rows[1][3] = "changed.address@uni.example.edu"
    rows.append(["0099001", "New", "Student", "new.student@uni.example.edu", rows[1][4], ""])
    book = Workbook()
    notes = book.active
    notes.title = "Notes"
    notes.append(["exported by the registry"])
    roster = book.create_sheet("Roster")
    for row in rows:
        roster.append(row)
    path = folder / "two-sheets.xlsx"
    book.save(path)
    return path


async def test_roster_xlsx_with_two_sheets_asks_for_the_sheet(
    imported_ctx: Any, settled: Any, workdir: Path, read_screen: Any
) -> None:
    path = two_sheet_roster(workdir)
    expected = plan_import(imported_ctx, "roster", path, sheet="Roster")
    assert expected.counts["students_added"] == 1 and expected.counts["students_changed"] == 1
    before = db_state(imported_ctx)
    app = CoursekitApp(imported_ctx, course_code="COMP529", now=NOW)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_wizard(pilot, settled)
        # The unchanged sample roster first: nothing to import, Apply stays off.
        await type_path(pilot, settled, "comp529-roster.xlsx")
        assert preview_of(app).plan.is_empty
        assert "Nothing to import" in read_screen(app)
        await pilot.press("ctrl+s")
        await settled(pilot)
        assert screen.step == "step-preview" and len(list_batches(imported_ctx)) == 1

        await pilot.press("escape")  # back to the file
        app.screen.query_one("#picker-path").focus()
        await pilot.press("ctrl+a", "ctrl+k", *path.name, "enter")
        await settled(pilot)
        assert screen.step == "step-pick"  # two sheets: the wizard asks which
        sheet = app.screen.query_one("#sheet")
        assert app.screen.focused is sheet
        assert sheet.value == "Roster"  # the sheet whose header says "roster"
        assert app.screen.query_one("#kind").value == "roster"
        await pilot.press("enter", "up", "enter")  # look at "Notes": not a known kind
        await settled(pilot)
        assert "could not tell the kind" in app.screen.query_one("#detected").content.plain
        await pilot.press("enter", "down", "enter")  # back to "Roster"
        await settled(pilot)
        assert "detected: roster" in app.screen.query_one("#detected").content.plain
        await pilot.press("ctrl+s")
        await settled(pilot)
        preview = preview_of(app)
        assert preview.sheet == "Roster"
        assert preview.plan.counts == expected.counts
        assert "(sheet Roster)" in read_screen(app)
        await pilot.press("ctrl+s")
        await settled(pilot)
        assert screen.step == "step-done"
        emails = {r.email for r in list_roster(imported_ctx)}
        assert {"changed.address@uni.example.edu", "new.student@uni.example.edu"} <= emails
        await pilot.press("u", "y")
        await settled(pilot)
    assert db_state(imported_ctx) == before


async def test_an_unknown_column_is_mapped_to_a_field(
    imported_ctx: Any, settled: Any, workdir: Path, read_screen: Any
) -> None:
    (workdir / "renamed.csv").write_text(
        "Uni Ref,Name,Email\n0099002,Mary Jackson,mj@uni.example.edu\n", encoding="utf-8"
    )
    app = CoursekitApp(imported_ctx, course_code="COMP529", now=NOW)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_wizard(pilot, settled)
        await pilot.press("tab", *"renamed.csv", "enter")
        await settled(pilot)
        # The header does not say "roster" clearly enough: choose the kind, then preview.
        assert screen.step == "step-pick"
        assert app.screen.focused is app.screen.query_one("#kind")
        await pilot.press("enter", "down", "enter", "ctrl+s")  # Roster is the first kind
        await settled(pilot)
        preview = preview_of(app)
        assert preview.plan.has_errors
        text = read_screen(app)
        # the hint in the TUI's words (its key), never the CLI's option
        assert "missing required column: student_id (press m to map a column to" in text
        assert "--map" not in text
        await pilot.press("m")  # to the Columns tab, on the column not recognised
        await settled(pilot)
        columns = preview.table("columns")
        assert columns.has_focus and columns.cursor_record.header == "Uni Ref"
        assert "not recognised" in read_screen(app)
        await pilot.press("enter")
        assert isinstance(app.screen, MapColumnScreen)
        await pilot.press("enter", "down", "down", "enter")  # automatic, ignore, student_id
        await settled(pilot)
        assert screen.preview_step.mapping == {"Uni Ref": "student_id"}
        preview = preview_of(app)
        assert not preview.plan.has_errors
        assert preview.plan.counts["students_added"] == 1
        await pilot.press("ctrl+s")
        await settled(pilot)
    assert "0099002" in {r.student_id for r in list_roster(imported_ctx)}


async def test_a_file_that_is_not_a_spreadsheet_shows_one_line(
    imported_ctx: Any, settled: Any, workdir: Path, notes: list[tuple[str, str]]
) -> None:
    (workdir / "bad.xlsx").write_bytes(b"\x00\x01 these bytes are no workbook \xff")
    app = CoursekitApp(imported_ctx, course_code="COMP529", now=NOW)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_wizard(pilot, settled)
        await type_path(pilot, settled, "bad.xlsx")
        assert screen.step == "step-pick"
        shown = app.screen.query_one("#pick-error").content.plain
    message = "bad.xlsx: not an xlsx file (no zip signature): the file is damaged or is not a "
    message += "spreadsheet"
    assert shown.strip() == message
    assert (message, "error") in notes
    assert len(list_batches(imported_ctx)) == 1  # nothing imported


async def test_planning_runs_off_the_ui_thread(
    imported_ctx: Any, settled: Any, workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While a (long) plan is computed the UI keeps answering keys; then the preview shows."""
    import coursekit.services.importing.imports as imports

    release, started = threading.Event(), threading.Event()
    real_plan = imports.plan_import

    def slow_plan(*args: Any, **kwargs: Any) -> Any:
        started.set()
        assert release.wait(10), "the test never released the plan"
        return real_plan(*args, **kwargs)

    monkeypatch.setattr(imports, "plan_import", slow_plan)
    app = CoursekitApp(imported_ctx, course_code="COMP529", now=NOW)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_wizard(pilot, settled)
        await pilot.press("tab", *"comp529-gradebook.csv", "enter")
        for _ in range(100):
            if started.is_set():
                break
            await pilot.pause(0.02)
        assert started.is_set()
        assert screen.query_one("#progress").busy  # the progress line shows
        tabs = screen.query_one("#import-tabs")
        tabs.query(Tabs).first().focus()
        await pilot.press("right")  # the UI still reacts: to "Past imports"
        await pilot.pause()
        assert tabs.active == "tab-batches"
        release.set()
        await settled(pilot)
        assert screen.step == "step-preview"
        assert not screen.query_one("#progress").busy


async def test_past_imports_list_and_undo(imported_ctx: Any, settled: Any, workdir: Path) -> None:
    batch = apply_import(
        imported_ctx, plan_import(imported_ctx, "gradebook", workdir / "comp529-gradebook.csv")
    )
    app = CoursekitApp(imported_ctx, course_code="COMP529", now=NOW)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_wizard(pilot, settled)
        screen.query_one("#import-tabs").active = "tab-batches"
        await settled(pilot)
        table = screen.query_one("#batches")
        table.focus()
        assert [b.id for b in table.visible_records()] == [batch.id, batch.id - 1]
        assert table.cursor_record.id == batch.id
        await pilot.press("u")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await settled(pilot)
        assert table.cursor_record.undone  # the list reloaded
        await pilot.press("u")  # again: already undone, nothing asked
        assert app.screen is screen
    assert list_batches(imported_ctx)[0].undone


async def test_hostile_file_names_headers_and_names_show_literally(
    imported_ctx: Any, settled: Any, workdir: Path, read_screen: Any
) -> None:
    name = "[red]evil[blink].csv"
    (workdir / name).write_text(
        "Student Number,Name,Email,[bold]Notes[/]\n"
        "0099003,[/bold],a@uni.example.edu,x\n"
        "0099004,[link=https://x]x[/link],b@uni.example.edu,y\n",
        encoding="utf-8",
    )
    app = CoursekitApp(imported_ctx, course_code="COMP529", now=NOW)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_wizard(pilot, settled)
        await type_path(pilot, settled, name)
        text = read_screen(app)
        assert "Roster import of [red]evil[blink].csv into COMP529" in text
        assert "[/bold]" in text and "[link=https://x]x[/link]" in text
        await pilot.press("m")  # the Columns tab shows the unknown header as typed
        await settled(pilot)
        assert "[bold]Notes[/]" in read_screen(app)


# ------------------------------------------------------------ the steps' messages
# The steps talk to their screen through messages: picking a file posts FileInspected
# (its header) and the preview step then lists those columns (PlanReady); a mapped column
# posts MappingChanged and plans again; apply and undo post BatchApplied and BatchUndone
# for the batch the database holds; a refusal posts StepFailed.

WIZARD_MESSAGES = (
    FileInspected,
    PlanReady,
    MappingChanged,
    ApplyStarted,
    BatchApplied,
    BatchUndone,
    StepFailed,
)


class Posted:
    """Every wizard message posted while the app runs, once each, in order (a message
    bubbling from a step to the screen reaches several message pumps)."""

    def __init__(self) -> None:
        self.messages: list[Message] = []

    def __call__(self, message: Message) -> None:
        if isinstance(message, WIZARD_MESSAGES) and all(message is not m for m in self.messages):
            self.messages.append(message)

    def of(self, kind: type[Message]) -> list[Any]:
        return [m for m in self.messages if isinstance(m, kind)]

    def kinds(self) -> list[str]:
        return [type(m).__name__ for m in self.messages]


async def test_picking_a_file_posts_its_header_and_the_preview_lists_those_columns(
    imported_ctx: Any, settled: Any, workdir: Path
) -> None:
    with (workdir / "comp529-gradebook.csv").open(newline="", encoding="utf-8") as handle:
        header = next(csv.reader(handle))
    posted = Posted()
    app = CoursekitApp(imported_ctx, course_code="COMP529", now=NOW)
    async with app.run_test(size=(120, 40), message_hook=posted) as pilot:
        screen = await open_wizard(pilot, settled)
        await type_path(pilot, settled, "comp529-gradebook.csv")
        assert posted.kinds() == ["FileInspected", "PlanReady"]
        (inspected,) = posted.of(FileInspected)
        assert inspected.ready and inspected.facts.kind.value == "gradebook"
        assert list(inspected.facts.header) == header
        (ready,) = posted.of(PlanReady)
        assert screen.step == "step-preview"
        preview = screen.preview_step.query_one(ImportPreview)
        assert preview.plan is ready.plan
        # The Columns tab lists what each column maps to; the four identity columns that
        # open a Canvas gradebook match students and are not listed.
        identity, rest = header[:4], header[4:]
        assert identity == ["Student", "ID", "SIS Login ID", "Section"]
        shown = [c.header for c in preview.table("columns").visible_records()]
        assert sorted(shown) == sorted(rest) and len(rest) > 30


async def test_apply_then_undo_post_the_batch_the_database_holds(
    imported_ctx: Any, settled: Any, workdir: Path
) -> None:
    posted = Posted()
    app = CoursekitApp(imported_ctx, course_code="COMP529", now=NOW)
    async with app.run_test(size=(120, 40), message_hook=posted) as pilot:
        screen = await open_wizard(pilot, settled)
        await type_path(pilot, settled, "comp529-gradebook.csv")
        await pilot.press("ctrl+s")
        await settled(pilot)
        (applied,) = posted.of(BatchApplied)
        newest = list_batches(imported_ctx, "COMP529")[0]
        assert applied.batch.id == newest.id and applied.batch.file_name == "comp529-gradebook.csv"
        assert screen.step == "step-done"
        await pilot.press("u", "y")
        await settled(pilot)
        (undone,) = posted.of(BatchUndone)
        assert undone.batch.id == newest.id and undone.batch.undone
        assert list_batches(imported_ctx, "COMP529")[0].undone
    assert posted.kinds() == [
        "FileInspected",
        "PlanReady",
        "ApplyStarted",
        "BatchApplied",
        "BatchUndone",
    ]


async def test_a_mapped_column_posts_mapping_changed_and_plans_again(
    imported_ctx: Any, settled: Any, workdir: Path
) -> None:
    (workdir / "renamed.csv").write_text(
        "Uni Ref,Name,Email\n0099002,Mary Jackson,mj@uni.example.edu\n", encoding="utf-8"
    )
    posted = Posted()
    app = CoursekitApp(imported_ctx, course_code="COMP529", now=NOW)
    async with app.run_test(size=(120, 40), message_hook=posted) as pilot:
        await open_wizard(pilot, settled)
        await type_path(pilot, settled, "renamed.csv")
        (inspected,) = posted.of(FileInspected)
        assert not inspected.ready  # the kind is not clear from this header: asked first
        await pilot.press("enter", "down", "enter", "ctrl+s")  # Roster, then preview
        await settled(pilot)
        assert posted.of(PlanReady)[-1].plan.has_errors
        await pilot.press("m", "enter")  # the Columns tab, then map "Uni Ref"
        await pilot.press("enter", "down", "down", "enter")  # … to student_id
        await settled(pilot)
        (mapped,) = posted.of(MappingChanged)
        assert (mapped.header, mapped.target) == ("Uni Ref", "student_id")
        plans = posted.of(PlanReady)
        assert len(plans) == 2
        again = plans[1]
        assert posted.messages.index(mapped) < posted.messages.index(again)
        assert not again.plan.has_errors and again.plan.counts["students_added"] == 1


async def test_a_file_that_cannot_be_read_posts_step_failed(
    imported_ctx: Any, settled: Any, workdir: Path
) -> None:
    (workdir / "bad.xlsx").write_bytes(b"\x00\x01 no workbook \xff")
    posted = Posted()
    app = CoursekitApp(imported_ctx, course_code="COMP529", now=NOW)
    async with app.run_test(size=(120, 40), message_hook=posted) as pilot:
        screen = await open_wizard(pilot, settled)
        await type_path(pilot, settled, "bad.xlsx")
        (failed,) = posted.of(StepFailed)
        assert failed.during == "inspect" and failed.message.startswith("bad.xlsx: ")
        assert not posted.of(FileInspected) and not posted.of(PlanReady)
        assert screen.step == "step-pick"
