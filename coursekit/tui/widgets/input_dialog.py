"""InputDialog: a modal question answered in one ``Input``.

Enter (or the button whose id is ``OK_BUTTON``) parses the text: a value dismisses the
dialog with it; a ``ValueError`` keeps it open, its message on the ``#form-error`` line
(when the dialog has one) and the focus back in the input. Escape or any other button
dismisses with ``None``. Subclasses give ``parse`` and, for another layout, ``compose``.
"""

from __future__ import annotations

from typing import ClassVar, Generic, TypeVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

ResultT = TypeVar("ResultT")


class InputDialog(ModalScreen[ResultT | None], Generic[ResultT]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]
    OK_BUTTON: ClassVar[str | None] = None

    def __init__(
        self,
        title: str,
        question: Text | str,
        value: str = "",
        placeholder: str = "",
        *,
        dialog_id: str | None = None,
        input_id: str = "dialog-input",
    ) -> None:
        super().__init__()
        self.title_text, self.question, self.value = title, question, value
        self.placeholder, self.dialog_id, self.input_id = placeholder, dialog_id, input_id

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id=self.dialog_id) as dialog:
            dialog.border_title = self.title_text
            yield Static(
                Text(self.question) if isinstance(self.question, str) else self.question,
                classes="question",
            )
            yield Input(self.value, placeholder=self.placeholder, id=self.input_id)
            yield Static("", id="form-error")
            yield Static("enter saves · esc cancels", classes="hint")

    def parse(self, text: str) -> ResultT:
        """The answer, or ``ValueError`` with a one-line reason."""
        raise NotImplementedError

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._submit(event.value)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if self.OK_BUTTON is not None and event.button.id == self.OK_BUTTON:
            self._submit(self.query_one(Input).value)
        else:
            self.dismiss(None)

    def _submit(self, text: str) -> None:
        try:
            value = self.parse(text)
        except ValueError as exc:
            for line in self.query("#form-error").results(Static):
                line.update(Text(str(exc)))
            self.query_one(Input).focus()
            return
        self.dismiss(value)

    def action_cancel(self) -> None:
        self.dismiss(None)
