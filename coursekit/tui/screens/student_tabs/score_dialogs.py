"""Dialogs of the scores tab: edit one score, grant an extension, read the explanation."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from coursekit.domain.grade_explanation import GradeExplanation, explanation_lines
from coursekit.tui.widgets.input_dialog import InputDialog


@dataclass(frozen=True, slots=True)
class ScoreEntry:
    kind: str  # "set", "excuse" or "clear"
    points: float | None = None


def parse_score_entry(text: str, possible: float) -> ScoreEntry:
    """``"27"`` → set 27; ``"EX"`` → excuse; ``""`` → clear; ValueError with a reason."""
    cleaned = text.strip().replace(",", ".")
    if not cleaned:
        return ScoreEntry("clear")
    if cleaned.casefold() == "ex":
        return ScoreEntry("excuse")
    try:
        value = float(cleaned)
    except ValueError:
        raise ValueError("type points such as 27, EX to excuse, or nothing to clear") from None
    if not math.isfinite(value) or value < 0:
        raise ValueError("points cannot be negative")
    if value > max(1.0, possible) * 10:
        raise ValueError(f"{value:g} is far above the {possible:g} points possible")
    return ScoreEntry("set", value)


def parse_due(text: str, due: datetime | None) -> datetime | None:
    """``"+3"`` / ``"+3d"`` → 3 days after the due date; an ISO date-time with a zone; ``""``
    → remove the extension. ValueError with a one-line reason."""
    cleaned = text.strip()
    if not cleaned:
        return None
    if cleaned.startswith("+"):
        if due is None:
            raise ValueError("this assessment has no due date to add days to")
        try:
            days = float(cleaned[1:].removesuffix("d").strip())
        except ValueError:
            raise ValueError("type +N for N days after the due date") from None
        if not 0 < days <= 365:
            raise ValueError("between +1 and +365 days")
        return due + timedelta(days=days)
    try:
        value = datetime.fromisoformat(cleaned)
    except ValueError:
        raise ValueError("type +N days, or a date and time like 2026-10-04T23:59-04:00") from None
    if value.tzinfo is None:
        raise ValueError("give a time zone, e.g. 2026-10-04T23:59-04:00 or …Z")
    return value


class ScoreDialog(InputDialog[ScoreEntry]):
    def __init__(self, title: str, current: str, possible: float) -> None:
        super().__init__(
            "Edit score",
            f"{title} ({possible:g} points): points, EX to excuse, or empty to clear.",
            current,
            "points, EX, or empty",
        )
        self.possible = possible

    def parse(self, text: str) -> ScoreEntry:
        return parse_score_entry(text, self.possible)


@dataclass(frozen=True, slots=True)
class DueChoice:
    due_at: datetime | None  # None: remove the extension


class ExtensionDialog(InputDialog[DueChoice]):
    def __init__(self, title: str, due: datetime | None, current: datetime | None) -> None:
        shown = "none" if due is None else f"{due:%Y-%m-%d %H:%M %Z}"
        super().__init__(
            "Extension",
            f"{title}: due {shown} for this student. +N for N more days, a date-time with "
            "zone, or empty to remove the extension.",
            "" if current is None else current.isoformat(),
            "+3, or 2026-10-04T23:59-04:00",
        )
        self.due = due

    def parse(self, text: str) -> DueChoice:
        return DueChoice(parse_due(text, self.due))


class ExplanationScreen(ModalScreen[None]):
    """The grade explanation, scrollable; esc or q closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q,w", "close", "Close")]
    CSS_PATH = "score_dialogs.tcss"

    def __init__(self, explanation: GradeExplanation) -> None:
        super().__init__()
        self.explanation = explanation

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="explanation") as box:
            box.border_title = "Why this grade"
            box.border_subtitle = "esc closes"
            yield Static(Text("\n".join(explanation_lines(self.explanation))))

    def action_close(self) -> None:
        self.dismiss(None)
