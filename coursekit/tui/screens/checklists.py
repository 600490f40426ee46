"""Checklists: every active student's export checklist — done / open / blocking / overdue, days
left, who has not handed in a template — most urgent first. Enter opens the student; ``a``
attaches a template (file picker) for the highlighted student.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import Select

from coursekit.tui.commands import PaletteCommand
from coursekit.tui.screens.checklist_rows import COLUMNS, SHOW, Row, search_text, urgency
from coursekit.tui.screens.filtered_table import (
    FilteredTableScreen,
    filter_bindings,
    reload_binding,
)
from coursekit.tui.screens.student_tabs.checklist import ChecklistTab
from coursekit.tui.screens.template_attach import TemplateAttacher
from coursekit.tui.widgets.record_table import RecordTable
from coursekit.tui.workers import deliver, service_work


class ChecklistsScreen(TemplateAttacher, FilteredTableScreen):
    TITLE = "Checklists"
    CSS_PATH = "checklists.tcss"
    TABLE_ID = "checklists"
    FILTER_HINT = "/ to filter by name, id, section, template"
    BINDINGS: ClassVar[list[BindingType]] = [
        *filter_bindings("checklists", "Filter by name, id, section or template file"),
        Binding(
            "a",
            "attach",
            "Attach template",
            id="checklists.attach",
            tooltip="Attach a CloudFormation template for the highlighted student",
        ),
        Binding(
            "f",
            "cycle_show",
            "Show…",
            id="checklists.show",
            tooltip="Cycle: every student, no template, blocking, overdue, open, closed",
        ),
        reload_binding("checklists", "Read the checklists again"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[Row] = []
        self.show_key = "all"

    def compose_filter(self) -> ComposeResult:
        with Horizontal(id="checklist-bar"):
            yield from super().compose_filter()
            yield Select(
                [(f"show: {label}", key) for key, (label, _) in SHOW.items()],
                value="all",
                allow_blank=False,
                id="show",
            )

    def compose_table(self) -> ComposeResult:
        yield self.make_table(COLUMNS)

    def search_of(self, record: Row) -> str:
        return search_text(record)

    # ------------------------------------------------------------ loading

    def load_course(self, code: str) -> None:
        self._course = code  # (no "Loading…" status: the previous counts stay until replaced)
        self.load(code)

    @service_work(group="checklists.load")
    def load(self, code: str) -> None:
        from coursekit.services.checklists import class_checklists

        rows = class_checklists(self.ctx, code, today=self.ck.today())
        deliver(self.app, self.show, code, rows)

    def show(self, code: str, rows: list[Row]) -> None:
        if code != self.ck.course_code:
            return
        self.rows = sorted(rows, key=urgency)  # stable: the service's name order within a tie
        self._apply_show()

    def _apply_show(self) -> None:
        keep = SHOW[self.show_key][1]
        self.table.set_records([r for r in self.rows if keep(r)])

    # ------------------------------------------------------------ show, status

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "show" and isinstance(event.value, str):
            event.stop()
            if event.value != self.show_key:
                self.show_key = event.value
                self._apply_show()

    def action_cycle_show(self) -> None:
        keys = list(SHOW)
        self._set_show(keys[(keys.index(self.show_key) + 1) % len(keys)])

    def _set_show(self, key: str) -> None:
        self.query_one("#show", Select).value = key  # posts Changed → _apply_show

    def empty_message(self, table: RecordTable[Row]) -> str:
        if self.rows:
            return "No student matches (esc clears the filter, f changes what is shown)"
        return f"No active students in {self._course} yet"

    def status_line(self, table: RecordTable[Row]) -> list[str]:
        rows = self.rows
        handed = sum(r.handed_in for r in rows)
        parts = [
            f"{table.row_count} of {len(rows)} students ({SHOW[self.show_key][0]})",
            f"{handed} handed in, {len(rows) - handed} missing",
            f"{sum(r.blocking > 0 for r in rows)} with blocking",
            f"{sum(r.overdue > 0 for r in rows)} overdue",
        ]
        if rows:
            days = rows[0].days_left
            parts.append(f"accounts close in {days} days" if days >= 0 else "accounts are closed")
        return parts

    # ------------------------------------------------------------ actions

    async def on_record_table_selected(self, event: RecordTable.Selected) -> None:
        """Open the student on the Checklist tab."""
        from textual.widgets import TabbedContent

        from coursekit.tui.screens.student import StudentScreen

        event.stop()
        screen = StudentScreen(event.record.enrollment_id)
        await self.app.push_screen(screen)
        screen.query_one(TabbedContent).active = f"pane-{ChecklistTab.TAB_ID}"

    def action_attach(self) -> None:
        row = self.table.cursor_record
        if row is None or not self._course:
            self.notify("No student highlighted", severity="warning")
            return
        self.ask_template(self._course, row.student_id, row.name)

    # ------------------------------------------------------------ palette

    def palette_commands(self) -> Iterable[PaletteCommand]:
        for key, (label, _) in SHOW.items():
            yield PaletteCommand(
                f"Checklists: show {label}",
                "Which students the table lists",
                partial(self._set_show, key),
            )
