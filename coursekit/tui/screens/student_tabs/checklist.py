"""Checklist: the student's export-checklist items — toggle done, waive with a note, re-open;
attach a (new) template. Every change is version-checked: when someone else changed the item
meanwhile the user sees the conflict and the tab reloads; nothing is overwritten silently.
"""

from __future__ import annotations

from datetime import date
from functools import partial
from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Static

from coursekit.domain.checklist import ChecklistEntry, StudentChecklist, summarise
from coursekit.domain.enums import ChecklistStatus
from coursekit.domain.records import RosterRow
from coursekit.services.context import Conflict, ServiceError
from coursekit.tui.hints import error_text
from coursekit.tui.screens.student_tabs.base import StudentTab
from coursekit.tui.screens.student_tabs.tab_focus import take_focus
from coursekit.tui.screens.template_attach import TemplateAttacher
from coursekit.tui.screens.waive_note import WaiveNoteScreen
from coursekit.tui.text import clean, literal
from coursekit.tui.widgets.record_table import Column, RecordTable
from coursekit.tui.workers import deliver, service_work

STATUS_STYLE = {"todo": "bold", "done": "green", "waived": "italic cyan"}
STATUS_LABEL = {"todo": "☐ to do", "done": "☑ done", "waived": "~ waived"}
SEVERITY_STYLE = {"blocking": "bold red", "warning": "yellow", "info": "dim"}
SEVERITY_RANK = {"blocking": 0, "warning": 1, "info": 2}


def _due(entry: ChecklistEntry, today: date) -> Text:
    if entry.due_on is None:
        return literal("")
    return literal(f"{entry.due_on:%Y-%m-%d}", "bold red" if entry.overdue(today) else "")


def columns(today: date) -> tuple[Column[ChecklistEntry], ...]:
    return (
        Column(
            "status",
            "Status",
            lambda e: literal(STATUS_LABEL.get(e.status, e.status), STATUS_STYLE.get(e.status, "")),
            width=9,
        ),
        Column(
            "severity",
            "Severity",
            lambda e: literal(e.severity, SEVERITY_STYLE.get(e.severity, "")),
            width=9,
            sort_key=lambda e: SEVERITY_RANK.get(e.severity, 9),
        ),
        Column(
            "due",
            "Due",
            lambda e: _due(e, today),
            width=10,
            sort_key=lambda e: e.due_on or date.max,
        ),
        Column("rule", "Rule", lambda e: e.rule_id, max_width=22),
        Column("resource", "Resource", lambda e: e.resource, max_width=24),
        Column("message", "Message", lambda e: e.message, max_width=60),
        Column("fix", "Fix", lambda e: e.fix, max_width=60),
        Column("note", "Note", lambda e: e.note, max_width=40),
    )


def checklist_summary(checklist: StudentChecklist, today: date) -> Text:
    """Template, counts and the close date, in one or two lines (file names literal)."""
    items = checklist.items
    days = (checklist.accounts_close_on - today).days
    close = f"accounts close {checklist.accounts_close_on:%Y-%m-%d} " + (
        f"({days} days left)" if days >= 0 else "(closed)"
    )
    if checklist.template is None:
        return Text.assemble(
            ("No template handed in yet", "bold yellow"), ": press a to attach one · ", close
        )
    head = Text.assemble("Template ", literal(checklist.template, "bold"))
    if checklist.parse_error:
        head.append_text(
            Text.assemble(" — could not be read: ", literal(checklist.parse_error, "bold red"))
        )
    done, waived, open_count, blocking, _, overdue = summarise(
        items, today, checklist.accounts_close_on
    )
    counts = Text.assemble(
        f" · {len(items)} items: ",
        (f"{open_count} open", "bold" if open_count else ""),
        " (",
        (f"{blocking} blocking", "bold red" if blocking else ""),
        ", ",
        (f"{overdue} overdue", "bold red" if overdue else ""),
        f"), {done} done, {waived} waived · ",
        close,
    )
    return Text.assemble(head, counts)


