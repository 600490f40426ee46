"""ProgressLine: a label and a ProgressBar fed from a worker thread by messages.

A service's ``progress(done, total)`` callback runs in the worker; ``ProgressLine.callback()``
returns one that posts ``ProgressLine.Update`` messages (thread-safe) — at most one per percent,
so a 10,000-row import does not flood the message queue — and the widget updates itself on the
UI thread. Hidden while idle.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Label, ProgressBar

Callback = Callable[[int, int], None]


class ProgressLine(Horizontal):
    # A reusable widget ships its styles as DEFAULT_CSS (Textual's idiom; screens use .tcss).
    DEFAULT_CSS = """
    ProgressLine {
        height: 1;
        padding: 0 1;
        display: none;
        &.-busy { display: block; }
        Label { width: auto; margin-right: 2; }
    }
    """

    class Update(Message):
        def __init__(self, done: int, total: int) -> None:
            super().__init__()
            self.done, self.total = done, total

    def compose(self) -> ComposeResult:
        yield Label()
        yield ProgressBar(show_eta=False)

    def start(self, label: str) -> None:
        """Show the line (indeterminate until the first update)."""
        self.query_one(Label).update(Text(label))
        self.query_one(ProgressBar).update(total=None, progress=0)
        self.add_class("-busy")

    def finish(self) -> None:
        self.remove_class("-busy")

    @property
    def busy(self) -> bool:
        return self.has_class("-busy")

    def callback(self) -> Callback:
        """A ``progress(done, total)`` for a service call in a worker thread."""
        last = [-1]

        def progress(done: int, total: int) -> None:
            step = 100 * done // total if total > 0 else 0
            if step != last[0]:
                last[0] = step
                self.post_message(self.Update(done, total))

        return progress

    def on_progress_line_update(self, event: Update) -> None:
        event.stop()
        if self.busy:
            self.query_one(ProgressBar).update(total=max(event.total, 1), progress=event.done)
