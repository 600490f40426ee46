"""Report sheets for certification readiness (from the course engine)."""

from __future__ import annotations

from typing import Any

from coursekit.domain.engine_records import ReadinessRow
from coursekit.domain.exams import ExamBlueprint
from coursekit.domain.readiness import suggested_labs
from coursekit.domain.report_model import (
    CellRule,
    Chart,
    ColorScale,
    Column,
    ColumnType,
    Series,
    Sheet,
    TextRule,
    mean,
)
from coursekit.services.reporting.reports_views import AMBER, GREEN, GREY, RED, STUDENT_COLUMNS

STATUS_LABELS = {"ready": "ready", "close": "close", "not_yet": "not yet", "no_data": "no data"}


def readiness_sheets(
    rows: list[ReadinessRow], exam: ExamBlueprint, lab_titles: dict[str, str]
) -> list[Sheet]:
    domains = exam.domains
    columns = [*STUDENT_COLUMNS]
    columns += [
        Column(f"d:{d.number}", f"D{d.number} {d.name} (mastery %)", ColumnType.PERCENT, width=14)
        for d in domains
    ]
    columns += [
        Column("predicted", "Predicted score", ColumnType.INTEGER, width=10),
        Column("status", "Status", width=10),
        Column("coverage", "Evidence coverage %", ColumnType.PERCENT, width=10),
        Column("attempts", "Practice attempts", ColumnType.INTEGER, width=10),
        Column("last", "Last attempt (UTC)", ColumnType.DATETIME, width=16),
        Column("pace", "Pace (× exam time)", ColumnType.NUMBER, width=10),
        Column("weakest", "Weakest domains", width=30),
        Column("next_labs", "Next labs", width=50),
    ]
    names = {d.number: f"D{d.number} {d.name}" for d in domains}
    out: list[tuple[Any, ...]] = []
    for row in rows:
        result = row.result
        by_number = {d.number: d for d in result.domains}
        next_labs = [lab_titles.get(key, key) for key in suggested_labs(result)]
        pace = result.pace_ratio
        out.append(
            (
                row.student.sortable_name or row.student.name,
                row.student.student_id,
                row.student.section,
                *(
                    _pct(by_number[d.number].mastery if d.number in by_number else None)
                    for d in domains
                ),
                None if result.predicted_score is None else round(result.predicted_score),
                STATUS_LABELS.get(result.status.value, result.status.value),
                round(result.coverage * 100, 1),
                result.attempts_used,
                result.last_attempt_at,
                None if pace is None else round(pace, 2),
                "; ".join(names.get(n, str(n)) for n in result.weakest),
                "; ".join(next_labs),
            )
        )
    domain_keys = tuple(f"d:{d.number}" for d in domains)
    formats = (
        ColorScale(domain_keys, min_value=0, max_value=100),
        TextRule(("status",), "ready", GREEN, "#006100"),
        TextRule(("status",), "close", AMBER, "#9C5700"),
        TextRule(("status",), "not yet", RED, "#9C0006"),
        TextRule(("status",), "no data", GREY),
        CellRule(("predicted",), ">=", exam.passing_score, GREEN, "#006100"),
    )
    students = Sheet("Readiness", tuple(columns), out, conditional_formats=formats)
    return [students, _domain_summary(rows, exam)]


def _pct(value: float | None) -> float | None:
    return None if value is None else round(value * 100, 1)


def _domain_summary(rows: list[ReadinessRow], exam: ExamBlueprint) -> Sheet:
    out = []
    for dom in exam.domains:
        values = [
            d.mastery
            for r in rows
            for d in r.result.domains
            if d.number == dom.number and d.mastery is not None
        ]
        out.append((f"D{dom.number} {dom.name}", dom.weight, _pct(mean(values)), len(values)))
    columns = (
        Column("domain", "Domain", width=40),
        Column("weight", "Exam weight %", ColumnType.PERCENT),
        Column("mastery", "Average mastery %", ColumnType.PERCENT),
        Column("students", "Students with evidence", ColumnType.INTEGER),
    )
    chart = Chart(
        "column",
        f"Average mastery per domain vs {exam.code} weights",
        "Domains",
        "domain",
        (
            Series("Average mastery %", "mastery", "#4472C4"),
            Series("Exam weight %", "weight", "#ED7D31"),
        ),
        y_title="%",
        y_max=100,
    )
    return Sheet(
        "Domains",
        columns,
        out,
        per_student=False,
        group_size="students",
        suppress=("mastery",),
        charts=(chart,),
        autofilter=False,
        conditional_formats=(ColorScale(("mastery",), min_value=0, max_value=100),),
    )
