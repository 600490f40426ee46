"""Step 2 of the import wizard: plan the import in a worker and show the preview.

A widget that owns what a plan is made with besides the file: the column mapping (``m`` /
Enter on the Columns table), the settled decisions (Enter on the Decisions table), "drop
missing" and "let the file win". It posts ``PlanReady`` when the preview shows, and
``MappingChanged`` / ``DecisionSettled`` / ``DropMissingChanged`` when the screen should plan
again (``plan_source``).
"""

from __future__ import annotations

from functools import partial
from typing import Literal

from textual.await_remove import AwaitRemove
from textual.containers import Vertical
from textual.widgets import Checkbox

from coursekit.domain.enums import ImportKind
from coursekit.domain.imports import ColumnMatch, ImportPlan
from coursekit.services.context import ServiceError
from coursekit.tui.app_access import course_app
from coursekit.tui.heap import frozen_result
from coursekit.tui.hints import error_text
from coursekit.tui.screens.import_mapping import AUTOMATIC, MapColumnScreen
from coursekit.tui.screens.import_messages import (
    DecisionSettled,
    DropMissingChanged,
    MappingChanged,
    PlanReady,
    Source,
    StepFailed,
)
from coursekit.tui.screens.import_preview import ImportPreview
from coursekit.tui.screens.import_tables import Section, preview_sections
from coursekit.tui.widgets.progress_line import Callback
from coursekit.tui.workers import deliver, service_work


class PreviewStep(Vertical):
    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.course: str | None = None
        self.assessments: list[tuple[str, str]] = []  # (key, title): targets of a mapping
        self.plan: ImportPlan | None = None
        self.sheet: str | None = None
        self.mapping: dict[str, str] = {}
        self.drop_missing = False
        self.links: dict[int, str] = {}  # settled decisions: file row -> student id
        self.new_rows: set[int] = set()  # settled decisions: file rows that are new students
        self.force = False

    @property
    def preview(self) -> ImportPreview | None:
        return next(iter(self.query("#preview").results(ImportPreview)), None)

    @property
    def can_apply(self) -> bool:
        preview = self.preview
        return self.plan is not None and preview is not None and preview.can_apply

    def forget(self, what: Literal["file", "kind", "sheet", "all"]) -> None:
        """Another file, kind or sheet: its mapping (and, for another file, everything
        settled for the old one) no longer applies."""
        self.mapping = {}
        if what in ("file", "all"):
            self.drop_missing, self.force = False, False
            self.links, self.new_rows = {}, set()

    def clear(self) -> AwaitRemove:
        """The plan goes (applied, or made stale by a course switch) and its preview with it."""
        self.plan = None
        return self.remove_children()

    def allow_apply(self) -> None:
        """After a refused apply: the Apply button as the plan allows."""
        preview = self.preview
        if preview is not None:
            preview.query_one("#apply").disabled = not preview.can_apply

    def hold_apply(self) -> None:
        preview = self.preview
        if preview is not None:
            preview.query_one("#apply").disabled = True

    def plan_source(self, source: Source, progress: Callback) -> None:
        settle = (dict(self.links), tuple(sorted(self.new_rows)))
        self.sheet = source.sheet
        self._plan(source, self.course, dict(self.mapping), self.drop_missing, progress, settle)

    @service_work(group="import.plan")
    def _plan(
        self,
        source: Source,
        course: str | None,
        mapping: dict[str, str],
        drop_missing: bool,
        progress: Callback,
        settle: tuple[dict[int, str], tuple[int, ...]],
    ) -> None:
        from coursekit.services.importing.imports import plan_import

        try:
            with frozen_result():  # no collector pass over the plan on the UI thread
                plan = plan_import(
                    course_app(self).ctx,
                    source.kind,
                    source.path,
                    course=course,
                    mapping=mapping or None,
                    sheet=source.sheet,
                    progress=progress,
                    drop_missing=drop_missing,
                    links=settle[0],
                    new_rows=settle[1],
                )
                sections = preview_sections(plan)
        except ServiceError as exc:
            deliver(self.app, self.post_message, StepFailed(error_text(exc), during="plan"))
            return
        deliver(self.app, self._planned, plan, sections)

    async def _planned(self, plan: ImportPlan, sections: tuple[Section, ...]) -> None:
        if plan.course_code != self.course:
            return  # planned for the course shown before a switch
        self.plan = plan
        await self.remove_children()
        await self.mount(ImportPreview(plan, sections, sheet=self.sheet, force=self.force))
        self.post_message(PlanReady(plan))

    # ------------------------------------------------------------ mapping a column

    def map_column(self) -> None:
        """First press: show the Columns table (cursor on the first column not recognised);
        on that table: map the highlighted column."""
        preview = self.preview
        if preview is None:
            return
        if not preview.show_columns():
            column = preview.table("columns").cursor_record
            if column is not None:
                self._map(column)

    def on_import_preview_map_requested(self, event: ImportPreview.MapRequested) -> None:
        event.stop()
        self._map(event.column)

    def _map(self, column: ColumnMatch) -> None:
        if self.plan is None:
            return
        kind: ImportKind = self.plan.kind
        current = self.mapping.get(column.header.strip())
        screen = MapColumnScreen(kind, column, current, self.assessments)
        self.app.push_screen(screen, partial(self._mapped, column.header.strip()))

    def _mapped(self, header: str, target: str | None) -> None:
        if target is None:
            return
        if target == AUTOMATIC:
            self.mapping.pop(header, None)
        else:
            self.mapping[header] = target
        self.post_message(MappingChanged(header, self.mapping.get(header)))

    # ------------------------------------------------------------ decisions and options

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
        self.post_message(DecisionSettled(row, how, student_id))

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        event.stop()
        if event.checkbox.id == "drop-missing" and event.value != self.drop_missing:
            self.drop_missing = event.value
            self.post_message(DropMissingChanged(event.value))
        elif event.checkbox.id == "force":
            self.force = event.value
