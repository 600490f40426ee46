"""Report sheets for lab completion and Learner Lab credits (from the course engine)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from coursekit.domain.credits import CreditFact
from coursekit.domain.engine_records import CreditRow, LabMatrix
from coursekit.domain.enums import CreditEventKind
from coursekit.domain.labs import LabCell, LabState
from coursekit.domain.report_model import (
    CellRule,
    Chart,
    ColorScale,
    Column,
    ColumnType,
    Role,
    Series,
    Sheet,
    TextRule,
)

GREEN, AMBER, RED, GREY = "#C6EFCE", "#FFEB9C", "#FFC7CE", "#E7E6E6"
STUDENT_COLUMNS = (
    Column("name", "Student", role=Role.NAME, width=26),
    Column("student_id", "Student ID", role=Role.STUDENT_ID, width=13),
    Column("section", "Section", role=Role.SECTION, width=14),
)

# --- labs -------------------------------------------------------------------------------

LAB_LABELS = {
    LabState.PASSED: "passed",
    LabState.BELOW_THRESHOLD: "below threshold",
    LabState.NOT_STARTED: "not started",
    LabState.EXCUSED: "excused",
}
OVERDUE = "overdue"


def lab_label(cell: LabCell) -> str:
    return OVERDUE if cell.overdue else LAB_LABELS[cell.state]


def lab_sheets(matrix: LabMatrix) -> list[Sheet]:
    labs = matrix.labs
    columns = [*STUDENT_COLUMNS]
    columns += [Column(f"l:{lab.key}", f"{lab.title} ({lab.key})", width=14) for lab in labs]
    columns += [
        Column("passed", "Labs passed", ColumnType.INTEGER),
        Column("overdue", "Overdue", ColumnType.INTEGER),
        Column("behind", "Behind pace", ColumnType.INTEGER),
    ]
    rows = [
        (
            r.student.sortable_name or r.student.name,
            r.student.student_id,
            r.student.section,
            *(lab_label(cell) for cell in r.labs.cells),
            r.labs.passed,
            r.labs.overdue,
            r.labs.behind,
        )
        for r in matrix.rows
    ]
    lab_keys = tuple(f"l:{lab.key}" for lab in labs)
    formats = (
        TextRule(lab_keys, LAB_LABELS[LabState.PASSED], GREEN, "#006100"),
        TextRule(lab_keys, LAB_LABELS[LabState.BELOW_THRESHOLD], AMBER, "#9C5700"),
        TextRule(lab_keys, LAB_LABELS[LabState.NOT_STARTED], GREY),
        TextRule(lab_keys, OVERDUE, RED, "#9C0006"),
        CellRule(("overdue",), ">", 0, RED, "#9C0006"),
    )
    matrix_sheet = Sheet("Labs", tuple(columns), rows, conditional_formats=formats)
    rate_rows = [
        (
            lab.title,
            lab.key,
            lab.kind.replace("_", " "),
            lab.due_at,
            lab.pass_threshold,
            rate.passed,
            rate.assigned,
            None if rate.rate is None else round(rate.rate * 100, 1),
        )
        for lab, rate in zip(labs, matrix.rates, strict=True)
    ]
    rate_columns = (
        Column("title", "Lab", width=50),
        Column("key", "Key", width=10),
        Column("kind", "Kind", width=14),
        Column("due", "Due (UTC)", ColumnType.DATETIME, width=16),
        Column("threshold", "Pass threshold %", ColumnType.PERCENT),
        Column("passed", "Passed", ColumnType.INTEGER),
        Column("assigned", "Students", ColumnType.INTEGER),
        Column("rate", "Completion %", ColumnType.PERCENT),
    )
    chart = Chart(
        "bar",
        "Completion rate per lab",
        "Completion",
        "key",
        (Series("Completion %", "rate", "#70AD47"),),
        x_title="Lab",
        y_title="% passed",
        y_max=100,
    )
    completion = Sheet(
        "Completion",
        rate_columns,
        rate_rows,
        per_student=False,
        group_size="assigned",
        suppress=("passed", "rate"),
        charts=(chart,),
        conditional_formats=(ColorScale(("rate",), min_value=0, max_value=100),),
    )
    return [matrix_sheet, completion]


# --- credits ----------------------------------------------------------------------------


def credit_sheets(
    rows: list[CreditRow], ledgers: dict[int, list[CreditFact]], *, budget_default: float
) -> list[Sheet]:
    columns = (
        *STUDENT_COLUMNS,
        Column("budget", "Budget $", ColumnType.CURRENCY),
        Column("spent", "Spent $", ColumnType.CURRENCY),
        Column("remaining", "Remaining $", ColumnType.CURRENCY),
        Column("used", "Used %", ColumnType.PERCENT),
        Column("burn", "Burn $/day", ColumnType.CURRENCY),
        Column("runout", "Projected run-out", ColumnType.DATE),
        Column("before_close", "Runs out before close", width=10),
        Column("last", "Last snapshot (UTC)", ColumnType.DATETIME, width=16),
        Column("flags", "Flags", width=30),
    )
    out = []
    for row in rows:
        f = row.forecast
        out.append(
            (
                row.student.sortable_name or row.student.name,
                row.student.student_id,
                row.student.section,
                f.budget,
                f.spent,
                f.remaining,
                None if f.percent_used is None else round(f.percent_used, 1),
                None if f.burn_per_day is None else round(f.burn_per_day, 2),
                f.runout_on,
                "yes" if f.runs_out_before_close else "no",
                f.last_snapshot_at,
                ", ".join(flag.value.replace("_", " ") for flag in f.flags),
            )
        )
    formats = (
        CellRule(("used",), ">=", 90, RED, "#9C0006"),
        CellRule(("used",), ">=", 75, AMBER, "#9C5700"),
        CellRule(("remaining",), "<", 0, RED, "#9C0006"),
        TextRule(("before_close",), "yes", RED, "#9C0006"),
    )
    students = Sheet("Credits", columns, out, conditional_formats=formats)
    enrolled = [r.student.enrollment_id for r in rows]
    budget = sum(r.forecast.budget for r in rows) if rows else budget_default
    return [students, _spend_over_time(enrolled, ledgers, budget)]


def spend_series(
    enrolled: Iterable[int], ledgers: dict[int, list[CreditFact]]
) -> list[tuple[date, float, int]]:
    """Per day with any usage snapshot: (day, class spend, students reporting so far).

    A student's spend on a day is their latest cumulative snapshot up to that day's end
    (carried forward), so the class line never dips because someone did not report.
    """
    per_student: list[list[tuple[date, float]]] = []
    days: set[date] = set()
    for eid in enrolled:
        snaps = sorted(
            (f.at, f.amount_usd)
            for f in ledgers.get(eid, ())
            if f.kind == CreditEventKind.USAGE_SNAPSHOT
        )
        if snaps:
            latest: dict[date, float] = {}
            for at, amount in snaps:
                latest[at.date()] = amount
            series = sorted(latest.items())
            per_student.append(series)
            days.update(day for day, _ in series)
    ordered = sorted(days)
    totals = [0.0] * len(ordered)
    counts = [0] * len(ordered)
    index = {day: i for i, day in enumerate(ordered)}
    for series in per_student:
        for j, (day, amount) in enumerate(series):
            end = index[series[j + 1][0]] if j + 1 < len(series) else len(ordered)
            for i in range(index[day], end):
                totals[i] += amount
                counts[i] += 1
    return [(day, round(totals[i], 2), counts[i]) for i, day in enumerate(ordered)]


def _spend_over_time(
    enrolled: list[int], ledgers: dict[int, list[CreditFact]], budget: float
) -> Sheet:
    rows = [
        (day, spend, n, round(spend / n, 2) if n else None, round(budget, 2))
        for day, spend, n in spend_series(enrolled, ledgers)
    ]
    columns = (
        Column("day", "Date", ColumnType.DATE),
        Column("spend", "Class spend $", ColumnType.CURRENCY),
        Column("reporting", "Students reporting", ColumnType.INTEGER),
        Column("mean", "Mean spend per student $", ColumnType.CURRENCY),
        Column("budget", "Class budget $", ColumnType.CURRENCY),
    )
    chart = Chart(
        "line",
        "Class spend over time",
        "Spend over time",
        "day",
        (
            Series("Class spend $", "spend", "#C00000"),
            Series("Class budget $", "budget", "#7F7F7F"),
        ),
        x_title="Date",
        y_title="USD",
    )
    return Sheet(
        "Spend over time",
        columns,
        rows,
        per_student=False,
        group_size="reporting",
        suppress=("spend", "mean"),
        charts=(chart,),
        autofilter=False,
    )
