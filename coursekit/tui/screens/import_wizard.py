"""The import wizard: pick a file → kind (detected) and sheet → preview (map columns) →
apply → the batch, with Undo. A second tab lists past imports (undo any of them).

The screen composes three step widgets (``import_pick_step``, ``import_preview_step``,
``import_apply_step``), each owning its state and UI, and routes what they post
(``import_messages``): which step shows, the progress line, the next step's call. Every service
call runs in a step's thread worker (``inspect_file``, ``plan_import``, ``apply_import``,
``undo_batch``), so the UI never freezes. A file that cannot be read shows the service's
one-line error, on screen and as a notification.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Button, ContentSwitcher, Footer, Header, TabbedContent, TabPane

from coursekit.tui.commands import PaletteCommand
from coursekit.tui.heap import release_gc
from coursekit.tui.screens.base import CourseScreen
from coursekit.tui.screens.import_apply_step import ApplyStep
from coursekit.tui.screens.import_batches import BatchList
from coursekit.tui.screens.import_messages import (
    ApplyStarted,
    BatchApplied,
    BatchUndone,
    DecisionSettled,
    DropMissingChanged,
    FileInspected,
    MappingChanged,
    PlanReady,
    SourceChanged,
    StepFailed,
)
from coursekit.tui.screens.import_pick_step import PickStep
from coursekit.tui.screens.import_preview_step import PreviewStep
from coursekit.tui.text import clean
from coursekit.tui.widgets.progress_line import ProgressLine
from coursekit.tui.workers import deliver, service_work


class ImportScreen(CourseScreen):
    TITLE = "Import"
    CSS_PATH = "import_wizard.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "ctrl+s",
            "preview",
            "Preview",
            id="import.preview",
            tooltip="Read the file and show what the import would change",
        ),
        Binding(
            "ctrl+s",
            "apply",
            "Apply",
            id="import.apply",
            tooltip="Apply the previewed import in one transaction",
        ),
        Binding(
            "m",
            "map_column",
            "Map column",
            id="import.map",
            tooltip="Map the highlighted column of the file to a field or assessment",
        ),
        Binding("u", "undo_last", "Undo", id="import.undo", tooltip="Undo the import just applied"),
        Binding(
            "escape",
            "back",
            "Back",
            key_display="esc",
            id="import.back",
            tooltip="Back to choosing the file",
        ),
        Binding(
            "ctrl+r",
            "reload",
            "Reload",
            show=False,
            id="import.reload",
            tooltip="Read the list of past imports again",
        ),
    ]

    def __init__(self, start: Path | None = None) -> None:
        super().__init__()
        self.start = start or Path.cwd()
        self._course: str | None = None

    # ------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        progress = ProgressLine(id="progress")
        yield Header()
        with TabbedContent(id="import-tabs"):
            with (
                TabPane("New import", id="tab-new"),
                ContentSwitcher(initial="step-pick", id="steps"),
            ):
                yield PickStep(self.start, id="step-pick")
                yield PreviewStep(id="step-preview")
                yield ApplyStep(progress, id="step-done")
            with TabPane("Past imports", id="tab-batches"):
                yield BatchList(id="batch-list")
        yield progress
        yield Footer()

    @property
    def pick_step(self) -> PickStep:
        return self.query_one(PickStep)

    @property
    def preview_step(self) -> PreviewStep:
        return self.query_one(PreviewStep)

    @property
    def apply_step(self) -> ApplyStep:
        return self.query_one(ApplyStep)

    @property
    def progress(self) -> ProgressLine:
        return self.query_one(ProgressLine)

    @property
    def busy(self) -> bool:
        return self.progress.busy

    @property
    def step(self) -> str:
        return self.query_one("#steps", ContentSwitcher).current or "step-pick"

    def show_step(self, step: str) -> None:
        self.query_one("#steps", ContentSwitcher).current = step
        self.query_one("#import-tabs", TabbedContent).active = "tab-new"
        self.refresh_bindings()

    def on_mount(self) -> None:
        self.pick_step.picker.file_tree.focus()

    # ------------------------------------------------------------ course

    def load_course(self, code: str) -> None:
        if code != self._course:
            self._course = code
            self.reset()
        self.query_one(BatchList).load(code)
        self.load_assessments(code)

    @service_work(group="import.assessments")
    def load_assessments(self, code: str) -> None:
        from coursekit.services.courses import course_syllabus

        syllabus = course_syllabus(self.ctx, code)
        pairs = [(a.key, a.title) for a in syllabus.assessments]
        deliver(self.app, self._assessments_loaded, pairs)

    def _assessments_loaded(self, assessments: list[tuple[str, str]]) -> None:
        self.preview_step.assessments = assessments

    def reset(self) -> None:
        """Back to an empty first step (a course switch makes any plan stale)."""
        self.preview_step.course = self._course
        self.preview_step.forget("all")
        self.preview_step.clear()
        self.apply_step.last_batch = None
        self.progress.finish()  # a plan still running is for the course shown before
        release_gc()
        self.show_step("step-pick")

    def action_reload(self) -> None:
        if self._course:
            self.query_one(BatchList).load(self._course)

    # ------------------------------------------------------------ the steps' messages

    def on_source_changed(self, event: SourceChanged) -> None:
        self.preview_step.forget(event.what)

    def on_file_inspected(self, event: FileInspected) -> None:
        if event.ready:
            self.action_preview()

    @on(MappingChanged)
    @on(DecisionSettled)
    @on(DropMissingChanged)
    def _plan_again(self) -> None:
        self.action_preview()

    def on_plan_ready(self, event: PlanReady) -> None:
        self.progress.finish()
        self.show_step("step-preview")
        preview = self.preview_step.preview
        if preview is not None:
            preview.focus_table()

    def on_apply_started(self, event: ApplyStarted) -> None:
        self.preview_step.hold_apply()

    async def on_batch_applied(self, event: BatchApplied) -> None:
        batch = event.batch
        self.show_step("step-done")
        await self.preview_step.clear()  # the plan goes with it
        release_gc()
        self.set_focus(self.query_one("#undo-batch", Button))
        self.notify(
            f"Imported batch {batch.id}: {clean(batch.file_name)}", title="Import", markup=False
        )
        self.ck.data_changed()

    def on_batch_undone(self, event: BatchUndone) -> None:
        self.notify(f"Undid batch {event.batch.id}", title="Import")
        self.ck.data_changed()

    def on_step_failed(self, event: StepFailed) -> None:
        """A service refused (unreadable file, stale plan, …): one line, on screen and notified."""
        self.progress.finish()
        self.pick_step.show_error(event.message)
        self.notify(event.message, title="Import", severity="error", timeout=10, markup=False)
        if event.during == "apply":
            self.preview_step.allow_apply()
        if self.step == "step-done" and self.apply_step.last_batch is not None:
            return
        if self.step != "step-preview":
            self.show_step("step-pick")

    def on_batch_list_undo_requested(self, event: BatchList.UndoRequested) -> None:
        event.stop()
        self.apply_step.confirm_undo(event.batch)

    # ------------------------------------------------------------ actions

    def action_preview(self) -> None:
        if self.busy:
            return
        source = self.pick_step.source()
        if source is None:
            return
        self.pick_step.show_error("")
        self.progress.start(f"Reading {source.path.name}…")
        self.preview_step.plan_source(source, self.progress.callback())

    def action_apply(self) -> None:
        plan = self.preview_step.plan
        if plan is None or not self.preview_step.can_apply or self.busy:
            return
        self.apply_step.apply(plan, self.preview_step.force)

    def action_map_column(self) -> None:
        self.preview_step.map_column()

    def action_undo_last(self) -> None:
        batch = self.apply_step.last_batch
        if batch is not None and not batch.undone:
            self.apply_step.confirm_undo(batch)

    def action_back(self) -> None:
        self.show_step("step-pick")
        self.set_focus(self.pick_step.picker.file_tree)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        button = event.button.id
        if button == "preview-button":
            self.action_preview()
        elif button == "apply":
            self.action_apply()
        elif button == "back":
            self.action_back()
        elif button == "undo-batch":
            self.action_undo_last()
        elif button == "new-import":
            self._new_import()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        step = self.step
        on_new = self.query_one("#import-tabs", TabbedContent).active == "tab-new"
        if action == "preview":
            return on_new and step == "step-pick"
        if action == "apply":
            return on_new and step == "step-preview" and self.preview_step.can_apply
        if action == "map_column":
            return on_new and step == "step-preview"
        if action == "undo_last":
            return on_new and step == "step-done" and self.apply_step.last_batch is not None
        if action == "back":
            return on_new and step != "step-pick"
        return True

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        self.refresh_bindings()

    def palette_commands(self) -> Iterable[PaletteCommand]:
        yield PaletteCommand(
            "Past imports", "List the course's import batches (undo one)", self._show_batches
        )
        yield PaletteCommand("New import", "Choose a file to import", self._new_import)

    def _show_batches(self) -> None:
        self.query_one("#import-tabs", TabbedContent).active = "tab-batches"
        self.set_focus(self.query_one(BatchList).table)
        self.refresh_bindings()

    def _new_import(self) -> None:
        self.apply_step.last_batch = None
        self.action_back()
