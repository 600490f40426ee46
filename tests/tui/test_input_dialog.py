"""InputDialog, the one home of the single-input modal (scores, extensions, override,
waive note, merge): enter or the OK button answers, a refused answer keeps it open with
the reason, escape or another button cancels."""

from __future__ import annotations

from typing import Any, ClassVar

from textual.app import App, ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Static

from coursekit.tui.widgets.input_dialog import InputDialog


class NumberDialog(InputDialog[int]):
    def parse(self, text: str) -> int:
        if not text.strip().isdigit():
            raise ValueError(f"{text!r} is not a whole number")
        return int(text)


class ButtonDialog(InputDialog[str]):
    OK_BUTTON: ClassVar[str | None] = "ok"

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Input(id="answer")
            with Horizontal():
                yield Button("OK", id="ok")
                yield Button("Cancel", id="cancel")

    def parse(self, text: str) -> str:
        if not text.strip():
            raise ValueError("")  # no error line in this layout: it just waits
        return text.strip()


class Host(App[None]):
    def __init__(self, dialog: InputDialog[Any]) -> None:
        super().__init__()
        self.dialog = dialog
        self.answers: list[object] = []

    def compose(self) -> ComposeResult:
        yield Label("host")

    def on_mount(self) -> None:
        self.push_screen(self.dialog, self.answers.append)


async def test_a_refused_answer_keeps_the_dialog_open_with_the_reason() -> None:
    app = Host(NumberDialog("Count", "How many?", "", "a number"))
    async with app.run_test() as pilot:
        await pilot.press(*"12x", "enter")
        assert app.screen is app.dialog
        assert "'12x' is not a whole number" in str(
            app.dialog.query_one("#form-error", Static).render()
        )
        await pilot.press("backspace", "enter")
        assert app.screen is not app.dialog
    assert app.answers == [12]


async def test_escape_cancels_with_none() -> None:
    app = Host(NumberDialog("Count", "How many?", "7"))
    async with app.run_test() as pilot:
        await pilot.press("escape")
    assert app.answers == [None]


async def test_the_ok_button_answers_and_any_other_button_cancels() -> None:
    app = Host(ButtonDialog("Keep", "Which one?"))
    async with app.run_test() as pilot:
        await pilot.click("#ok")  # blank: refused, no error line to fill, still open
        assert app.screen is app.dialog
        assert app.dialog.focused is app.dialog.query_one(Input)  # back in the input
        await pilot.press(*"S1")
        await pilot.click("#ok")
    assert app.answers == ["S1"]

    app = Host(ButtonDialog("Keep", "Which one?"))
    async with app.run_test() as pilot:
        await pilot.press(*"S1")
        await pilot.click("#cancel")
    assert app.answers == [None]
