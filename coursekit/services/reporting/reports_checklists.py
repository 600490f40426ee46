"""The checklists report: each student's export-checklist progress (the checklist
service's class summary) and a per-rule summary of the open/done/waived items."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import datetime

from coursekit.db.queries.checklists import class_item_states
from coursekit.domain.enums import ChecklistStatus
from coursekit.domain.report_model import (
    CellRule,
    Chart,
    ColorScale,
    Column,
    ColumnType,
    Role,
    Series,
    Sheet,
    share_percent,
)
from coursekit.services.checklists import class_checklists
from coursekit.services.context import ServiceContext
from coursekit.services.reporting.reports_views import RED, STUDENT_COLUMNS
from coursekit.services.views.engine_data import load_course


def checklist_sheets(
    ctx: ServiceContext, course: str, *, now: datetime, section: str | None
) -> tuple[list[Sheet], tuple[tuple[str, str], ...]]:
    summary = class_checklists(ctx, course, today=now.date(), section=section)
    wanted = {row.enrollment_id for row in summary}
    rules: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    students: dict[tuple[str, str], set[int]] = defaultdict(set)
    with ctx.read() as session:
        data = load_course(ctx, session, course)
        close = data.syllabus.course.accounts_close_on
        for eid, rule_id, severity, status in class_item_states(session, course_id=data.id):
            if eid in wanted:
                rules[(rule_id, severity)][status] += 1
                students[(rule_id, severity)].add(eid)
    rows = []
    for row in summary:
        total = row.done + row.waived + row.open
        rows.append(
            (
                row.name,
                row.student_id,
                row.section,
                "yes" if row.handed_in else "no",
                row.template,
                total,
                row.open,
                row.done,
                row.waived,
                row.blocking,
                share_percent(row.done + row.waived, total),
                row.overdue,
            )
        )
    columns = (
        *STUDENT_COLUMNS,
        Column("template", "Template handed in", width=11),
        Column("file", "Template file", role=Role.FREE_TEXT, width=24),
        Column("items", "Items", ColumnType.INTEGER),
        Column("todo", "To do", ColumnType.INTEGER),
        Column("done", "Done", ColumnType.INTEGER),
        Column("waived", "Waived", ColumnType.INTEGER),
        Column("blocking", "Blocking to do", ColumnType.INTEGER),
        Column("progress", "Progress %", ColumnType.PERCENT),
        Column("overdue", "Overdue items", ColumnType.INTEGER),
    )
    formats = (
        ColorScale(("progress",), min_value=0, max_value=100),
        CellRule(("blocking",), ">", 0, RED, "#9C0006"),
        CellRule(("overdue",), ">", 0, RED, "#9C0006"),
    )
    per_student = Sheet("Checklists", columns, rows, conditional_formats=formats)
    meta = (
        ("students", str(len(rows))),
        ("accounts close on", close.isoformat()),
        ("days left", str((close - now.date()).days)),
    )
    return [per_student, _rule_summary(rules, students)], meta


def _rule_summary(
    rules: dict[tuple[str, str], Counter[str]], students: dict[tuple[str, str], set[int]]
) -> Sheet:
    rows = []
    for (rule_id, severity), status in sorted(rules.items()):
        total = sum(status.values())
        closed = status[ChecklistStatus.DONE] + status[ChecklistStatus.WAIVED]
        rows.append(
            (
                rule_id,
                severity,
                len(students[(rule_id, severity)]),
                total,
                status[ChecklistStatus.TODO],
                status[ChecklistStatus.DONE],
                status[ChecklistStatus.WAIVED],
                share_percent(closed, total),
            )
        )
    columns = (
        Column("rule", "Rule", width=12),
        Column("severity", "Severity", width=10),
        Column("students", "Students", ColumnType.INTEGER),
        Column("items", "Items", ColumnType.INTEGER),
        Column("todo", "To do", ColumnType.INTEGER),
        Column("done", "Done", ColumnType.INTEGER),
        Column("waived", "Waived", ColumnType.INTEGER),
        Column("progress", "Progress %", ColumnType.PERCENT),
    )
    chart = Chart(
        "column",
        "Checklist items per rule",
        "Rules",
        "rule",
        (
            Series("To do", "todo", "#C00000"),
            Series("Done", "done", "#70AD47"),
            Series("Waived", "waived", "#A5A5A5"),
        ),
        x_title="Rule",
        y_title="Items",
    )
    return Sheet(
        "Rules",
        columns,
        rows,
        per_student=False,
        group_size="students",
        suppress=("items", "todo", "done", "waived", "progress"),
        charts=(chart,),
    )
