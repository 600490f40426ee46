"""Ask for the note a waived checklist item needs (required: why is it fine to skip?)."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static


class WaiveNoteScreen(ModalScreen[str | None]):
    """Dismisses with the note (never blank), or ``None`` (escape / Cancel)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, question: Text, note: str = "") -> None:
        super().__init__()
        self.question = question
        self.note = note

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog form", id="waive-dialog") as dialog:
            dialog.border_title = "Waive item"
            yield Static(self.question, classes="question")
            yield Input(
                self.note, placeholder="why this item does not apply (required)", id="waive-note"
            )
            yield Static("", id="form-error")
            with Horizontal(classes="buttons"):
                yield Button("Waive", variant="primary", id="waive")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._done()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "waive":
            self._done()
        else:
            self.dismiss(None)

    def _done(self) -> None:
        note = self.query_one(Input).value.strip()
        if not note:
            self.query_one("#form-error", Static).update(
                Text("A note is required: say why this item does not apply")
            )
            self.query_one(Input).focus()
            return
        self.dismiss(note)

    def action_cancel(self) -> None:
        self.dismiss(None)
