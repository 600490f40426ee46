"""Readiness: per exam, a bar per domain against the passing line, the weakest domains, the
labs to do next for them, and the practice pace against the exam's time budget."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from coursekit.domain.engine_records import ReadinessRow
from coursekit.domain.exams import SCALED_MAX, SCALED_MIN
from coursekit.domain.readiness import (
    NEXT_LABS,
    DomainReadiness,
    ReadinessResult,
    suggested_labs,
)
from coursekit.domain.records import RosterRow
from coursekit.tui.screens.readiness import STATUS_LOOK
from coursekit.tui.screens.student_tabs.base import StudentTab
from coursekit.tui.screens.student_tabs.tab_focus import take_focus
from coursekit.tui.text import literal
from coursekit.tui.widgets.charts import marked_bar, percent
from coursekit.tui.workers import deliver, service_work

BAR = 30
NAME_WIDTH = 38


def passing_share(result: ReadinessResult) -> float:
    """The passing score as a mastery share (0-1) on the 100-1000 scale."""
    return (result.passing_score - SCALED_MIN) / (SCALED_MAX - SCALED_MIN)


def _domain_line(domain: DomainReadiness, line: float) -> Text:
    out = Text(no_wrap=True, end="")
    name = f"{domain.number} {domain.name}"
    out.append_text(literal(name[:NAME_WIDTH].ljust(NAME_WIDTH)))
    out.append(f"{domain.weight:>3.0f} % ", "dim")
    mastery = domain.mastery
    style = "dim" if mastery is None else "green" if mastery >= line else "red"
    out.append_text(marked_bar(mastery, line, BAR, style, "bold"))
    out.append(f" {percent(mastery):>5}", "bold")
    practice = "–" if domain.practice is None else percent(domain.practice)
    out.append(f"  practice {practice:>5}", "dim")
    labs = f"{domain.labs_passed}/{domain.labs_counted}" if domain.labs_counted else "–"
    out.append(f" · labs {labs}", "dim")
    return out


def result_text(result: ReadinessResult, titles: Mapping[str, str]) -> Text:
    out = Text(end="")
    _, word, style = STATUS_LOOK[result.status]
    out.append(f" {result.exam_code} ", "bold reverse")
    out.append("  ")
    out.append(word, style)
    if result.predicted_score is not None:
        out.append(f" · predicted {result.predicted_score:.0f}", "bold")
    out.append(f" (pass {result.passing_score})")
    out.append(f" · evidence covers {percent(result.coverage)} of the exam")
    out.append(f" · {result.attempts_used} practice attempts")
    if result.last_attempt_at is not None:
        out.append(f", last {result.last_attempt_at:%Y-%m-%d}")
    out.append("\n\n")
    line = passing_share(result)
    out.append(" " * (NAME_WIDTH + 6))
    out.append(f"{'mastery by domain; │ = the passing line':<{BAR}}", "dim")
    out.append("\n")
    for domain in result.domains:
        out.append_text(_domain_line(domain, line))
        out.append("\n")
    by_number = {d.number: d for d in result.domains}
    if result.weakest:
        out.append("\nWeakest: ", "bold")
        out.append_text(
            literal(", ".join(f"{n} {by_number[n].name}" for n in result.weakest if n in by_number))
        )
        out.append("\nNext labs: ", "bold")
        out.append_text(literal(next_labs_line(result, titles) or "none mapped to these domains"))
    out.append("\nPacing: ", "bold")
    ratio = result.pace_ratio
    if ratio is None or result.seconds_per_question is None:
        out.append("no timed practice yet", "dim")
    else:
        out.append(
            f"{result.seconds_per_question:.0f} s per question vs the exam's "
            f"{result.budget_seconds_per_question:.0f} s budget ",
        )
        out.append(
            f"({ratio:.2f}×{', too slow' if ratio > 1 else ''})",
            "bold red" if ratio > 1 else "green",
        )
    return out


def next_labs_line(result: ReadinessResult, titles: Mapping[str, str]) -> str:
    """Up to NEXT_LABS labs not passed yet that cover the weakest domains, weakest first."""
    return "; ".join(titles.get(key, key) for key in suggested_labs(result, NEXT_LABS))


def readiness_text(rows: Sequence[ReadinessRow], titles: Mapping[str, str]) -> Text:
    if not rows:
        return Text("No target exam for this course and no practice attempts.", style="dim")
    out = Text(end="")
    for index, row in enumerate(rows):
        if index:
            out.append("\n\n")
        out.append_text(result_text(row.result, titles))
    return out


class ReadinessTab(StudentTab):
    TAB_ID = "readiness"
    TITLE = "Readiness"
    # Styles: screens/student.tcss (shown only on the student screen).

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="readiness-scroll"):
            yield Static(Text("Loading…"), id="readiness-text")

    def on_show(self) -> None:
        take_focus(self, "#readiness-scroll")

    def show_student(self, row: RosterRow) -> None:
        super().show_student(row)
        self.load(row.enrollment_id)

    @service_work(group="student.readiness")
    def load(self, enrollment_id: int) -> None:
        from coursekit.services.courses import course_syllabus
        from coursekit.services.views.readiness import student_readiness

        rows = student_readiness(self.ctx, enrollment_id, now=self.ck.now())
        code = self.ck.course_code
        titles = {a.key: a.title for a in course_syllabus(self.ctx, code).assessments}
        deliver(self.app, self.show_readiness, rows, titles)

    def show_readiness(self, rows: list[ReadinessRow], titles: dict[str, str]) -> None:
        self.query_one("#readiness-text", Static).update(readiness_text(rows, titles))
