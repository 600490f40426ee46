"""The roster screen: names shown literally, filter and sort from the keyboard."""

from __future__ import annotations

from typing import Any

from coursekit.services.roster.roster import add_student, list_roster
from coursekit.tui.app import CoursekitApp
from coursekit.tui.screens.roster import RosterScreen
from coursekit.tui.widgets.record_table import RecordTable

HOSTILE = [
    "[/bold]",
    "[link=https://x]x[/link]",
    "Zoë مرحبا O'Brien",
    "\u202eevil RTL override",
    "A" * 200,  # the longest name a form or the CLI takes: far wider than the column
    "=cmd|'/c calc'!A0",
]


def names(app: CoursekitApp) -> list[str]:
    table = app.screen.query_one(RecordTable)
    return [r.name for r in table.visible_records()]


async def test_hostile_names_render_literally(
    course_ctx: Any, settled: Any, read_screen: Any
) -> None:
    for number, name in enumerate(HOSTILE):
        add_student(
            course_ctx,
            "COMP529",
            student_id=f"00{number}",
            name=name,
            email=f"x{number}@u.edu\x1b[2J",
            section="[b]A\x07",
        )
    app = CoursekitApp(course_ctx, course_code="COMP529", screen="roster")
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        assert isinstance(app.screen, RosterScreen)
        assert sorted(names(app)) == sorted(r.name for r in list_roster(course_ctx, "COMP529"))
        text = read_screen(app)
        assert "[/bold]" in text
        assert "[link=https://x]x[/link]" in text
        assert "Zoë مرحبا O'Brien" in text
        assert "AAAAAAAA…" in text  # cropped to the column, not wrapped
        assert "\x1b" not in text and "\x07" not in text and "\u202e" not in text
        assert "[b]A" in text
        await pilot.press("slash", *"bold")
        assert names(app) == ["[/bold]"]
        await pilot.press("enter")  # into the table, then open the student
        await pilot.press("enter")
        await settled(pilot)
        assert "[/bold]" in read_screen(app)


async def test_filter_matches_name_id_email_section_and_status(
    roster_ctx: Any, settled: Any, read_screen: Any
) -> None:
    app = CoursekitApp(roster_ctx, course_code="COMP529", screen="roster")
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        assert "5 of 5 students · 4 active" in read_screen(app)
        await pilot.press("slash", *"hopper")
        assert names(app) == ["Grace Hopper"]
        for needle, expected in [
            ("00042", ["Barbara Liskov"]),
            ("alan@", ["Alan Turing"]),
            ("dropped", ["Edsger Dijkstra"]),
            ("lovelace b", []),  # every word must match: Ada is in section A
            ("hopper b", ["Grace Hopper"]),
        ]:
            app.screen.query_one("#filter").value = ""  # type: ignore[attr-defined]
            await pilot.press(*needle)
            assert names(app) == expected, needle
        assert "1 of 5 students" in read_screen(app)
        await pilot.press("enter")  # to the list, filter kept
        assert isinstance(app.focused, RecordTable)
        assert len(names(app)) == 1
        await pilot.press("escape")  # clears the filter
        assert len(names(app)) == 5
        await pilot.press("slash", *"zzz", "escape")  # esc in the box: cleared, back to the list
        assert isinstance(app.focused, RecordTable)
        assert len(names(app)) == 5


async def test_sort_by_column_with_digits(roster_ctx: Any, settled: Any, read_screen: Any) -> None:
    app = CoursekitApp(roster_ctx, course_code="COMP529", screen="roster")
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        # By name: sortable name, "Last, First".
        assert names(app) == [
            "Edsger Dijkstra",
            "Grace Hopper",
            "Barbara Liskov",
            "Ada Lovelace",
            "Alan Turing",
        ]
        await pilot.press("2")  # student id (columns: name, id, status, section, email)
        assert names(app)[0] == "Barbara Liskov"  # 00042: ids sort as text
        assert "sorted by Student id ▲" in read_screen(app)
        await pilot.press("2")
        assert names(app)[0] == "Edsger Dijkstra"
        assert "sorted by Student id ▼" in read_screen(app)
        await pilot.press("5")  # email: Dijkstra has none, stays last
        assert names(app)[-1] == "Edsger Dijkstra"
        await pilot.press("5")
        assert names(app)[-1] == "Edsger Dijkstra"


async def test_enter_opens_the_highlighted_student(
    roster_ctx: Any, settled: Any, read_screen: Any
) -> None:
    app = CoursekitApp(roster_ctx, course_code="COMP529", screen="roster")
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        await pilot.press("down", "enter")
        await settled(pilot)
        text = read_screen(app)
        assert "Grace Hopper  10003  grace@uni.edu  section B  active" in text
        await pilot.press("escape")
        assert isinstance(app.screen, RosterScreen)


async def test_section_key_shows_one_section_at_a_time(
    roster_ctx: Any, settled: Any, read_screen: Any
) -> None:
    from coursekit.services.roster.roster import list_roster

    sections = sorted({r.section for r in list_roster(roster_ctx, "COMP529")}, key=str.casefold)
    app = CoursekitApp(roster_ctx, course_code="COMP529", screen="roster")
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        everyone = app.screen.query_one(RecordTable).row_count
        seen = 0
        for section in sections:
            await pilot.press("S")
            await settled(pilot)
            rows = app.screen.query_one(RecordTable).visible_records()
            assert rows and {r.section for r in rows} == {section}
            assert f"section {section or '(none)'} only" in read_screen(app)
            seen += len(rows)
        assert seen == everyone
        await pilot.press("S")  # after the last section: everyone again
        await settled(pilot)
        assert app.screen.query_one(RecordTable).row_count == everyone
