"""Give a freshly shown tab the focus, so its keys (``o`` for the override, arrows in its
table) work at once — unless the user is typing or working in another widget."""

from __future__ import annotations

from textual.widget import Widget
from textual.widgets import Tabs


def take_focus(tab: Widget, selector: str) -> None:
    focused = tab.screen.focused
    if focused is None or isinstance(focused, Tabs) or not focused.is_on_screen:
        tab.query_one(selector).focus()
