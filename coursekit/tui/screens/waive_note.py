"""Ask for the note a waived checklist item needs (required: why is it fine to skip?)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Static

from coursekit.tui.widgets.input_dialog import InputDialog


class WaiveNoteScreen(InputDialog[str]):
    """Dismisses with the note (never blank), or ``None`` (escape / Cancel)."""

    OK_BUTTON = "waive"

    def __init__(self, question: Text, note: str = "") -> None:
        super().__init__("Waive item", question, note)
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

    def parse(self, text: str) -> str:
        note = text.strip()
        if not note:
            raise ValueError("A note is required: say why this item does not apply")
        return note
