"""The help screen (``?``): every key of the screen it was opened from."""

from __future__ import annotations

from typing import ClassVar, NamedTuple

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static


class HelpLine(NamedTuple):
    scope: str  # "This screen" or "Everywhere"
    key: str
    description: str
    tooltip: str


def help_lines(screen: Screen[object]) -> list[HelpLine]:
    """The keys active on ``screen`` (its focused widget, the active tab, the screen, the
    app): the tab's own keys first."""
    app = screen.app
    lines: list[HelpLine] = []
    seen: set[tuple[str, str]] = set()
    for key, active in screen.active_bindings.items():
        binding = active.binding
        if not binding.show and not binding.id:
            continue  # cursor movement and the like
        if binding.system or (binding.action, binding.description) in seen:
            continue
        seen.add((binding.action, binding.description))
        tab = getattr(active.node, "TAB_ID", None) and getattr(active.node, "TITLE", "")
        scope = "Everywhere" if active.node is app else f"{tab} tab" if tab else "This screen"
        shown = binding.key_display or app.get_key_display(binding) or key
        lines.append(HelpLine(scope, shown, binding.description, active.tooltip or binding.tooltip))
    lines.append(HelpLine("Everywhere", "ctrl+p", "Commands", "Every action by name"))
    lines.sort(key=lambda line: (line.scope == "Everywhere", line.scope == "This screen"))
    return lines


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q", "dismiss_help", "Close", key_display="esc"),
    ]

    def __init__(self, lines: list[HelpLine], title: str) -> None:
        super().__init__()
        self.lines = lines
        self.help_title = title

    @classmethod
    def for_screen(cls, screen: Screen[object]) -> HelpScreen:
        return cls(help_lines(screen), f"Keys — {screen.title or screen.app.title}")

    def compose(self) -> ComposeResult:
        table = Table(box=None, expand=True, show_header=True, header_style="bold")
        table.add_column("Where", style="italic", no_wrap=True)
        table.add_column("Key", style="bold", no_wrap=True)
        table.add_column("Does")
        table.add_column("", style="dim")
        for line in self.lines:
            table.add_row(
                Text(line.scope), Text(line.key), Text(line.description), Text(line.tooltip)
            )
        with Vertical(classes="dialog", id="help-dialog") as dialog:
            dialog.border_title = self.help_title
            with VerticalScroll():
                yield Static(table, id="help-table")
            yield Static("esc, ? or q closes", classes="hint")

    def action_dismiss_help(self) -> None:
        self.dismiss(None)
