"""The final-grade override dialog: a percent (0–200), or empty to clear the override."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

MAX_PERCENT = 200.0


@dataclass(frozen=True, slots=True)
class OverrideChoice:
    percent: float | None  # None: clear the override


def parse_percent(text: str) -> float | None:
    """``"87.5"``, ``"87.5 %"`` → 87.5; ``""`` → None; ValueError with a one-line reason."""
    cleaned = text.strip().removesuffix("%").strip().replace(",", ".")
    if not cleaned:
        return None
    try:
        value = float(cleaned)
    except ValueError:
        raise ValueError("type a percent such as 87.5, or leave it empty to clear") from None
    if not math.isfinite(value) or not 0 <= value <= MAX_PERCENT:
        raise ValueError(f"the override must be between 0 and {MAX_PERCENT:g} %")
    return value


class OverrideDialog(ModalScreen[OverrideChoice | None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, current: float | None, final: float | None) -> None:
        super().__init__()
        self.current = current
        self.final = final

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="override-dialog") as dialog:
            dialog.border_title = "Final-grade override"
            final = "–" if self.final is None else f"{self.final:.2f} %"
            yield Static(
                Text(
                    f"Computed final grade: {final}. The override replaces it for the letter "
                    "grade. Leave empty to clear it.",
                ),
                classes="question",
            )
            yield Input(
                "" if self.current is None else f"{self.current:g}",
                placeholder="percent, e.g. 87.5",
                id="override-percent",
            )
            yield Static("", id="form-error")
            yield Static("enter saves · esc cancels", classes="hint")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        try:
            percent = parse_percent(event.value)
        except ValueError as exc:
            self.query_one("#form-error", Static).update(Text(str(exc)))
            return
        self.dismiss(OverrideChoice(percent))

    def action_cancel(self) -> None:
        self.dismiss(None)
