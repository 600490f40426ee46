"""RecordTable: the virtualised table every list screen uses."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.app import App, ComposeResult

from coursekit.tui.widgets.record_table import Column, RecordTable
from coursekit.tui.widgets.table_model import TableModel, fit


@dataclass(frozen=True)
class Person:
    pk: int
    name: str
    score: float | None


def person_columns(calls: list[int] | None = None) -> list[Column[Person]]:
    def name(p: Person) -> str:
        if calls is not None:
            calls.append(p.pk)
        return p.name

    return [
        Column("pk", "Id", lambda p: p.pk, justify="right"),
        Column("name", "Name", name, max_width=12),
        Column("score", "Score", lambda p: p.score, justify="right"),
    ]


def model(people: list[Person]) -> TableModel[Person]:
    table: TableModel[Person] = TableModel(person_columns(), key=lambda p: p.pk, search=None)
    table.set_records(people)
    return table


PEOPLE = [Person(1, "Zoë Adams", 70.0), Person(2, "adam smith", None), Person(3, "Bob Stone", 95.5)]


def shown(table: TableModel[Person]) -> list[int]:
    return [table.records[i].pk for i in table.view]


def test_filter_needs_every_word_in_any_case() -> None:
    table = model(PEOPLE)
    table.set_filter("ADAM")
    assert shown(table) == [1, 2]
    table.set_filter("adam  smith")
    assert shown(table) == [2]
    table.set_filter("nobody")
    assert shown(table) == []
    table.set_filter("")
    assert shown(table) == [1, 2, 3]


def test_sort_is_case_insensitive_and_keeps_empty_cells_last() -> None:
    table = model(PEOPLE)
    table.sort_by("name", False)
    assert shown(table) == [2, 3, 1]
    table.sort_by("score", False)
    assert shown(table) == [1, 3, 2]  # None last
    table.sort_by("score", True)
    assert shown(table) == [3, 1, 2]  # empty still last


def test_filter_keeps_the_sort_order() -> None:
    table = model(PEOPLE)
    table.sort_by("name", True)
    table.set_filter("o")
    assert shown(table) == [1, 3]


def test_widths_fit_the_data_but_are_capped() -> None:
    table = model([*PEOPLE, Person(4, "A" * 300, 1.0)])
    assert table.widths[1] == 12  # max_width
    assert table.widths[0] == len("Id") + 2  # label + room for the sort arrow


def test_fit_crops_with_an_ellipsis_and_pads_by_cells() -> None:
    assert fit("abcdef", 4, "left") == "abc…"
    assert fit("ab", 4, "right") == "  ab"
    assert fit("日本", 5, "left") == "日本 "  # wide characters count two cells


class TableApp(App[None]):
    def __init__(self, table: RecordTable[Person]) -> None:
        super().__init__()
        self.table = table
        self.selected: list[int] = []

    def compose(self) -> ComposeResult:
        yield self.table

    def on_record_table_selected(self, event: RecordTable.Selected) -> None:
        self.selected.append(event.record.pk)


async def test_only_visible_rows_are_rendered_at_50000_rows() -> None:
    calls: list[int] = []
    people = [Person(n, f"Student {n:05d}", n % 100) for n in range(50_000)]
    table: RecordTable[Person] = RecordTable(
        person_columns(calls), key=lambda p: p.pk, selectable=True
    )
    app = TableApp(table)
    async with app.run_test(size=(80, 24)) as pilot:
        table.set_records(people)
        await pilot.pause()
        measured = len(calls)
        assert measured <= 2_100  # a sample sizes the columns, not every row
        calls.clear()
        await pilot.press("pagedown", "pagedown", "end")
        await pilot.pause()
        assert table.cursor_record == people[-1]
        assert len(calls) < 200  # only rows that were on screen
        assert table.scroll_y > 49_000
        await pilot.press("home", "down", "enter")
        assert app.selected == [1]


async def test_digits_and_header_clicks_sort_and_the_cursor_follows_its_record() -> None:
    table: RecordTable[Person] = RecordTable(person_columns(), key=lambda p: p.pk)
    app = TableApp(table)
    async with app.run_test(size=(80, 24)) as pilot:
        table.set_records(PEOPLE)
        table.focus()
        await pilot.press("down")  # cursor on pk 2
        await pilot.press("2")
        assert [p.pk for p in table.visible_records()] == [2, 3, 1]
        assert table.cursor_record == PEOPLE[1]
        await pilot.press("2")
        assert table.sort_reverse
        await pilot.click(RecordTable, offset=(2, 0))  # the "Id" header
        assert table.sort_column == "pk" and not table.sort_reverse


async def test_hostile_cells_render_literally() -> None:
    hostile = [
        Person(1, "[/bold]", None),
        Person(2, "[link=https://x]x[/link]", None),
        Person(3, "esc\x1b[31m\x07bell", None),
    ]
    columns = [
        Column("name", "Name", lambda p: p.name, max_width=60),
        Column("styled", "Styled", lambda p: Text(p.name, style="bold"), max_width=60),
    ]
    table: RecordTable[Person] = RecordTable(columns, key=lambda p: p.pk)
    app = TableApp(table)
    async with app.run_test(size=(140, 10)) as pilot:
        table.set_records(hostile)
        await pilot.pause()
        lines = [table.render_line(y).text for y in range(1, 4)]
        assert "[/bold]" in lines[0]
        assert "[link=https://x]x[/link]" in lines[1]
        assert "\x1b" not in lines[2] and "\x07" not in lines[2]
        assert "esc\N{REPLACEMENT CHARACTER}[31m" in lines[2]


async def test_fixed_columns_stay_when_scrolling_sideways() -> None:
    wide = [Column("name", "Name", lambda p: p.name, width=10)] + [
        Column(f"c{n}", f"Lab {n:02d}", lambda p, n=n: f"{p.pk * n}", width=8) for n in range(30)
    ]
    table: RecordTable[Person] = RecordTable(wide, key=lambda p: p.pk, fixed_columns=1)
    app = TableApp(table)
    async with app.run_test(size=(60, 10)) as pilot:
        table.set_records(PEOPLE)
        table.focus()
        await pilot.press(*["right"] * 40)
        await pilot.pause()
        assert table.scroll_x > 0
        header = table.render_line(0).text
        first_row = table.render_line(1).text
        assert header.startswith(" Name") and "Lab 00" not in header
        assert first_row.startswith(" Zoë Adams")
        await pilot.click(RecordTable, offset=(3, 0))  # the frozen "Name" header
        assert table.sort_column == "name"
