"""The final-grade override dialog: a percent (0–200), or empty to clear the override."""

from __future__ import annotations

import math
from dataclasses import dataclass

from coursekit.tui.widgets.input_dialog import InputDialog

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


class OverrideDialog(InputDialog[OverrideChoice]):
    def __init__(self, current: float | None, final: float | None) -> None:
        shown = "–" if final is None else f"{final:.2f} %"
        super().__init__(
            "Final-grade override",
            f"Computed final grade: {shown}. The override replaces it for the letter "
            "grade. Leave empty to clear it.",
            "" if current is None else f"{current:g}",
            "percent, e.g. 87.5",
            dialog_id="override-dialog",
            input_id="override-percent",
        )
        self.current = current
        self.final = final

    def parse(self, text: str) -> OverrideChoice:
        return OverrideChoice(parse_percent(text))
