"""The app shell: global keys, help, theme, command palette, course switcher."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from coursekit.services.courses import init_course
from coursekit.services.roster.roster import add_student
from coursekit.tui.app import CoursekitApp
from coursekit.tui.commands import commands_for
from coursekit.tui.registry import SCREENS
from coursekit.tui.screens.course_switcher import CourseSwitcher
from coursekit.tui.screens.help import HelpScreen
from coursekit.tui.screens.roster import RosterScreen
from coursekit.tui.screens.student import StudentScreen
from coursekit.tui.widgets.record_table import RecordTable

COMP524_SYLLABUS = Path(__file__).resolve().parents[2] / "syllabi" / "comp524-cybersecurity.toml"


def shown_names(app: CoursekitApp) -> list[str]:
    return [r.name for r in app.screen.query_one(RecordTable).visible_records()]


async def test_every_screen_has_its_own_key(roster_ctx: Any, settled: Any) -> None:
    app = CoursekitApp(roster_ctx, course_code="COMP529", screen="roster")
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        bound = app.screen.active_bindings
        for spec in SCREENS:
            assert bound[spec.key].binding.id == f"screen.{spec.name}"
        assert len({spec.key for spec in SCREENS}) == len(SCREENS)
        assert {spec.name: spec.key for spec in SCREENS} == {
            "roster": "r",
            "dashboard": "d",
            "labs": "l",
            "credits": "c",
            "readiness": "e",
            "checklists": "k",
            "import": "i",
            "export": "x",
        }
        assert isinstance(app.screen, RosterScreen)


async def test_help_lists_the_keys_of_the_screen(
    roster_ctx: Any, settled: Any, read_screen: Any
) -> None:
    app = CoursekitApp(roster_ctx, course_code="COMP529", screen="roster")
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = read_screen(app)
        for expected in (
            "Add",
            "Edit",
            "Drop",
            "Filter",
            "Roster",
            "Course",
            "Theme",
            "Quit",
            "ctrl+p",
        ):
            assert expected in text
        await pilot.press("escape")
        assert isinstance(app.screen, RosterScreen)


async def test_theme_toggles_between_light_and_dark(roster_ctx: Any, settled: Any) -> None:
    app = CoursekitApp(roster_ctx, course_code="COMP529", screen="roster")
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        assert app.current_theme.dark
        await pilot.press("t")
        assert app.theme == "textual-light" and not app.current_theme.dark
        await pilot.press("t")
        assert app.theme == "textual-dark"


async def test_palette_offers_every_action_and_runs_it(roster_ctx: Any, settled: Any) -> None:
    app = CoursekitApp(roster_ctx, course_code="COMP529", screen="roster")
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        titles = {c.title for c in commands_for(app.screen)}
        assert {
            "Roster",
            "Course",
            "Help",
            "Theme",
            "Quit",
            "Add",
            "Edit",
            "Drop",
            "Filter",
            "Light theme",
            "Dark theme",
            "Sort roster by Email",
        } <= titles
        await pilot.press("ctrl+p", *"light theme")
        await pilot.pause(0.3)  # the palette searches asynchronously
        await pilot.press("enter")
        await pilot.pause()
        assert app.theme == "textual-light"
        await pilot.press("ctrl+p", *"sort roster by email")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.query_one(RecordTable).sort_column == "email"


async def test_switch_course_reloads_and_closes_the_student(
    roster_ctx: Any, settled: Any, read_screen: Any
) -> None:
    init_course(roster_ctx, COMP524_SYLLABUS)
    add_student(roster_ctx, "COMP524", student_id="20001", name="Radia Perlman", section="S")
    app = CoursekitApp(roster_ctx, course_code="COMP529", screen="roster")
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        await pilot.press("enter")  # a COMP529 student is open
        await settled(pilot)
        assert isinstance(app.screen, StudentScreen)
        await pilot.press("s")
        await settled(pilot)
        assert isinstance(app.screen, CourseSwitcher)
        text = read_screen(app)
        assert "COMP524" in text and "COMP529" in text
        await pilot.press("escape")  # cancel keeps everything as it was
        assert isinstance(app.screen, StudentScreen) and app.course_code == "COMP529"
        await pilot.press("s")
        await settled(pilot)
        await pilot.press("home", "enter")  # COMP524 comes first
        await settled(pilot)
        assert app.course_code == "COMP524"
        assert isinstance(app.screen, RosterScreen)
        assert shown_names(app) == ["Radia Perlman"]
        assert "COMP524" in read_screen(app)


async def test_several_courses_and_none_chosen_asks_which(roster_ctx: Any, settled: Any) -> None:
    init_course(roster_ctx, COMP524_SYLLABUS)
    app = CoursekitApp(roster_ctx, screen="roster")
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        assert isinstance(app.screen, CourseSwitcher)
        await pilot.press("end", "enter")  # COMP529
        await settled(pilot)
        assert app.course_code == "COMP529"
        assert len(shown_names(app)) == 5


async def test_one_course_opens_without_asking(roster_ctx: Any, settled: Any) -> None:
    app = CoursekitApp(roster_ctx, screen="roster")
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        assert app.course_code == "COMP529" and len(shown_names(app)) == 5


async def test_an_unknown_course_is_an_error_not_a_crash(
    roster_ctx: Any, settled: Any, read_screen: Any
) -> None:
    app = CoursekitApp(roster_ctx, course_code="NOPE101", screen="roster")
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        assert app.is_running
        assert isinstance(app.screen, CourseSwitcher)  # pick a real one
        await pilot.press("enter")
        await settled(pilot)
        assert app.course_code == "COMP529"
        assert len(shown_names(app)) == 5


async def test_a_failing_service_call_is_a_notification_without_row_data(
    roster_ctx: Any, settled: Any, monkeypatch: Any
) -> None:
    import coursekit.services.roster.roster as roster_service

    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("Ada Lovelace 10001 ada@uni.edu")  # row data must not be shown

    monkeypatch.setattr(roster_service, "list_roster", broken)
    seen: list[str] = []
    app = CoursekitApp(roster_ctx, course_code="COMP529", screen="roster")
    original = app.notify
    monkeypatch.setattr(
        app, "notify", lambda message, **kw: (seen.append(message), original(message, **kw))
    )
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        assert app.is_running
        assert seen == ["unexpected error (RuntimeError); details are in the log"]


@pytest.mark.parametrize("query", ["liskov", "00042"])
async def test_palette_jumps_to_a_student(
    roster_ctx: Any, settled: Any, read_screen: Any, query: str
) -> None:
    from coursekit.tui.screens.student import StudentScreen

    app = CoursekitApp(roster_ctx, course_code="COMP529", screen="dashboard")
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        await pilot.press("ctrl+p", *query)
        await pilot.pause(0.5)  # the palette loads the roster and searches asynchronously
        await pilot.press("enter")
        await settled(pilot)
        assert isinstance(app.screen, StudentScreen)
        assert "Barbara Liskov" in read_screen(app)
