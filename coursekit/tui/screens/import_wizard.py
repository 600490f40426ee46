"""The import wizard: pick a file → kind (detected) and sheet → preview (map columns) →
apply → the batch, with Undo. A second tab lists past imports (undo any of them).

Every service call runs in a thread worker (``inspect_file``, ``plan_import``, ``apply_import``,
``undo_batch``); long ones feed the ``ProgressLine`` through messages, so the UI never freezes.
A file that cannot be read shows the service's one-line error, on screen and as a notification.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import (
    Button,
    ContentSwitcher,
    Footer,
    Header,
    Label,
    Select,
    Static,
    TabbedContent,
    TabPane,
)

from coursekit.domain.enums import ImportKind
from coursekit.tui.commands import PaletteCommand
from coursekit.tui.heap import release_gc
from coursekit.tui.screens.import_apply_step import ApplyStep
from coursekit.tui.screens.import_batches import BatchList
from coursekit.tui.screens.import_pick_step import PickStep
from coursekit.tui.screens.import_preview_step import PreviewStep
from coursekit.tui.widgets.file_picker import SPREADSHEETS, FilePicker
from coursekit.tui.widgets.progress_line import ProgressLine
from coursekit.tui.workers import deliver, service_work

KIND_OPTIONS = [
    (kind.value.capitalize(), kind.value) for kind in ImportKind if kind != ImportKind.MERGE
]


class ImportScreen(PickStep, PreviewStep, ApplyStep):
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

    # ------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        yield Header()
        with TabbedContent(id="import-tabs"):
            with (
                TabPane("New import", id="tab-new"),
                ContentSwitcher(initial="step-pick", id="steps"),
            ):
                with Horizontal(id="step-pick"):
                    yield FilePicker(self.start, SPREADSHEETS, id="picker")
                    with Vertical(id="pick-options"):
                        yield Label("Kind of file")
                        yield Select(KIND_OPTIONS, prompt="choose the kind", id="kind")
                        yield Static("", id="detected", classes="hint")
                        yield Label("Worksheet")
                        yield Select([], prompt="(a csv has none)", id="sheet", disabled=True)
                        yield Static("", id="pick-error")
                        yield Button("Preview", variant="primary", id="preview-button")
                        yield Static(
                            Text("ctrl+s previews · enter on a file detects its kind"),
                            classes="hint",
                        )
                yield Vertical(id="step-preview")
                with Vertical(id="step-done"):
                    yield Static("", id="batch-info")
                    with Horizontal(classes="buttons"):
                        yield Button("Undo this import", variant="error", id="undo-batch")
                        yield Button("Import another file", id="new-import")
            with TabPane("Past imports", id="tab-batches"):
                yield BatchList(id="batch-list")
        yield ProgressLine(id="progress")
        yield Footer()

    def on_mount(self) -> None:
        self.picker.file_tree.focus()

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
        self.assessments = assessments

    def reset(self) -> None:
        """Back to an empty first step (a course switch makes any plan stale)."""
        self.plan = self.last_batch = None
        self.mapping, self.drop_missing, self.force = {}, False, False
        self.links, self.new_rows = {}, set()
        self.query_one("#step-preview").remove_children()
        release_gc()
        self.show_step("step-pick")

    def action_reload(self) -> None:
        if self._course:
            self.query_one(BatchList).load(self._course)

    # ------------------------------------------------------------ navigation

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
            preview = self._preview()
            return on_new and step == "step-preview" and preview is not None and preview.can_apply
        if action == "map_column":
            return on_new and step == "step-preview"
        if action == "undo_last":
            return on_new and step == "step-done" and self.last_batch is not None
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
        self.last_batch = None
        self.action_back()
