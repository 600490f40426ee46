"""The state and helpers the import wizard's steps share (``ImportScreen`` = the steps'
mixins over this base): the chosen file, kind, sheet and mapping, the plan being previewed, the
batch just applied, which step shows, and the one-line error display.
"""

from __future__ import annotations

from pathlib import Path

from textual.widgets import ContentSwitcher, Select, Static, TabbedContent

from coursekit.domain.enums import ImportKind
from coursekit.domain.imports import BatchInfo, ImportPlan
from coursekit.tui.screens.base import CourseScreen
from coursekit.tui.screens.import_preview import ImportPreview
from coursekit.tui.text import literal
from coursekit.tui.widgets.file_picker import FilePicker
from coursekit.tui.widgets.progress_line import ProgressLine


class ImportBase(CourseScreen):
    def __init__(self, start: Path | None = None) -> None:
        super().__init__()
        self.start = start or Path.cwd()
        self._course: str | None = None
        self.path: Path | None = None
        self.sheet: str | None = None
        self.mapping: dict[str, str] = {}
        self.drop_missing = False
        self.links: dict[int, str] = {}  # settled decisions: file row -> student id
        self.new_rows: set[int] = set()  # settled decisions: file rows that are new students
        self.force = False
        self.plan: ImportPlan | None = None
        self.last_batch: BatchInfo | None = None
        self.assessments: list[tuple[str, str]] = []

    @property
    def picker(self) -> FilePicker:
        return self.query_one("#picker", FilePicker)

    @property
    def step(self) -> str:
        return self.query_one("#steps", ContentSwitcher).current or "step-pick"

    def show_step(self, step: str) -> None:
        self.query_one("#steps", ContentSwitcher).current = step
        self.query_one("#import-tabs", TabbedContent).active = "tab-new"
        self.refresh_bindings()

    @property
    def busy(self) -> bool:
        return self.query_one(ProgressLine).busy

    def action_back(self) -> None:
        self.show_step("step-pick")
        self.set_focus(self.picker.file_tree)

    def _kind(self) -> ImportKind | None:
        value = self.query_one("#kind", Select).value
        return ImportKind(value) if isinstance(value, str) else None

    def _error(self, message: str) -> None:
        self.query_one("#pick-error", Static).update(literal(message, "bold red"))

    def _failed(self, message: str) -> None:
        """A service refused (unreadable file, stale plan, …): one line, on screen and notified."""
        self.query_one(ProgressLine).finish()
        self._error(message)
        self.notify(message, title="Import", severity="error", timeout=10, markup=False)
        if self.step == "step-done" and self.last_batch is not None:
            return
        if self.step != "step-preview":
            self.show_step("step-pick")

    def _preview(self) -> ImportPreview | None:
        found = self.query("#preview").results(ImportPreview)
        return next(iter(found), None)

    # Implemented by the step mixins (import_preview_step, import_apply_step).
    def action_preview(self) -> None:
        raise NotImplementedError

    def action_apply(self) -> None:
        raise NotImplementedError

    def action_undo_last(self) -> None:
        raise NotImplementedError
