"""Merge a duplicate student from the roster (``M`` on the highlighted student):
ask which student to keep, then ``student_merge.merge_students`` in a worker.
The merge is a batch of its own, undone from Import → Past imports.

A mixin of ``RosterScreen`` (its ``_highlighted``, ``ctx`` and ``ck``).
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Static

from coursekit.domain.records import RosterRow
from coursekit.services.context import ServiceError
from coursekit.tui.hints import error_text
from coursekit.tui.text import clean, literal
from coursekit.tui.widgets.input_dialog import InputDialog
from coursekit.tui.workers import deliver, service_work


class MergeScreen(InputDialog[str]):
    """Asks for the student to keep; dismisses with that text, or None."""

    OK_BUTTON = "merge"

    def __init__(self, other: RosterRow) -> None:
        super().__init__("Merge a duplicate student", "")
        self.other = other

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog") as dialog:
            dialog.border_title = "Merge a duplicate student"
            yield Static(
                Text.assemble(
                    "Merge ",
                    literal(self.other.name, "bold"),
                    f" ({clean(self.other.student_id)}) into the student to keep: identifiers, "
                    "enrollments, scores, credits, practice, checklists and history move, and "
                    "this record is removed (undo from Import → Past imports).",
                ),
                classes="question",
            )
            yield Input(placeholder="student id (or e-mail) to keep", id="merge-keep")
            with Horizontal(classes="buttons"):
                yield Button("Merge", variant="error", id="merge")
                yield Button("Cancel", id="cancel")

    def parse(self, text: str) -> str:
        value = text.strip()
        if not value:
            raise ValueError("")  # no error line: the dialog waits for an answer
        return value


MERGE_BINDING = Binding(
    "M",
    "merge",
    "Merge",
    id="roster.merge",
    tooltip="Merge the highlighted student (a duplicate) into another student",
)


class MergeAction:
    ctx: Any
    ck: Any
    app: Any

    def _highlighted(self) -> RosterRow | None:  # provided by RosterScreen
        raise NotImplementedError

    def action_merge(self) -> None:
        row = self._highlighted()
        if row is not None:
            self.app.push_screen(MergeScreen(row), lambda keep: self._merge_chosen(row, keep))

    def _merge_chosen(self, row: RosterRow, keep: str | None) -> None:
        if keep:
            self.merge(keep, row.student_id)

    @service_work(group="roster.merge")
    def merge(self, keep: str, other: str) -> None:
        from coursekit.services.importing.student_merge import merge_students

        try:
            result = merge_students(self.ctx, keep, other)
        except ServiceError as exc:
            deliver(self.app, self._merge_failed, error_text(exc))
            return
        deliver(self.app, self._merged, result)

    def _merge_failed(self, message: str) -> None:
        self.app.notify(message, title="Merge", severity="error", timeout=10, markup=False)

    def _merged(self, result: Any) -> None:
        self.app.notify(
            f"Merged {result.other} into {result.keep} (batch {result.batch_id})",
            title="Merge",
            markup=False,
        )
        self.ck.data_changed()
