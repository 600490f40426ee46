"""Step 2 of the import wizard: plan the import in a worker and show the preview; map a
column (``m`` / Enter on the Columns table) or tick "drop missing", and it is planned again.

A mixin of ``ImportScreen`` (see ``import_wizard.py``).
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Any

from textual.widgets import Checkbox, Select

from coursekit.domain.enums import ImportKind
from coursekit.domain.imports import ImportPlan
from coursekit.services.context import ServiceError
from coursekit.tui.heap import frozen_result
from coursekit.tui.hints import error_text
from coursekit.tui.screens.import_base import ImportBase
from coursekit.tui.screens.import_mapping import AUTOMATIC, MapColumnScreen
from coursekit.tui.screens.import_preview import ImportPreview
from coursekit.tui.screens.import_tables import Section, preview_sections
from coursekit.tui.widgets.file_picker import FilePicker
from coursekit.tui.widgets.progress_line import Callback, ProgressLine
from coursekit.tui.workers import deliver, service_work


class PreviewStep(ImportBase):
    def action_preview(self) -> None:
        if self.busy:
            return
        path = self.picker.current_path() or self.path
        if path is None:
            self.notify("Choose a file first", severity="warning")
            self.picker.file_tree.focus()
            return
        if path != self.path:  # typed but not entered: look at it first (kind, sheets)
            self.post_message(FilePicker.Chosen(self.picker, path))
            return
        kind = self._kind()
        if kind is None:
            self.notify("Choose the kind of file first", severity="warning")
            self.set_focus(self.query_one("#kind", Select))
            return
        self._error("")
        line = self.query_one(ProgressLine)
        line.start(f"Reading {path.name}…")
        mapping = dict(self.mapping)
        settle = (dict(self.links), tuple(sorted(self.new_rows)))
        self.plan_file(path, kind, mapping, self.sheet, self.drop_missing, line.callback(), settle)

    @service_work(group="import.plan")
    def plan_file(
        self,
        path: Path,
        kind: ImportKind,
        mapping: dict[str, str],
        sheet: str | None,
        drop_missing: bool,
        progress: Callback,
        settle: tuple[dict[int, str], tuple[int, ...]] = ({}, ()),
    ) -> None:
        from coursekit.services.importing.imports import plan_import

        try:
            with frozen_result():  # no collector pass over the plan on the UI thread
                plan = plan_import(
                    self.ctx,
                    kind,
                    path,
                    course=self._course,
                    mapping=mapping or None,
                    sheet=sheet,
                    progress=progress,
                    drop_missing=drop_missing,
                    links=settle[0],
                    new_rows=settle[1],
                )
                sections = preview_sections(plan)
        except ServiceError as exc:
            deliver(self.app, self._failed, error_text(exc))
            return
        deliver(self.app, self._planned, plan, sections)

    async def _planned(self, plan: ImportPlan, sections: tuple[Section, ...]) -> None:
        self.query_one(ProgressLine).finish()
        if plan.course_code != self._course:
            return
        self.plan = plan
        holder = self.query_one("#step-preview")
        await holder.remove_children()
        preview = ImportPreview(plan, sections, sheet=self.sheet, force=self.force)
        await holder.mount(preview)
        self.show_step("step-preview")
        preview.focus_table()

    def on_import_preview_map_requested(self, event: ImportPreview.MapRequested) -> None:
        event.stop()
        self._map(event.column)

    def on_import_preview_decision_requested(self, event: ImportPreview.DecisionRequested) -> None:
        event.stop()
        from coursekit.tui.screens.import_decision import DecisionScreen

        row = event.decision.row
        self.app.push_screen(DecisionScreen(event.decision), partial(self._decided, row))

    def _decided(self, row: int, choice: tuple[str, str] | None) -> None:
        if choice is None:
            return
        how, student_id = choice
        self.links.pop(row, None)
        self.new_rows.discard(row)
        if how == "link":
            self.links[row] = student_id
        else:
            self.new_rows.add(row)
        self.action_preview()

    def action_map_column(self) -> None:
        """First press: show the Columns table (cursor on the first column not recognised);
        on that table: map the highlighted column."""
        preview = self._preview()
        if preview is None:
            return
        if not preview.show_columns():
            column = preview.table("columns").cursor_record
            if column is not None:
                self._map(column)

    def _map(self, column: Any) -> None:
        if self.plan is None:
            return
        current = self.mapping.get(column.header.strip())
        screen = MapColumnScreen(self.plan.kind, column, current, self.assessments)
        self.app.push_screen(screen, partial(self._mapped, column.header.strip()))

    def _mapped(self, header: str, target: str | None) -> None:
        if target is None:
            return
        if target == AUTOMATIC:
            self.mapping.pop(header, None)
        else:
            self.mapping[header] = target
        self.action_preview()

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        event.stop()
        if event.checkbox.id == "drop-missing" and event.value != self.drop_missing:
            self.drop_missing = event.value
            self.action_preview()
        elif event.checkbox.id == "force":
            self.force = event.value
