"""Map one file column (the wizard's ``--map "Header=field"``): a Select of targets in a modal.

Rosters, credit and practice files map a column to a *field* (student id, name, email…);
gradebooks map it to a course *assessment* (by key). Choosing "ignore" skips the column;
"automatic" removes the mapping so the header's own spelling decides again.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Select, Static

from coursekit.domain.columns.fields import FIELDS
from coursekit.domain.columns.headers import column_letter
from coursekit.domain.enums import ImportKind
from coursekit.domain.imports import ColumnMatch
from coursekit.tui.text import literal

AUTOMATIC = "\0automatic"  # the modal's answer for "no explicit mapping"
IGNORE = ""  # plan_import's mapping value that skips a column

FIELD_HELP = {
    "student_id": "student id (institution number)",
    "name": "full name",
    "sortable_name": "sortable name (Last, First)",
    "first_name": "first name",
    "last_name": "last name",
    "email": "email",
    "section": "section",
    "status": "enrolment status",
    "login": "login / SIS login id",
    "lms_id": "Canvas user id",
    "at": "date",
    "spent": "amount spent (USD)",
    "budget": "budget (USD)",
    "exam": "exam code",
    "score": "score",
    "percent": "percent",
    "scaled": "scaled score",
    "minutes": "minutes",
    "questions": "questions",
}


def targets(kind: ImportKind, assessments: Sequence[tuple[str, str]]) -> list[tuple[Text, str]]:
    """Select options: (label, value) for every target a column of ``kind`` can map to."""
    options: list[tuple[Text, str]] = [
        (Text("automatic (by the column header)", "italic"), AUTOMATIC),
        (Text("ignore this column", "italic"), IGNORE),
    ]
    if kind == ImportKind.GRADEBOOK:
        options += [(literal(f"{title} ({key})"), key) for key, title in assessments]
    else:
        options += [(Text(FIELD_HELP.get(f, f) + f"  [{f}]"), f) for f in FIELDS[kind]]
    return options


class MapColumnScreen(ModalScreen[str | None]):
    """Dismisses with the chosen target (a field, an assessment key, ``IGNORE`` or
    ``AUTOMATIC``), or ``None`` (escape)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(
        self,
        kind: ImportKind,
        column: ColumnMatch,
        current: str | None,
        assessments: Sequence[tuple[str, str]] = (),
    ) -> None:
        super().__init__()
        self.kind, self.column = kind, column
        self.options = targets(kind, assessments)
        values = {value for _, value in self.options}
        self.current = current if current in values else AUTOMATIC

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="map-dialog") as dialog:
            dialog.border_title = "Map a column"
            yield Static(
                Text.assemble(
                    f"Column {column_letter(self.column.index)} ",
                    literal(self.column.header, "bold"),
                    " is imported as:",
                ),
                classes="question",
            )
            yield Select(self.options, value=self.current, allow_blank=False, id="map-target")
            yield Static(
                Text("enter opens the list · choose with ↑↓ and enter · esc cancels"),
                classes="hint",
            )
            with Horizontal(classes="buttons"):
                yield Button("Use", variant="primary", id="map-use")
                yield Button("Cancel", id="map-cancel")

    def on_mount(self) -> None:
        self.query_one(Select).focus()

    def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()
        if event.value != self.current and isinstance(event.value, str):
            self.dismiss(event.value)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "map-use":
            value = self.query_one(Select).value
            self.dismiss(value if isinstance(value, str) else None)
        else:
            self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)
