"""Dashboard: the course at a glance — enrolment, labs, credits, readiness, checklists, nudges.

One service call (``services.dashboard.dashboard``) per load; the panels are ``Text`` built by
the functions in ``dashboard_panels`` (testable without an app), the nudge list is a
``RecordTable`` (Enter opens the student).
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Header, Sparkline, Static

from coursekit.domain.dashboard import Dashboard
from coursekit.domain.engine_records import Nudge
from coursekit.tui.screens.base import CourseScreen
from coursekit.tui.screens.dashboard_panels import (
    checklist_panel,
    credit_panel,
    enrolment_panel,
    lab_panel,
    nudge_columns,
    readiness_panel,
    title_line,
)
from coursekit.tui.widgets.quiet_footer import QuietFooter
from coursekit.tui.widgets.record_table import RecordTable
from coursekit.tui.workers import deliver, service_work

PANELS = ("enrolment", "labs", "credits", "readiness", "checklists")


class DashboardScreen(CourseScreen):
    TITLE = "Dashboard"
    CSS_PATH = "dashboard.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "ctrl+r",
            "reload",
            "Reload",
            id="dashboard.reload",
            tooltip="Compute the dashboard again from the database",
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.summary: Dashboard | None = None

    @property
    def nudges(self) -> RecordTable[Nudge]:
        return self.query_one("#dash-nudges", RecordTable)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(Text("Loading…"), id="dash-title")
        with Horizontal(classes="dash-row", id="dash-top"):
            yield Static(Text("Loading…"), id="panel-enrolment", classes="panel")
            with Vertical(id="panel-labs", classes="panel"):
                yield Static(Text("Loading…"), id="lab-text")
                yield Sparkline([], id="lab-spark")
                yield Static(Text(""), id="lab-caption")
            yield Static(Text("Loading…"), id="panel-credits", classes="panel")
        with Horizontal(classes="dash-row", id="dash-mid"):
            yield Static(Text("Loading…"), id="panel-readiness", classes="panel")
            yield Static(Text("Loading…"), id="panel-checklists", classes="panel")
        yield RecordTable(
            nudge_columns(()),
            key=lambda n: n.student.enrollment_id,
            empty_text="Loading…",
            selectable=True,
            sortable=True,
            id="dash-nudges",
        )
        yield QuietFooter()  # Textual's Footer restyles each key thrice: a third of the first paint

    def on_mount(self) -> None:
        titles = {
            "enrolment": "Enrolment",
            "labs": "Labs",
            "credits": "Credits",
            "readiness": "Readiness",
            "checklists": "Export checklists",
        }
        for name, title in titles.items():
            self.query_one(f"#panel-{name}").border_title = title
        self.nudges.border_title = "Nudges"
        self.nudges.focus()

    # ------------------------------------------------------------ loading

    def load_course(self, code: str) -> None:
        self.query_one("#dash-title", Static).update(Text(f"Loading {code}…"))
        # after the next frame: started at mount, the worker's imports and reads held the
        # interpreter while the screen painted its first frame
        self.call_after_refresh(self.load, code)

    def no_course(self) -> None:
        self.query_one("#dash-title", Static).update(Text("No course chosen: press s"))

    @service_work(group="dashboard.load")
    def load(self, code: str) -> None:
        from coursekit.services.views.course_dashboard import dashboard

        deliver(self.app, self.show, code, dashboard(self.ctx, code, now=self.ck.now()))

    def action_reload(self) -> None:
        self.reload()

    def show(self, code: str, summary: Dashboard) -> None:
        if code != self.ck.course_code:
            return  # the course changed while loading
        self.summary = summary
        self.query_one("#dash-title", Static).update(title_line(summary))
        self.query_one("#panel-enrolment", Static).update(enrolment_panel(summary))
        text, spark, caption = lab_panel(summary)
        self.query_one("#lab-text", Static).update(text)
        self.query_one("#lab-spark", Sparkline).data = spark
        self.query_one("#lab-caption", Static).update(caption)
        self.query_one("#panel-credits", Static).update(credit_panel(summary))
        readiness = self.query_one("#panel-readiness", Static)
        readiness.update(readiness_panel(summary))
        if summary.readiness.exam_code:
            readiness.border_title = f"Readiness · {summary.readiness.exam_code}"
        self.query_one("#panel-checklists", Static).update(checklist_panel(summary))
        table = self.nudges
        table.set_columns(nudge_columns(summary.labs.kinds, summary.labs.rates))
        table.empty_text = "Nobody to nudge: every student is on pace"
        table.set_records(summary.nudges)
        table.border_title = f"Nudges · {len(summary.nudges)} students (Enter opens one)"

    # ------------------------------------------------------------ actions

    def on_record_table_selected(self, event: RecordTable.Selected) -> None:
        event.stop()
        self.ck.open_student(event.record.student.enrollment_id)
