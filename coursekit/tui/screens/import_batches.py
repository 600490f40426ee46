"""Past imports of the course (``list_batches``), newest first; ``u`` asks to undo one."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Static

from coursekit.domain.imports import BatchInfo
from coursekit.tui.app_access import course_app
from coursekit.tui.text import literal
from coursekit.tui.widgets.record_table import Column, RecordTable
from coursekit.tui.workers import deliver, service_work

_COUNT_LABELS = (
    ("students_added", "students +"),
    ("students_changed", "students ~"),
    ("students_dropped", "dropped "),
    ("scores_added", "scores +"),
    ("scores_changed", "scores ~"),
    ("rows_added", "rows +"),
    ("rows_changed", "rows ~"),
)


def change_summary(counts: dict[str, int]) -> str:
    parts = [f"{label}{counts[key]}" for key, label in _COUNT_LABELS if counts.get(key)]
    return ", ".join(parts) or "no changes"


def batch_line(batch: BatchInfo) -> Text:
    """One line describing a batch (file names are shown literally)."""
    state = (
        literal(f"undone {batch.undone_at.astimezone():%Y-%m-%d %H:%M}", "bold yellow")
        if batch.undone_at
        else literal("applied", "bold green")
    )
    return Text.assemble(
        (f"Batch {batch.id}", "bold"),
        f": {batch.kind.value} import of ",
        literal(batch.file_name, "bold"),
        " into ",
        literal(batch.course_code),
        f" by {batch.actor} at {batch.imported_at.astimezone():%Y-%m-%d %H:%M} — ",
        change_summary(batch.counts),
        " — ",
        state,
    )


BATCH_COLUMNS: tuple[Column[BatchInfo], ...] = (
    Column("id", "Batch", lambda b: b.id, width=6, justify="right"),
    Column("kind", "Kind", lambda b: b.kind.value, width=10),
    Column("file", "File", lambda b: b.file_name, max_width=40),
    Column(
        "at",
        "Imported",
        lambda b: f"{b.imported_at.astimezone():%Y-%m-%d %H:%M}",
        width=16,
        sort_key=lambda b: b.imported_at,
    ),
    Column("actor", "By", lambda b: b.actor, max_width=14),
    Column("changes", "Changes", lambda b: change_summary(b.counts), max_width=44),
    Column(
        "undone",
        "Undone",
        lambda b: (
            literal(f"{b.undone_at.astimezone():%Y-%m-%d %H:%M}", "yellow") if b.undone_at else None
        ),
        width=16,
    ),
)


class BatchList(Vertical):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "u",
            "undo",
            "Undo batch",
            id="import.undo_batch",
            tooltip="Undo the highlighted import (restores the state before it)",
        ),
    ]

    # Styles: screens/import_wizard.tcss (shown only on the import screen).

    class UndoRequested(Message):
        def __init__(self, batch: BatchInfo) -> None:
            super().__init__()
            self.batch = batch

    def compose(self) -> ComposeResult:
        yield RecordTable(
            BATCH_COLUMNS, key=lambda b: b.id, empty_text="No imports yet", id="batches"
        )
        yield Static(
            Text("u undoes the highlighted batch · later batches must be undone first"),
            classes="hint",
        )

    @property
    def table(self) -> RecordTable[BatchInfo]:
        return self.query_one("#batches", RecordTable)

    @service_work(group="import.batches")
    def load(self, code: str) -> None:
        from coursekit.services.importing.imports import list_batches

        batches = list_batches(course_app(self).ctx, code)
        deliver(self.app, self.table.set_records, batches)

    def action_undo(self) -> None:
        batch = self.table.cursor_record
        if batch is None:
            self.notify("No import highlighted", severity="warning")
        elif batch.undone:
            self.notify(f"Batch {batch.id} is already undone", severity="warning")
        else:
            self.post_message(self.UndoRequested(batch))
