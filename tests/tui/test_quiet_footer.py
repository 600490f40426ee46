"""QuietFooter shows what Textual's Footer shows, follows binding changes, skips no-op rebuilds."""

from __future__ import annotations

from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Button, Footer, Input
from textual.widgets._footer import FooterKey

from coursekit.tui.widgets.quiet_footer import QuietFooter


class KeyedInput(Input):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("ctrl+s", "save", "Save")]


def footer_app(footer_class: type[Footer]) -> App[None]:
    class FooterApp(App[None]):
        BINDINGS: ClassVar[list[BindingType]] = [
            Binding("r", "bell", "Roster"),
            Binding("question_mark", "bell", "Help", key_display="?"),
        ]

        def compose(self) -> ComposeResult:
            yield Button("first")
            yield KeyedInput(id="keyed")
            yield footer_class()

    return FooterApp()


def shown(app: App[None]) -> list[tuple[str, str, str, bool, bool]]:
    return [
        (k.key, k.key_display, k.description, k.has_class("-compact"), k.has_class("-disabled"))
        for k in app.screen.query(FooterKey)
    ]


async def footer_states(footer_class: type[Footer]) -> tuple[list[object], list[object]]:
    app = footer_app(footer_class)
    async with app.run_test() as pilot:
        await pilot.pause()
        before = shown(app)
        app.screen.query_one("#keyed").focus()
        await pilot.pause()
        await pilot.pause()
        return before, shown(app)


async def test_quiet_footer_shows_the_same_keys_as_textual_footer() -> None:
    quiet_before, quiet_after = await footer_states(QuietFooter)
    plain_before, plain_after = await footer_states(Footer)
    assert quiet_before == plain_before
    assert quiet_after == plain_after
    assert ("ctrl+s", "^s", "Save", False, False) in quiet_after  # follows the focus
    assert all(key[0] != "ctrl+s" for key in quiet_before)


async def test_quiet_footer_does_not_rebuild_when_the_keys_are_unchanged() -> None:
    app = footer_app(QuietFooter)
    async with app.run_test() as pilot:
        await pilot.pause()
        first = app.screen.query(FooterKey).first()
        app.screen.refresh_bindings()  # what focus changes and mounts do
        await pilot.pause()
        await pilot.pause()
        assert app.screen.query(FooterKey).first() is first
        app.screen.query_one("#keyed").focus()
        await pilot.pause()
        await pilot.pause()
        assert app.screen.query(FooterKey).first() is not first
