"""The whole of one checklist item (the table cuts long messages and fixes)."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from coursekit.domain.cfn import rule_name
from coursekit.domain.checklist import ChecklistEntry


def item_text(entry: ChecklistEntry) -> Text:
    """Every field of the item, literally (messages quote the student's template)."""
    out = Text()
    rows = (
        ("Rule", f"{entry.rule_id} ({rule_name(entry.rule_id)})"),
        ("Severity", entry.severity),
        ("Status", entry.status),
        ("Due", "" if entry.due_on is None else f"{entry.due_on:%Y-%m-%d}"),
        ("Resource", entry.resource),
        ("Path", entry.path),
        ("Line", "" if entry.line is None else str(entry.line)),
        ("Message", entry.message),
        ("Fix", entry.fix),
        ("Note", entry.note),
    )
    for label, value in rows:
        if value:
            out.append(f"{label}\n", "bold")
            out.append(f"{value}\n\n")
    return out


class ChecklistItemScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q,v", "close", "Close")]
    CSS_PATH = "checklist_detail.tcss"

    def __init__(self, entry: ChecklistEntry) -> None:
        super().__init__()
        self.entry = entry

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="checklist-item") as box:
            box.border_title = f"Checklist item {self.entry.id}"
            box.border_subtitle = "esc closes"
            yield Static(item_text(self.entry))

    def action_close(self) -> None:
        self.dismiss(None)
