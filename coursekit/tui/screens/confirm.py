"""ConfirmScreen: a yes/no question before a destructive action (drop, undo an import, ...)."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static


class ConfirmScreen(ModalScreen[bool]):
    """Dismisses with ``True`` (confirm button or ``y``) or ``False`` (Cancel, ``n``, escape).

    ``question`` is a ``Text`` so that student names in it are shown literally.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,n", "answer(False)", "Cancel"),
        Binding("y", "answer(True)", "Yes"),
    ]

    def __init__(self, question: Text, *, confirm_label: str = "OK", title: str = "") -> None:
        super().__init__()
        self.question = question
        self.confirm_label = confirm_label
        self.dialog_title = title

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog") as dialog:
            dialog.border_title = self.dialog_title
            yield Static(self.question, classes="question")
            with Horizontal(classes="buttons"):
                yield Button(self.confirm_label, variant="error", id="confirm")
                yield Button("Cancel", id="cancel")
            yield Static(
                f"y confirms ({self.confirm_label}) · n or esc cancels · enter presses the "
                "focused button",
                classes="hint",
            )

    def on_mount(self) -> None:
        self.query_one("#cancel", Button).focus()  # the safe default for Enter

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "confirm")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)
