"""The preview step of the import wizard: counts, one table per kind of change, the verdict.

Built from an ``ImportPlan`` and its ``Section`` tables (prepared in the worker); every table is
a virtualised ``RecordTable``, so a 10,000-student gradebook previews as fast as a small one.
Enter on a row of the Columns table asks to map that column (``MapRequested``).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from typing import Any

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Button, Checkbox, Static, TabbedContent, TabPane

from coursekit.domain.enums import ImportKind
from coursekit.domain.imports import ColumnMatch, Decision, ImportPlan
from coursekit.tui.screens.import_tables import Section, first_section, summary, verdict
from coursekit.tui.widgets.record_table import RecordTable

_KEYS: dict[str, Callable[[Any], Hashable]] = {
    "columns": lambda c: c.index,
    "decisions": lambda d: d.row,
}


class ImportPreview(Vertical):
    # Styles: screens/import_wizard.tcss (shown only on the import screen).

    class MapRequested(Message):
        """The user wants to map this column of the file."""

        def __init__(self, column: ColumnMatch) -> None:
            super().__init__()
            self.column = column

    def __init__(
        self,
        plan: ImportPlan,
        sections: Sequence[Section],
        *,
        sheet: str | None = None,
        force: bool = False,
    ) -> None:
        super().__init__(id="preview")
        self.plan = plan
        self.sections = tuple(sections)
        self.sheet = sheet
        self.force = force

    class DecisionRequested(Message):
        """The user wants to settle this decision (which student the row is)."""

        def __init__(self, decision: Decision) -> None:
            super().__init__()
            self.decision = decision

    @property
    def can_apply(self) -> bool:
        plan = self.plan
        return not plan.has_errors and not plan.decisions and not plan.is_empty

    def compose(self) -> ComposeResult:
        plan = self.plan
        yield Static(summary(plan, self.sheet), id="preview-summary")
        with TabbedContent(id="preview-tabs", initial=f"sec-{first_section(plan, self.sections)}"):
            for section in self.sections:
                with TabPane(section.label, id=f"sec-{section.id}"):
                    yield RecordTable(
                        section.columns,
                        key=_KEYS.get(section.id, id),
                        id=f"table-{section.id}",
                        empty_text=section.empty,
                        selectable=section.id in ("columns", "decisions"),
                    )
        yield Static(verdict(plan), id="preview-verdict")
        with Horizontal(classes="options"):
            if plan.kind == ImportKind.ROSTER:
                yield Checkbox(
                    "Drop students missing from the file", plan.drop_missing, id="drop-missing"
                )
            if plan.stale or plan.edited:
                yield Checkbox(
                    f"Let the file win over {len(plan.stale) + len(plan.edited)} newer edit(s)",
                    self.force,
                    id="force",
                )
        with Horizontal(classes="buttons"):
            yield Button("Apply", variant="primary", id="apply", disabled=not self.can_apply)
            yield Button("Back", id="back")

    def on_mount(self) -> None:
        for section in self.sections:
            self.query_one(f"#table-{section.id}", RecordTable).set_records(section.records)

    def focus_table(self) -> None:
        tabs = self.query_one(TabbedContent)
        pane = tabs.get_pane(tabs.active) if tabs.active else None
        if pane is not None:
            self.screen.set_focus(pane.query_one(RecordTable))

    def show_columns(self) -> bool:
        """Switch to the Columns tab, cursor on the first column that was not recognised;
        ``False`` when it was already showing (with the focus)."""
        tabs = self.query_one(TabbedContent)
        table = self.table("columns")
        if tabs.active == "sec-columns" and table.has_focus:
            return False
        if tabs.active != "sec-columns":
            tabs.active = "sec-columns"
            unknown = next((c for c in self.plan.columns if c.how in ("unknown", "fuzzy")), None)
            if unknown is not None:
                table.move_to_key(unknown.index)
        self.screen.set_focus(table)
        return True

    def table(self, section_id: str) -> RecordTable[Any]:
        return self.query_one(f"#table-{section_id}", RecordTable)

    def on_record_table_selected(self, event: RecordTable.Selected) -> None:
        if event.table.id == "table-columns":
            event.stop()
            self.post_message(self.MapRequested(event.record))
        elif event.table.id == "table-decisions":
            event.stop()
            self.post_message(self.DecisionRequested(event.record))
