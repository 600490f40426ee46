"""Step 1 of the import wizard: the file (tree or typed path), its kind and its sheet.

A mixin of ``ImportScreen`` (see ``import_wizard.py``): choosing a file runs ``inspect_file`` in
a worker — kind detected from the header, worksheets of a workbook listed — and, when nothing is
left to ask, goes straight on to the preview.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rich.text import Text
from textual.widgets import Select, Static

from coursekit.services.context import ServiceError
from coursekit.tui.hints import error_text
from coursekit.tui.screens.import_base import ImportBase
from coursekit.tui.text import clean, literal
from coursekit.tui.widgets.file_picker import FilePicker
from coursekit.tui.workers import deliver, service_work


class PickStep(ImportBase):
    def on_file_picker_chosen(self, event: FilePicker.Chosen) -> None:
        event.stop()
        if event.path != self.path:
            self.mapping, self.sheet, self.drop_missing, self.force = {}, None, False, False
            self.links, self.new_rows = {}, set()
        self.path = event.path
        self._error("")
        self.inspect(event.path, None, auto=True)

    @service_work(group="import.inspect")
    def inspect(self, path: Path, sheet: str | None, *, auto: bool) -> None:
        from coursekit.services.importing.import_files import inspect_file

        try:
            facts = inspect_file(self.ctx, path, sheet=sheet)
        except ServiceError as exc:
            deliver(self.app, self._failed, error_text(exc))
            return
        deliver(self.app, self._inspected, facts, auto)

    def _inspected(self, facts: Any, auto: bool) -> None:
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
        if not auto:
            return
        if facts.kind is None:
            self.set_focus(kind_select)
            self.notify("Choose the kind of file, then ctrl+s", severity="warning")
        elif len(facts.sheets) > 1:
            self.set_focus(sheets)
            self.notify(
                f"{len(facts.sheets)} worksheets: {clean(self.sheet)} looks like a "
                f"{facts.kind.value}; ctrl+s previews it, or choose another sheet",
                markup=False,
            )
        else:
            self.action_preview()

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "kind":
            self.mapping = {}  # a mapping is specific to the kind
        elif (
            event.select.id == "sheet"
            and isinstance(event.value, str)
            and self.path is not None
            and event.value != self.sheet
            and not event.select.disabled
        ):
            self.sheet = event.value
            self.mapping = {}
            self.inspect(self.path, event.value, auto=False)