class ChecklistTab(TemplateAttacher, StudentTab):
    TAB_ID = "checklist"
    TITLE = "Checklist"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "space,enter",
            "toggle_done",
            "Done/to do",
            id="checklist.toggle",
            tooltip="Mark the highlighted item done (or back to to-do)",
        ),
        Binding(
            "w",
            "waive",
            "Waive",
            id="checklist.waive",
            tooltip="Waive the highlighted item (a note saying why is required)",
        ),
        Binding(
            "o",
            "reopen",
            "Re-open",
            id="checklist.reopen",
            tooltip="Put the highlighted item back to to-do",
        ),
        Binding(
            "v",
            "details",
            "Details",
            id="checklist.details",
            tooltip="The whole item: message, fix, resource and path",
        ),
        Binding(
            "a",
            "attach",
            "Attach template",
            id="checklist.attach",
            tooltip="Attach a (new) CloudFormation template for this student",
        ),
    ]
    # Styles: screens/student.tcss (shown only on the student screen).

    def __init__(self) -> None:
        super().__init__()
        self.checklist: StudentChecklist | None = None

    def compose(self) -> ComposeResult:
        yield Static(Text("Loading…"), id="checklist-summary")
        yield RecordTable(
            columns(self._today()),
            key=lambda e: e.id,
            empty_text="Loading…",
            id="checklist-table",
        )

    def action_details(self) -> None:
        from coursekit.tui.screens.student_tabs.checklist_detail import ChecklistItemScreen

        entry = self.table.cursor_record
        if entry is not None:
            self.app.push_screen(ChecklistItemScreen(entry))

    def _today(self) -> date:
        return self.ck.today()

    @property
    def table(self) -> RecordTable[ChecklistEntry]:
        return self.query_one("#checklist-table", RecordTable)

    def show_student(self, row: RosterRow) -> None:
        super().show_student(row)
        self.load(row.enrollment_id)

    @service_work(group="student.checklist")
    def load(self, enrollment_id: int) -> None:
        from coursekit.services.checklists import student_checklist_by_id

        deliver(self.app, self.show, student_checklist_by_id(self.ctx, enrollment_id))

    def show(self, checklist: StudentChecklist) -> None:
        self.checklist = checklist
        today = self._today()
        self.query_one("#checklist-summary", Static).update(checklist_summary(checklist, today))
        table = self.table
        table.empty_text = (
            "No items: the template raised nothing to fix"
            if checklist.template and not checklist.parse_error
            else "No checklist yet: press a to attach the student's template"
        )
        table.set_records(checklist.items)
        take_focus(self, "#checklist-table")

    # ------------------------------------------------------------ changes

    def _item(self) -> ChecklistEntry | None:
        item = self.table.cursor_record
        if item is None:
            self.notify("No checklist item highlighted", severity="warning")
        return item

    def action_toggle_done(self) -> None:
        item = self._item()
        if item is not None:
            new = ChecklistStatus.DONE if item.open else ChecklistStatus.TODO
            self._set(item, new, "")

    def action_reopen(self) -> None:
        item = self._item()
        if item is None:
            return
        if item.open:
            self.notify("This item is already to do", severity="warning")
            return
        self._set(item, ChecklistStatus.TODO, "")

    def action_waive(self) -> None:
        item = self._item()
        if item is None:
            return
        question = Text.assemble(
            "Waive ",
            literal(item.rule_id, "bold"),
            " on ",
            literal(item.resource or "the template"),
            "?\n",
            literal(item.message),
        )
        self.app.push_screen(WaiveNoteScreen(question, item.note), partial(self._noted, item))

    def _noted(self, item: ChecklistEntry, note: str | None) -> None:
        if note:
            self._set(item, ChecklistStatus.WAIVED, note)

    def _set(self, item: ChecklistEntry, status: ChecklistStatus, note: str) -> None:
        if self.row is None or self.checklist is None:
            return
        self.save(self.checklist.course_code, self.row.student_id, item, status, note)

    @service_work(group="student.checklist.save")
    def save(
        self,
        course: str,
        student_id: str,
        item: ChecklistEntry,
        status: ChecklistStatus,
        note: str,
    ) -> None:
        from coursekit.services.checklists import set_item_status

        try:
            entry = set_item_status(
                self.ctx,
                course,
                student_id,
                item.id,
                status,
                note=note,
                expected_version=item.version,
            )
        except Conflict as exc:
            deliver(self.app, self._conflicted, error_text(exc))
        except ServiceError as exc:
            deliver(self.app, self._refused, error_text(exc))
        else:
            deliver(self.app, self._saved, entry)

    def _saved(self, entry: ChecklistEntry) -> None:
        label = STATUS_LABEL.get(entry.status, entry.status)
        self.notify(f"{clean(entry.rule_id)}: {label}", markup=False)
        self.ck.data_changed()  # class views reload
        self.post_message(self.Changed())

    def _refused(self, message: str) -> None:
        self.notify(message, title="Not saved", severity="error", markup=False)

    def _conflicted(self, message: str) -> None:
        self.notify(
            message, title="Not saved: conflict", severity="error", timeout=10, markup=False
        )
        self.post_message(self.Changed())  # reload: show what is stored now

    # ------------------------------------------------------------ template

    def action_attach(self) -> None:
        course = self.checklist.course_code if self.checklist else self.ck.course_code
        if self.row is not None and course:
            self.ask_template(course, self.row.student_id, self.row.name)

    def template_attached(self, result: Any) -> None:
        self.post_message(self.Changed())
