"""Checklists: every active student's export checklist — done / open / blocking / overdue, days
left, who has not handed in a template — most urgent first. Enter opens the student; ``a``
attaches a template (file picker) for the highlighted student.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import Footer, Header, Input, Select, Static

from coursekit.tui.commands import PaletteCommand
from coursekit.tui.screens.base import CourseScreen
from coursekit.tui.screens.checklist_rows import COLUMNS, SHOW, Row, search_text, urgency
from coursekit.tui.screens.student_tabs.checklist import ChecklistTab
from coursekit.tui.screens.template_attach import TemplateAttacher
from coursekit.tui.widgets.record_table import RecordTable
from coursekit.tui.workers import deliver, service_work


class ChecklistsScreen(TemplateAttacher, CourseScreen):
    TITLE = "Checklists"
    DEFAULT_CSS = """
    ChecklistsScreen #checklist-bar { height: auto; }
    ChecklistsScreen #checklist-bar Input { width: 1fr; margin: 0 1; }
    ChecklistsScreen #show { width: 34; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "slash",
            "focus_filter",
            "Filter",
            key_display="/",
            id="checklists.filter",
            tooltip="Filter by name, id, section or template file",
        ),
        Binding(
            "escape",
            "clear_filter",
            "Clear",
            key_display="esc",
            id="checklists.clear_filter",
            tooltip="Show every student again",
        ),
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
        Binding(
            "ctrl+r",
            "reload",
            "Reload",
            show=False,
            id="checklists.reload",
            tooltip="Read the checklists again",
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._course: str | None = None
        self.rows: list[Row] = []
        self.show_key = "all"

    @property
    def table(self) -> RecordTable[Row]:
        return self.query_one("#checklists", RecordTable)

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="checklist-bar"):
            yield Input(placeholder="/ to filter by name, id, section, template", id="filter")
            yield Select(
                [(f"show: {label}", key) for key, (label, _) in SHOW.items()],
                value="all",
                allow_blank=False,
                id="show",
            )
        yield RecordTable(
            COLUMNS,
            key=lambda r: r.enrollment_id,
            search=search_text,
            empty_text="Loading…",
            selectable=True,
            id="checklists",
        )
        yield Static(Text("Loading…"), id="status")
        yield Footer()

    def on_mount(self) -> None:
        self.table.focus()

    # ------------------------------------------------------------ loading

    def load_course(self, code: str) -> None:
        self._course = code
        self.load(code)

    def no_course(self) -> None:
        self.query_one("#status", Static).update(Text("No course chosen: press s"))

    def action_reload(self) -> None:
        self.reload()

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

    # ------------------------------------------------------------ filter, status

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "filter":
            event.stop()
            self.table.set_filter(event.value)
            self.refresh_bindings()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "filter":
            event.stop()
            self.set_focus(self.table)

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "show" and isinstance(event.value, str):
            event.stop()
            if event.value != self.show_key:
                self.show_key = event.value
                self._apply_show()

    def action_focus_filter(self) -> None:
        self.set_focus(self.query_one("#filter", Input))

    def action_clear_filter(self) -> None:
        self.query_one("#filter", Input).value = ""
        self.set_focus(self.table)

    def action_cycle_show(self) -> None:
        keys = list(SHOW)
        self._set_show(keys[(keys.index(self.show_key) + 1) % len(keys)])

    def _set_show(self, key: str) -> None:
        self.query_one("#show", Select).value = key  # posts Changed → _apply_show

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "clear_filter":
            boxes = self.query("#filter").results(Input)
            return any(box.value or box.has_focus for box in boxes)
        return True

    def on_record_table_view_changed(self, event: RecordTable.ViewChanged) -> None:
        table = event.table
        rows = self.rows
        if not self._course:
            table.empty_text = "No course chosen yet: press s"
        elif rows:
            table.empty_text = "No student matches (esc clears the filter, f changes what is shown)"
        else:
            table.empty_text = f"No active students in {self._course} yet"
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
        self.query_one("#status", Static).update(Text(" · ".join(parts)))

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
