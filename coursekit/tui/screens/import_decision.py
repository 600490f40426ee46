"""Settle one decision of an import plan: which stored student a file row is, or
a new student. Dismisses with ``("link", student_id)``, ``("new", "")`` or None."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from coursekit.domain.imports import Decision
from coursekit.tui.text import literal

Choice = tuple[str, str]


class DecisionScreen(ModalScreen[Choice | None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]
    CSS_PATH = "import_decision.tcss"

    def __init__(self, decision: Decision) -> None:
        super().__init__()
        self.decision = decision

    def compose(self) -> ComposeResult:
        d = self.decision
        with Vertical(classes="dialog") as dialog:
            dialog.border_title = f"Row {d.row}: which student is it?"
            yield Static(
                Text.assemble(
                    literal(d.name or "(no name)", "bold"),
                    "\n",
                    literal(d.message, "yellow"),
                    "\nNames never decide: pick the student this row is, or a new one.",
                ),
                classes="question",
            )
            for number, c in enumerate(d.candidates):
                yield Button(
                    Text(f"This is {c.student_id} {c.name} ({c.how})"),
                    id=f"link-{number}",
                    variant="primary" if number == 0 else "default",
                )
            yield Button("A new student (another person)", id="new")
            yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query(Button).first().focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        button = event.button.id or ""
        if button.startswith("link-"):
            candidate = self.decision.candidates[int(button.removeprefix("link-"))]
            self.dismiss(("link", candidate.student_id))
        elif button == "new":
            self.dismiss(("new", ""))
        else:
            self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)
