"""Labs matrix: every active student × every guided and challenge lab.

Cells read without colour (✓ passed, ~ below the threshold, · not started, ! overdue, ex
excused) and are coloured as well. Name and id stay put when scrolling sideways; the line
under the table gives each lab's completion rate over the students shown (it follows the
filter). ``v`` shows the list of labs (code → title, due date, threshold, rate).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Static

from coursekit.domain.engine_records import LabInfo, LabMatrix, LabRow
from coursekit.domain.labs import LabCell, LabState
from coursekit.tui.commands import PaletteCommand
from coursekit.tui.screens.class_table import ClassTableScreen, student_columns
from coursekit.tui.text import literal
from coursekit.tui.widgets.charts import percent
from coursekit.tui.widgets.lab_cells import cell_text, lab_codes, legend_text
from coursekit.tui.widgets.record_table import Column, RecordTable
from coursekit.tui.widgets.table_footer import FooterCell, TableFooter

_RANK = {  # lab column sort: worst first
    "overdue": 0,
    LabState.NOT_STARTED: 1,
    LabState.BELOW_THRESHOLD: 2,
    LabState.PASSED: 3,
    LabState.EXCUSED: 4,
}


def _rank(cell: LabCell) -> int:
    if cell.overdue:  # never a passed lab (domain.labs.lab_state)
        return _RANK["overdue"]
    return _RANK[cell.state]


def rate_style(rate: float | None) -> str:
    if rate is None:
        return "dim"
    return "green" if rate >= 0.75 else "yellow" if rate >= 0.5 else "red"


def lab_column(index: int, code: str) -> Column[LabRow]:
    return Column(
        f"lab{index}",
        code,
        lambda r: cell_text(r.labs.cells[index]),
        width=3,
        justify="center",
        sort_key=lambda r: _rank(r.labs.cells[index]),
    )


def matrix_columns(labs: Sequence[LabInfo]) -> list[Column[LabRow]]:
    codes = lab_codes([lab.kind for lab in labs])
    return [
        *student_columns(),
        Column(
            "passed",
            "Passed",
            lambda r: f"{r.labs.passed}/{r.labs.assigned}",
            width=7,
            justify="right",
            sort_key=lambda r: r.labs.passed / r.labs.assigned if r.labs.assigned else 1.0,
        ),
        Column(
            "behind",
            "Behind",
            lambda r: literal(r.labs.behind or "", "bold red" if r.labs.behind >= 2 else ""),
            width=6,
            justify="right",
            sort_key=lambda r: -r.labs.behind,
        ),
        Column(
            "overdue",
            "Overdue",
            lambda r: literal(r.labs.overdue or "", "red"),
            width=7,
            justify="right",
            sort_key=lambda r: -r.labs.overdue,
        ),
        *(lab_column(i, code) for i, code in enumerate(codes)),
    ]


def pass_flags(row: LabRow) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """(passed, counted) per lab as 0/1, so rates over any subset are column sums."""
    cells = row.labs.cells
    return (
        tuple(int(c.state is LabState.PASSED) for c in cells),
        tuple(int(c.state is not LabState.EXCUSED) for c in cells),
    )


def lab_rates(
    flags: Iterable[tuple[tuple[int, ...], tuple[int, ...]]], count: int
) -> list[float | None]:
    """Per lab: share of the given students who passed it (excused ones left out)."""
    rows = list(flags)
    if not rows:
        return [None] * count
    passed = [sum(column) for column in zip(*(r[0] for r in rows), strict=True)]
    counted = [sum(column) for column in zip(*(r[1] for r in rows), strict=True)]
    return [p / a if a else None for p, a in zip(passed, counted, strict=True)]


def legend(matrix: LabMatrix) -> Text:
    out = Text(end="")
    out.append("Symbols\n", "bold")
    out.append_text(legend_text())
    out.append("\n\nLabs (all students)\n", "bold")
    codes = lab_codes([lab.kind for lab in matrix.labs])
    for code, lab, rate in zip(codes, matrix.labs, matrix.rates, strict=True):
        out.append(f"{code:<4}", "bold")
        out.append(f"{percent(rate.rate):>6} ", rate_style(rate.rate))
        due = f"due {lab.due_at:%d %b}" if lab.due_at else "no due date"
        threshold = f" · pass {lab.pass_threshold:g} %" if lab.pass_threshold is not None else ""
        out.append(f"{due}{threshold}\n", "dim")
        out.append("    ")
        out.append_text(literal(lab.title))
        out.append("\n")
    return out


class LabsScreen(ClassTableScreen):
    NAME = "labs"
    TITLE = "Labs"
    FILTER_HINT = "/ to filter by name, id, section — or overdue, behind, on-pace"
    CSS_PATH = "labs.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "v",
            "legend",
            "Labs list",
            id="labs.legend",
            tooltip="Show or hide the list of labs: code, title, due date, completion",
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._flags: dict[int, tuple[tuple[int, ...], tuple[int, ...]]] = {}

    def fetch(self, code: str) -> LabMatrix:
        from coursekit.services.views.labs import lab_matrix

        return lab_matrix(self.ctx, code, now=self.ck.now())

    def records_of(self, result: LabMatrix) -> Sequence[LabRow]:
        return result.rows

    def columns_for(self, result: LabMatrix) -> Sequence[Column[Any]]:
        return matrix_columns(result.labs)

    def search_of(self, record: LabRow) -> str:
        labs = record.labs
        tags = ["overdue" if labs.overdue else "", "behind" if labs.behind else "on-pace"]
        return f"{super().search_of(record)}\t{' '.join(tags)}"

    def compose_table(self) -> ComposeResult:
        table = self.make_table(fixed_columns=2)
        with Horizontal(id="labs-body"):
            yield table
            with VerticalScroll(id="labs-legend", can_focus=False):
                yield Static(Text("Loading…"), id="labs-legend-text")
        yield TableFooter(table, id="labs-rates")
        yield Static(legend_text(), id="labs-symbols")

    def shown(self, result: LabMatrix) -> None:
        self._flags = {}
        self.query_one("#labs-legend-text", Static).update(legend(result))
        self._update_footer()

    def on_record_table_view_changed(self, event: RecordTable.ViewChanged) -> None:
        # (ClassTableScreen's handler runs too: Textual calls the handlers of every class)
        if event.table is self.table:
            self._update_footer()

    def _update_footer(self) -> None:
        matrix: LabMatrix | None = self.result
        table = self.table
        if matrix is None or len(table.records) != len(matrix.rows):
            return  # the new records are not in the table yet
        if table.filter_text.strip():
            shown = table.visible_records()
            flags = self._flags
            for row in shown:  # built on the first filter, reused on every keystroke
                key = row.student.enrollment_id
                if key not in flags:
                    flags[key] = pass_flags(row)
            rates = lab_rates((flags[r.student.enrollment_id] for r in shown), len(matrix.labs))
        else:
            shown = list(matrix.rows)
            rates = [rate.rate for rate in matrix.rates]
        passed = sum(r.labs.passed for r in shown)
        assigned = sum(r.labs.assigned for r in shown)
        cells: list[FooterCell] = [
            "Passed %",
            "",
            "",
            (percent(passed / assigned if assigned else None), "bold"),
            "",
            "",
        ]
        for rate in rates:
            cells.append(("–" if rate is None else f"{rate * 100:.0f}", rate_style(rate)))
        self.query_one(TableFooter).set_cells(cells)

    def status_parts(self, table: RecordTable[Any]) -> list[str]:
        matrix: LabMatrix | None = self.result
        if matrix is None:
            return []
        return [f"{len(matrix.labs)} labs", "v: list of labs", "enter opens the student"]

    def action_legend(self) -> None:
        self.query_one("#labs-legend").toggle_class("shown")

    def palette_commands(self) -> Iterable[PaletteCommand]:
        if self.result is None:
            return
        yield from self.sort_commands("labs matrix")
        yield self.filter_command(
            "Labs: students with an overdue lab", "Filter the matrix", "overdue"
        )
        yield self.filter_command("Labs: students behind the pace", "Filter the matrix", "behind")
        yield self.filter_command("Labs: clear the filter", "Show every student", "")
