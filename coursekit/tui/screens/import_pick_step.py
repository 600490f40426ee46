"""Step 1 of the import wizard: the file (tree or typed path), its kind and its sheet.

A widget that owns the chosen file and sheet: choosing a file runs ``inspect_file`` in a worker
(kind detected from the header, worksheets of a workbook listed) and posts ``FileInspected``,
``ready`` when nothing is left to ask; another file, kind or sheet posts ``SourceChanged``.
The screen asks ``source()`` for what to plan.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Label, Select, Static

from coursekit.domain.enums import ImportKind
from coursekit.services.context import ServiceError
from coursekit.tui.app_access import course_app
from coursekit.tui.hints import error_text
from coursekit.tui.screens.import_messages import FileInspected, Source, SourceChanged, StepFailed
from coursekit.tui.text import clean, literal
from coursekit.tui.widgets.file_picker import SPREADSHEETS, FilePicker
from coursekit.tui.workers import deliver, service_work

if TYPE_CHECKING:
    from coursekit.services.importing.import_files import FileFacts

KIND_OPTIONS = [
    (kind.value.capitalize(), kind.value) for kind in ImportKind if kind != ImportKind.MERGE
]


class PickStep(Horizontal):
    def __init__(self, start: Path, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.start = start
        self.path: Path | None = None
        self.sheet: str | None = None

    def compose(self) -> ComposeResult:
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

    @property
    def picker(self) -> FilePicker:
        return self.query_one("#picker", FilePicker)

    def kind(self) -> ImportKind | None:
        value = self.query_one("#kind", Select).value
        return ImportKind(value) if isinstance(value, str) else None

    def show_error(self, message: str) -> None:
        self.query_one("#pick-error", Static).update(literal(message, "bold red"))

    def source(self) -> Source | None:
        """What to plan; ``None`` (and the user told what is missing) when not yet known. A path
        typed but not entered is looked at first (kind, sheets)."""
        path = self.picker.current_path() or self.path
        if path is None:
            self.notify("Choose a file first", severity="warning")
            self.picker.file_tree.focus()
            return None
        if path != self.path:
            self.post_message(FilePicker.Chosen(self.picker, path))
            return None
        kind = self.kind()
        if kind is None:
            self.notify("Choose the kind of file first", severity="warning")
            self.screen.set_focus(self.query_one("#kind", Select))
            return None
        return Source(path, kind, self.sheet)

    def on_file_picker_chosen(self, event: FilePicker.Chosen) -> None:
        event.stop()
        if event.path != self.path:
            self.sheet = None
            self.post_message(SourceChanged("file"))
        self.path = event.path
        self.show_error("")
        self.inspect(event.path, None, auto=True)

    @service_work(group="import.inspect")
    def inspect(self, path: Path, sheet: str | None, *, auto: bool) -> None:
        from coursekit.services.importing.import_files import inspect_file

        try:
            facts = inspect_file(course_app(self).ctx, path, sheet=sheet)
        except ServiceError as exc:
            deliver(self.app, self.post_message, StepFailed(error_text(exc), during="inspect"))
            return
        deliver(self.app, self._inspected, facts, auto)

    def _inspected(self, facts: FileFacts, auto: bool) -> None:
        if facts.path != self.path:
            return  # another file was chosen meanwhile
        kind_select = self.query_one("#kind", Select)
        detected = self.query_one("#detected", Static)
        if facts.kind is not None:
            kind_select.value = facts.kind.value
            detected.update(Text(f"detected: {facts.kind.value} (change it if that is wrong)"))
        else:
            detected.update(Text("could not tell the kind from the header: choose it", "yellow"))
        sheets = self.query_one("#sheet", Select)
        if facts.sheets:
            self.sheet = facts.sheet or facts.sheets[0]  # before the Select announces it
            sheets.set_options([(literal(name), name) for name in facts.sheets])
            sheets.value = self.sheet
            sheets.disabled = len(facts.sheets) < 2
        else:
            self.sheet = None
            sheets.set_options([])
            sheets.disabled = True
        ready = auto and facts.kind is not None and len(facts.sheets) <= 1
        self.post_message(FileInspected(facts, ready=ready))
        if not auto or ready:
            return
        if facts.kind is None:
            self.screen.set_focus(kind_select)
            self.notify("Choose the kind of file, then ctrl+s", severity="warning")
        else:
            self.screen.set_focus(sheets)
            self.notify(
                f"{len(facts.sheets)} worksheets: {clean(self.sheet)} looks like a "
                f"{facts.kind.value}; ctrl+s previews it, or choose another sheet",
                markup=False,
            )

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "kind":
            self.post_message(SourceChanged("kind"))
        elif (
            event.select.id == "sheet"
            and isinstance(event.value, str)
            and self.path is not None
            and event.value != self.sheet
            and not event.select.disabled
        ):
            self.sheet = event.value
            self.post_message(SourceChanged("sheet"))
            self.inspect(self.path, event.value, auto=False)
