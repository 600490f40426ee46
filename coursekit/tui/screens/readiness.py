"""Readiness: every active student's certification readiness (one row per student and exam).

Sorted by risk (most at risk first): "not yet" by predicted score (lowest first), then "no
data" (no usable practice attempt), then "close", then "ready". Filter words: the status
(``not-yet``, ``no-data``, ``close``, ``ready``) and the exam code as well as name, id, section.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from rich.text import Text

from coursekit.domain.engine_records import ReadinessRow
from coursekit.domain.readiness import ReadinessResult, ReadinessStatus
from coursekit.tui.commands import PaletteCommand
from coursekit.tui.screens.class_table import ClassTableScreen, student_columns
from coursekit.tui.screens.dashboard_panels import short_names
from coursekit.tui.text import literal
from coursekit.tui.widgets.charts import percent
from coursekit.tui.widgets.record_table import Column, RecordTable

STATUS_LOOK = {
    ReadinessStatus.NOT_YET: (0, "not yet", "bold red"),
    ReadinessStatus.NO_DATA: (1, "no data", "magenta"),
    ReadinessStatus.CLOSE: (2, "close", "yellow"),
    ReadinessStatus.READY: (3, "ready", "bold green"),
}


def status_cell(result: ReadinessResult) -> Text:
    _, word, style = STATUS_LOOK[result.status]
    return literal(word, style)


def risk_key(row: ReadinessRow) -> tuple[int, float, str]:
    result = row.result
    return (
        STATUS_LOOK[result.status][0],
        result.predicted_score if result.predicted_score is not None else 0.0,
        row.student.sortable_name.casefold(),
    )


def weakest_names(result: ReadinessResult) -> str:
    """The weakest domains by name, without the words every domain name starts with."""
    names = dict(
        zip(
            (d.number for d in result.domains),
            short_names([d.name for d in result.domains]),
            strict=True,
        )
    )
    return ", ".join(f"{n} {names[n]}" for n in result.weakest)


def _gap(result: ReadinessResult) -> Text:
    if result.predicted_score is None:
        return literal("")
    gap = result.predicted_score - result.passing_score
    return literal(f"{gap:+.0f}", "green" if gap >= 0 else "red")


def _pace(result: ReadinessResult) -> Text:
    ratio = result.pace_ratio
    if ratio is None:
        return literal("–", "dim")
    return literal(f"{ratio:.2f}×", "red" if ratio > 1 else "")


def readiness_columns(several_exams: bool) -> list[Column[ReadinessRow]]:
    columns: list[Column[ReadinessRow]] = [
        *student_columns(),
        Column("risk", "Status", lambda r: status_cell(r.result), width=8, sort_key=risk_key),
        Column(
            "predicted",
            "Predicted",
            lambda r: "" if r.result.predicted_score is None else f"{r.result.predicted_score:.0f}",
            width=9,
            justify="right",
            sort_key=lambda r: r.result.predicted_score or 0.0,
        ),
        Column(
            "gap",
            "vs pass",
            lambda r: _gap(r.result),
            width=7,
            justify="right",
            sort_key=lambda r: (r.result.predicted_score or 0.0) - r.result.passing_score,
        ),
        Column(
            "coverage",
            "Evidence",
            lambda r: percent(r.result.coverage),
            width=8,
            justify="right",
            sort_key=lambda r: r.result.coverage,
        ),
        Column(
            "attempts",
            "Tries",
            lambda r: r.result.attempts_used,
            width=5,
            justify="right",
        ),
        Column(
            "last",
            "Last try",
            lambda r: (
                "" if r.result.last_attempt_at is None else f"{r.result.last_attempt_at:%Y-%m-%d}"
            ),
            width=10,
            sort_key=lambda r: (
                r.result.last_attempt_at.timestamp() if r.result.last_attempt_at else 0.0
            ),
        ),
        Column(
            "pace",
            "Pace",
            lambda r: _pace(r.result),
            width=6,
            justify="right",
            sort_key=lambda r: r.result.pace_ratio or 0.0,
        ),
        Column("weakest", "Weakest domains", lambda r: weakest_names(r.result), max_width=40),
    ]
    if several_exams:
        columns.insert(3, Column("exam", "Exam", lambda r: r.result.exam_code, max_width=10))
    return columns


class ReadinessScreen(ClassTableScreen):
    NAME = "readiness"
    TITLE = "Readiness"
    NOUN = "rows"
    FILTER_HINT = "/ to filter by name, id, section, exam — or not-yet, no-data, close, ready"
    DEFAULT_SORT = ("risk", False)

    def fetch(self, code: str) -> list[ReadinessRow]:
        from coursekit.services.views.readiness import readiness_rows

        return readiness_rows(self.ctx, code, now=self.ck.now())

    def key_of(self, record: ReadinessRow) -> Any:
        return (record.student.enrollment_id, record.result.exam_code)

    def columns_for(self, result: list[ReadinessRow]) -> Sequence[Column[Any]]:
        return readiness_columns(len({r.result.exam_code for r in result}) > 1)

    def search_of(self, record: ReadinessRow) -> str:
        status = record.result.status.value.replace("_", "-")
        return f"{super().search_of(record)}\t{record.result.exam_code}\t{status}"

    def status_parts(self, table: RecordTable[Any]) -> list[str]:
        rows: list[ReadinessRow] = (
            table.visible_records() if table.filter_text.strip() else (self.result or [])
        )
        counts = {status: 0 for status in STATUS_LOOK}
        for row in rows:
            counts[row.result.status] += 1
        return [f"{counts[s]:,} {STATUS_LOOK[s][1]}" for s in STATUS_LOOK]

    def palette_commands(self) -> Iterable[PaletteCommand]:
        if self.result is None:
            return
        yield from self.sort_commands("readiness")
        yield self.filter_command("Readiness: not yet ready", "Filter the list", "not-yet")
        yield self.filter_command("Readiness: no practice data", "Filter the list", "no-data")
        yield self.filter_command("Readiness: clear the filter", "Show every student", "")
