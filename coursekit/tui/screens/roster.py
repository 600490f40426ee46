"""Roster: every student of the course — filter, sort, add, edit, drop; Enter opens a student."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Footer, Header, Input, Static

from coursekit.domain.enums import EnrollmentStatus
from coursekit.domain.records import RosterRow
from coursekit.tui.commands import PaletteCommand
from coursekit.tui.screens.base import CourseScreen
from coursekit.tui.screens.student_form import FormResult, StudentFormScreen
from coursekit.tui.text import clean, literal
from coursekit.tui.widgets.record_table import Column, RecordTable
from coursekit.tui.workers import deliver, service_work


def _status(row: RosterRow) -> Text:
    dropped = row.status == EnrollmentStatus.DROPPED
    return literal(row.status, "italic dim" if dropped else "")


COLUMNS: tuple[Column[RosterRow], ...] = (
    Column("student_id", "Student id", lambda r: r.student_id, max_width=16),
    Column(
        "name",
        "Name",
        lambda r: r.name,
        max_width=40,
        sort_key=lambda r: (r.sortable_name.casefold(), r.student_id),
    ),
    Column("email", "Email", lambda r: r.email, max_width=36),
    Column("section", "Section", lambda r: r.section, max_width=12),
    Column("status", "Status", _status, width=8),
)


def search_text(row: RosterRow) -> str:
    return "\t".join(
        (row.student_id, row.name, row.sortable_name, row.email or "", row.section, row.status)
    )


class RosterScreen(CourseScreen):
    TITLE = "Roster"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "slash",
            "focus_filter",
            "Filter",
            key_display="/",
            id="roster.filter",
            tooltip="Filter by name, id, email, section or status (every word must match)",
        ),
        Binding(
            "escape",
            "clear_filter",
            "Clear",
            key_display="esc",
            id="roster.clear_filter",
            tooltip="Show every student again",
        ),
        Binding("a", "add", "Add", id="roster.add", tooltip="Enroll a student in this course"),
        Binding("m", "edit", "Edit", id="roster.edit", tooltip="Edit the highlighted student"),
        Binding(
            "delete,ctrl+d",
            "drop",
            "Drop",
            key_display="del",
            id="roster.drop",
            tooltip="Drop the highlighted student (scores and history are kept)",
        ),
        Binding(
            "ctrl+r",
            "reload",
            "Reload",
            show=False,
            id="roster.reload",
            tooltip="Read the roster again from the database",
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._course: str | None = None
        self._pending_key: int | None = None  # put the cursor here after the next load

    @property
    def table(self) -> RecordTable[RosterRow]:
        return self.query_one("#roster", RecordTable)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(placeholder="/ to filter by name, id, email, section, status", id="filter")
        yield RecordTable(
            COLUMNS,
            key=lambda r: r.enrollment_id,
            search=search_text,
            empty_text="Loading…",
            id="roster",
            selectable=True,
        )
        yield Static(Text("Loading…"), id="status")
        yield Footer()

    def on_mount(self) -> None:
        self.table.sort_by("name")
        self.table.focus()

    # ------------------------------------------------------------ loading

    def load_course(self, code: str) -> None:
        self._course = code
        self.query_one("#status", Static).update(Text(f"Loading {code}…"))
        self.load(code)

    def no_course(self) -> None:
        self.query_one("#status", Static).update(Text("No course chosen: press s"))

    @service_work(group="roster.load")
    def load(self, code: str) -> None:
        from coursekit.services.roster import list_roster

        deliver(self.app, self.show, code, list_roster(self.ctx, code))

    def show(self, code: str, rows: list[RosterRow]) -> None:
        if code != self.ck.course_code:
            return  # the course changed while loading
        table = self.table
        table.set_records(rows)
        if self._pending_key is not None:
            table.move_to_key(self._pending_key)
            self._pending_key = None

    def action_reload(self) -> None:
        self.reload()

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

    def action_focus_filter(self) -> None:
        # set_focus now, not focus() (deferred): keys typed right after "/" must land in the box.
        self.set_focus(self.query_one("#filter", Input))

    def action_clear_filter(self) -> None:
        self.query_one("#filter", Input).value = ""
        self.set_focus(self.table)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "clear_filter":  # only offered while filtering
            boxes = self.query("#filter").results(Input)
            return any(box.value or box.has_focus for box in boxes)
        return True

    def on_record_table_view_changed(self, event: RecordTable.ViewChanged) -> None:
        table = event.table
        total = len(table.records)
        if not self._course:
            table.empty_text = "No course chosen yet: press s"
        elif total:
            table.empty_text = "No student matches the filter (esc clears it)"
        else:
            table.empty_text = f"No students in {self._course} yet: press a to add one"
        active = sum(1 for r in table.records if r.status == EnrollmentStatus.ACTIVE)
        parts = [f"{table.row_count} of {total} students", f"{active} active"]
        column = next((c for c in table.columns if c.key == table.sort_column), None)
        if column is not None:
            parts.append(f"sorted by {column.label} {'▼' if table.sort_reverse else '▲'}")
        if table.filter_text.strip():
            parts.append("enter: to the list · esc clears the filter")
        self.query_one("#status", Static).update(Text(" · ".join(parts)))

    # ------------------------------------------------------------ actions

    def on_record_table_selected(self, event: RecordTable.Selected) -> None:
        event.stop()
        self.ck.open_student(event.record.enrollment_id, event.record)

    def _highlighted(self) -> RosterRow | None:
        row = self.table.cursor_record
        if row is None:
            self.notify("No student highlighted", severity="warning")
        return row

    def action_add(self) -> None:
        if self._course:
            self.app.push_screen(StudentFormScreen(self._course), self._form_closed)

    def action_edit(self) -> None:
        row = self._highlighted()
        if row is not None and self._course:
            self.app.push_screen(StudentFormScreen(self._course, row), self._form_closed)

    def _form_closed(self, result: FormResult | None) -> None:
        if result is None:
            return
        if result.row is not None:
            self._pending_key = result.row.enrollment_id
            self.notify(f"Saved {clean(result.row.name)}", markup=False)
        self.ck.data_changed()  # also after a conflict: show what is stored now

    def action_drop(self) -> None:
        from coursekit.tui.screens.confirm import ConfirmScreen

        row = self._highlighted()
        if row is None or not self._course:
            return
        if row.status == EnrollmentStatus.DROPPED:
            self.notify("This student is already dropped", severity="warning")
            return
        question = Text.assemble(
            "Drop ",
            literal(row.name, "bold"),
            f" ({clean(row.student_id)}) from ",
            literal(self._course),
            "?\nScores and history are kept; adding the id again re-enrolls the student.",
        )
        self.app.push_screen(
            ConfirmScreen(question, confirm_label="Drop", title="Drop student"),
            partial(self._drop_confirmed, row),
        )

    def _drop_confirmed(self, row: RosterRow, confirmed: bool | None) -> None:
        if confirmed:
            self.drop(row.enrollment_id)

    @service_work(group="roster.drop")
    def drop(self, enrollment_id: int) -> None:
        from coursekit.services.roster import drop_student

        row = drop_student(self.ctx, enrollment_id)
        deliver(self.app, self._dropped, row)

    def _dropped(self, row: RosterRow) -> None:
        self.notify(f"Dropped {clean(row.name)}", markup=False)
        self._pending_key = row.enrollment_id
        self.ck.data_changed()

    # ------------------------------------------------------------ palette

    def palette_commands(self) -> Iterable[PaletteCommand]:
        for column in COLUMNS:
            yield PaletteCommand(
                f"Sort roster by {column.label}",
                "Press again to reverse",
                partial(self._sort_from_palette, column.key),
            )
        yield PaletteCommand(
            "Clear roster filter", "Show every student", partial(self._set_filter, "")
        )
        yield PaletteCommand(
            "Show dropped students only", "Filter on status", partial(self._set_filter, "dropped")
        )

    def _sort_from_palette(self, key: str) -> None:
        table = self.table
        table.sort_by(key, reverse=not table.sort_reverse if table.sort_column == key else False)

    def _set_filter(self, text: str) -> None:
        self.query_one("#filter", Input).value = text
