"""Step 3 of the import wizard: apply the previewed plan, show the batch, undo it.

A mixin of ``ImportScreen`` (see ``import_wizard.py``); undo also serves the Past imports tab
(``BatchList.UndoRequested``). Apply and undo run in workers with the progress line; a refusal
(errors, stale plan, later batches) is the service's one-line message.
"""

from __future__ import annotations

from functools import partial

from rich.text import Text
from textual.widgets import Button, Static

from coursekit.domain.imports import BatchInfo, ImportPlan
from coursekit.services.context import ServiceError
from coursekit.tui.heap import release_gc
from coursekit.tui.hints import error_text
from coursekit.tui.screens.import_base import ImportBase
from coursekit.tui.screens.import_batches import BatchList, batch_line
from coursekit.tui.text import clean
from coursekit.tui.widgets.progress_line import Callback, ProgressLine
from coursekit.tui.workers import deliver, service_work


class ApplyStep(ImportBase):
    def action_apply(self) -> None:
        preview = self._preview()
        if self.plan is None or preview is None or not preview.can_apply or self.busy:
            return
        plan = self.plan
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
                self._drop_confirmed,
            )
            return
        self._start_apply()

    def _drop_confirmed(self, confirmed: bool | None) -> None:
        if confirmed:
            self._start_apply()

    def _start_apply(self) -> None:
        if self.plan is None:
            return
        self.query_one("#apply", Button).disabled = True
        line = self.query_one(ProgressLine)
        line.start(f"Importing {self.plan.file_name}…")
        self.apply(self.plan, self.force, line.callback())

    @service_work(group="import.apply")
    def apply(self, plan: ImportPlan, force: bool, progress: Callback) -> None:
        from coursekit.services.importing.imports import apply_import

        try:
            batch = apply_import(self.ctx, plan, force=force, progress=progress)
        except ServiceError as exc:
            deliver(self.app, self._apply_failed, error_text(exc))
            return
        deliver(self.app, self._applied, batch)

    def _apply_failed(self, message: str) -> None:
        self._failed(message)
        preview = self._preview()
        if preview is not None:
            self.query_one("#apply", Button).disabled = not preview.can_apply

    async def _applied(self, batch: BatchInfo) -> None:
        self.query_one(ProgressLine).finish()
        self.last_batch, self.plan = batch, None
        self._show_batch(batch)
        self.show_step("step-done")
        await self.query_one("#step-preview").remove_children()  # the plan goes with it
        release_gc()
        self.set_focus(self.query_one("#undo-batch", Button))
        self.notify(
            f"Imported batch {batch.id}: {clean(batch.file_name)}", title="Import", markup=False
        )
        self.ck.data_changed()

    def _show_batch(self, batch: BatchInfo) -> None:
        self.query_one("#batch-info", Static).update(batch_line(batch))
        self.query_one("#undo-batch", Button).disabled = batch.undone

    def action_undo_last(self) -> None:
        if self.last_batch is not None and not self.last_batch.undone:
            self._confirm_undo(self.last_batch)

    def on_batch_list_undo_requested(self, event: BatchList.UndoRequested) -> None:
        event.stop()
        self._confirm_undo(event.batch)

    def _confirm_undo(self, batch: BatchInfo) -> None:
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
            self.query_one(ProgressLine).start(f"Undoing batch {batch_id}…")
            self.undo(batch_id)

    @service_work(group="import.undo")
    def undo(self, batch_id: int) -> None:
        from coursekit.services.importing.imports import undo_batch

        try:
            info = undo_batch(self.ctx, batch_id)
        except ServiceError as exc:
            deliver(self.app, self._failed, error_text(exc))
            return
        deliver(self.app, self._undone, info)

    def _undone(self, info: BatchInfo) -> None:
        self.query_one(ProgressLine).finish()
        if self.last_batch is not None and self.last_batch.id == info.id:
            self.last_batch = info
            self._show_batch(info)
        self.notify(f"Undid batch {info.id}", title="Import")
        self.ck.data_changed()
