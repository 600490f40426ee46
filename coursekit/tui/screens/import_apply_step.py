"""Step 3 of the import wizard: apply the previewed plan, show the batch, undo it.

A widget that owns the batch just applied. ``apply(plan, force)`` asks first when students
would be dropped, then runs ``apply_import`` in a worker and posts ``BatchApplied``;
``confirm_undo(batch)`` (the batch just applied, or one of the Past imports tab) runs
``undo_batch`` and posts ``BatchUndone``. A refusal (errors, stale plan, later batches) is the
service's one-line message in ``StepFailed``. It is handed the screen's progress line (the
preview step gets only a callback per plan): the line starts only once a confirmation is given.
"""

from __future__ import annotations

from functools import partial

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from coursekit.domain.imports import BatchInfo, ImportPlan
from coursekit.services.context import ServiceError
from coursekit.tui.app_access import course_app
from coursekit.tui.hints import error_text
from coursekit.tui.screens.import_batches import batch_line
from coursekit.tui.screens.import_messages import (
    ApplyStarted,
    BatchApplied,
    BatchUndone,
    StepFailed,
)
from coursekit.tui.widgets.progress_line import ProgressLine
from coursekit.tui.workers import deliver, service_work


class ApplyStep(Vertical):
    def __init__(self, progress: ProgressLine, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.progress = progress
        self.last_batch: BatchInfo | None = None

    def compose(self) -> ComposeResult:
        yield Static("", id="batch-info")
        with Horizontal(classes="buttons"):
            yield Button("Undo this import", variant="error", id="undo-batch")
            yield Button("Import another file", id="new-import")

    # ------------------------------------------------------------ apply

    def apply(self, plan: ImportPlan, force: bool) -> None:
        if plan.drop_missing and plan.students_missing:
            from coursekit.tui.screens.confirm import ConfirmScreen

            count = len(plan.students_missing)
            question = Text.assemble(
                (f"Drop {count} student(s) missing from {plan.file_name}?", "bold"),
                "\n\nTheir enrollment becomes 'dropped' (undo the import to bring them back):\n",
                Text(", ".join(c.name for c in plan.students_missing[:20])),
                f" … and {count - 20} more" if count > 20 else "",
            )
            self.app.push_screen(
                ConfirmScreen(question, confirm_label=f"Drop {count}", title="Drop students"),
                partial(self._drop_confirmed, plan, force),
            )
            return
        self._start_apply(plan, force)

    def _drop_confirmed(self, plan: ImportPlan, force: bool, confirmed: bool | None) -> None:
        if confirmed:
            self._start_apply(plan, force)

    def _start_apply(self, plan: ImportPlan, force: bool) -> None:
        self.post_message(ApplyStarted())
        self.progress.start(f"Importing {plan.file_name}…")
        self._apply(plan, force)

    @service_work(group="import.apply")
    def _apply(self, plan: ImportPlan, force: bool) -> None:
        from coursekit.services.importing.imports import apply_import

        progress = self.progress.callback()
        try:
            batch = apply_import(course_app(self).ctx, plan, force=force, progress=progress)
        except ServiceError as exc:
            deliver(self.app, self.post_message, StepFailed(error_text(exc), during="apply"))
            return
        deliver(self.app, self._applied, batch)

    def _applied(self, batch: BatchInfo) -> None:
        self.progress.finish()
        self.last_batch = batch
        self._show_batch(batch)
        self.post_message(BatchApplied(batch))

    def _show_batch(self, batch: BatchInfo) -> None:
        self.query_one("#batch-info", Static).update(batch_line(batch))
        self.query_one("#undo-batch", Button).disabled = batch.undone

    # ------------------------------------------------------------ undo

    def confirm_undo(self, batch: BatchInfo) -> None:
        from coursekit.tui.screens.confirm import ConfirmScreen

        question = Text.assemble(
            batch_line(batch),
            "\n\nUndo it? Rows it created are deleted and changed fields get their old values.",
        )
        self.app.push_screen(
            ConfirmScreen(question, confirm_label="Undo", title="Undo import"),
            partial(self._undo_confirmed, batch.id),
        )

    def _undo_confirmed(self, batch_id: int, confirmed: bool | None) -> None:
        if confirmed:
            self.progress.start(f"Undoing batch {batch_id}…")
            self._undo(batch_id)

    @service_work(group="import.undo")
    def _undo(self, batch_id: int) -> None:
        from coursekit.services.importing.imports import undo_batch

        try:
            info = undo_batch(course_app(self).ctx, batch_id)
        except ServiceError as exc:
            deliver(self.app, self.post_message, StepFailed(error_text(exc), during="undo"))
            return
        deliver(self.app, self._undone, info)

    def _undone(self, info: BatchInfo) -> None:
        self.progress.finish()
        if self.last_batch is not None and self.last_batch.id == info.id:
            self.last_batch = info
            self._show_batch(info)
        self.post_message(BatchUndone(info))
