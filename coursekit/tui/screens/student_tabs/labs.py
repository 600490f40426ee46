"""Labs: the student's state on every guided and challenge lab, worst first on request."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Static

from coursekit.domain.engine_records import LabInfo, LabMatrix
from coursekit.domain.labs import LabCell
from coursekit.domain.records import RosterRow
from coursekit.tui.screens.student_tabs.base import StudentTab
from coursekit.tui.screens.student_tabs.tab_focus import take_focus
from coursekit.tui.text import literal
from coursekit.tui.widgets.charts import bar
from coursekit.tui.widgets.lab_cells import cell_symbol, lab_codes, legend_text, state_word
from coursekit.tui.widgets.record_table import Column, RecordTable
from coursekit.tui.workers import deliver, service_work

LabLine = tuple[str, LabInfo, LabCell]  # (code, lab, this student's cell)


def _state(line: LabLine) -> Text:
    symbol, style = cell_symbol(line[2])
    return literal(f"{symbol} {state_word(line[2])}", style)


LAB_COLUMNS: tuple[Column[LabLine], ...] = (
    Column("code", "Code", lambda s: s[0], width=4),
    Column("title", "Lab", lambda s: s[1].title, max_width=56),
    Column("state", "State", _state, width=26),
    Column(
        "score",
        "Score",
        lambda s: "" if s[2].percent is None else f"{s[2].percent:.0f} %",
        width=6,
        justify="right",
        sort_key=lambda s: s[2].percent if s[2].percent is not None else -1.0,
    ),
    Column(
        "threshold",
        "Pass at",
        lambda s: "" if s[1].pass_threshold is None else f"{s[1].pass_threshold:g} %",
        width=7,
        justify="right",
    ),
    Column(
        "due",
        "Due",
        lambda s: "" if s[2].due_at is None else f"{s[2].due_at:%m-%d %H:%M}",
        width=11,
        sort_key=lambda s: s[2].due_at.timestamp() if s[2].due_at else 0.0,
    ),
)


def summary_text(matrix: LabMatrix) -> Text:
    labs = matrix.rows[0].labs
    out = Text(no_wrap=True, end="")
    out.append(f"Passed {labs.passed} of {labs.assigned} labs ", "bold")
    out.append_text(bar(labs.passed / labs.assigned if labs.assigned else None, 30, "green"))
    out.append(f"   due so far {labs.due_so_far} · ")
    out.append(f"behind {labs.behind}", "bold red" if labs.behind >= 2 else "")
    out.append(" · ")
    out.append(f"overdue {labs.overdue}", "red" if labs.overdue else "")
    out.append("\n")
    out.append_text(legend_text())
    return out


class LabsTab(StudentTab):
    TAB_ID = "labs"
    TITLE = "Labs"
    # Styles: screens/student.tcss (shown only on the student screen).

    def compose(self) -> ComposeResult:
        yield Static(Text("Loading…"), id="labs-summary")
        yield RecordTable(
            LAB_COLUMNS, key=lambda s: s[1].key, empty_text="Loading…", id="student-labs-table"
        )

    def on_show(self) -> None:
        take_focus(self, "#student-labs-table")

    def show_student(self, row: RosterRow) -> None:
        super().show_student(row)
        self.load(row.enrollment_id)

    @service_work(group="student.labs")
    def load(self, enrollment_id: int) -> None:
        from coursekit.services.views.student_labs import student_lab_matrix

        matrix = student_lab_matrix(self.ctx, enrollment_id, now=self.ck.now())
        deliver(self.app, self.show_labs, matrix)

    def show_labs(self, matrix: LabMatrix) -> None:
        table = self.query_one(RecordTable)
        table.empty_text = "This course has no labs"
        codes = lab_codes([lab.kind for lab in matrix.labs])
        cells = matrix.rows[0].labs.cells
        table.set_records(list(zip(codes, matrix.labs, cells, strict=True)))
        self.query_one("#labs-summary", Static).update(summary_text(matrix))
