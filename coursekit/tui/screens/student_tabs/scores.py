"""Scores: every assessment (points / possible, EX / missing / late, late deduction) and the
Canvas-style Current / Final totals with the letter; ``o`` sets or clears the final-grade
override (version-checked: a concurrent change shows a conflict, never overwrites); ``e``
edits the highlighted score (points, EX, or empty to clear), ``x`` excuses it, ``d`` grants
an extension, ``w`` explains the grade (every item, deduction, drop and the arithmetic)."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Static

from coursekit.domain.engine_records import StudentGrades
from coursekit.domain.enums import CANVAS_MARKS, ScoreStatus
from coursekit.domain.grade_explanation import GradeExplanation
from coursekit.domain.grading import ItemGrade
from coursekit.domain.records import RosterRow
from coursekit.services.context import Conflict, ServiceError
from coursekit.tui.hints import error_text
from coursekit.tui.screens.student_tabs.base import StudentTab
from coursekit.tui.screens.student_tabs.tab_focus import take_focus
from coursekit.tui.text import literal
from coursekit.tui.widgets.record_table import Column, RecordTable
from coursekit.tui.workers import deliver, service_work

ScoreLine = tuple[ItemGrade, str, bool, bool]  # (item, title, dropped from Final, past due)


def _points(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def _submitted_late(item: ItemGrade) -> bool:
    submitted, due = item.submitted_at, item.due_at
    return submitted is not None and due is not None and submitted > due


def status_cell(item: ItemGrade, dropped: bool, past_due: bool) -> Text:
    """EX / N/A / missing / submitted / not due / late / graded (+ "dropped" when the drop
    rule left the item out of the Final total)."""
    if item.status == ScoreStatus.EXCUSED:
        text = literal(CANVAS_MARKS[item.status], "cyan")
    elif item.status == ScoreStatus.NOT_ASSIGNED:
        text = literal(CANVAS_MARKS[item.status], "dim")
    elif item.points is None:
        if item.submitted_at is not None:
            text = literal("submitted", "")
        elif past_due:
            text = literal("missing", "bold red")
        else:
            text = literal("not due", "dim")
    elif item.late_deduction > 0 or _submitted_late(item):
        text = literal("late", "yellow")
    else:
        text = literal("graded", "green")
    if dropped:
        text.append(" · dropped", "dim")
    return text


SCORE_COLUMNS: tuple[Column[ScoreLine], ...] = (
    Column("title", "Assessment", lambda s: s[1], max_width=36),
    Column("category", "Category", lambda s: s[0].category, max_width=14),
    Column(
        "points",
        "Points",
        lambda s: f"{_points(s[0].points) or '–'} / {s[0].possible:g}",
        width=11,
        justify="right",
        sort_key=lambda s: (s[0].points or 0) / s[0].possible if s[0].possible else 0,
    ),
    Column("status", "Status", lambda s: status_cell(s[0], s[2], s[3]), width=17),
    Column(
        "late",
        "Late",
        lambda s: literal(f"−{s[0].late_deduction:g}" if s[0].late_deduction else "", "yellow"),
        width=6,
        justify="right",
        sort_key=lambda s: -s[0].late_deduction,
    ),
    Column(
        "effective",
        "Counts",
        lambda s: _points(s[0].effective_points),
        width=6,
        justify="right",
    ),
    Column(
        "due",
        "Due",
        lambda s: "" if s[0].due_at is None else f"{s[0].due_at:%m-%d %H:%M}",
        width=11,
        sort_key=lambda s: s[0].due_at.timestamp() if s[0].due_at else 0.0,
    ),
)


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f} %"


def totals_text(grades: StudentGrades) -> Text:
    g = grades.row.grade
    out = Text(no_wrap=True, end="")
    out.append("Current ")
    out.append(_pct(g.current_percent), "bold")
    out.append(f" ({g.current_letter or '–'})   Final ")
    out.append(_pct(g.final_percent), "bold")
    out.append(f" ({g.final_letter or '–'})   ")
    if g.override_percent is not None:
        out.append("Override ", "bold yellow")
        out.append(_pct(g.override_percent), "bold yellow")
        out.append("   ")
    out.append("Letter ")
    out.append(g.letter or "–", "bold reverse")
    if g.late_deductions:
        out.append(f"   late deductions −{g.late_deductions:g} pts", "yellow")
    out.append("\n")
    for index, cat in enumerate(g.categories):
        if index:
            out.append(" · ", "dim")
        weight = f" ({cat.weight:g} %)" if cat.weight is not None else ""
        out.append(f"{cat.name}{weight} ", "dim")
        out.append(f"{_pct(cat.current_percent)} / {_pct(cat.final_percent)}")
    return out


class ScoresTab(StudentTab):
    TAB_ID = "scores"
    TITLE = "Scores"
    # Styles: screens/student.tcss (shown only on the student screen).
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "o",
            "override",
            "Override",
            id="student.override",
            tooltip="Set or clear the final-grade override (percent)",
        ),
        Binding("e", "edit_score", "Edit score", tooltip="Points, EX, or empty to clear"),
        Binding("x", "excuse", "Excuse", tooltip="Excuse the highlighted assessment (EX)"),
        Binding("d", "extend", "Extension", tooltip="A personal due date for this student"),
        Binding("w", "explain", "Why", tooltip="Explain the grade: items, drops, arithmetic"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.grades: StudentGrades | None = None

    def compose(self) -> ComposeResult:
        yield Static(Text("Loading…"), id="scores-totals")
        yield RecordTable(
            SCORE_COLUMNS,
            key=lambda s: s[0].key,
            empty_text="Loading…",
            id="scores-table",
        )

    def on_show(self) -> None:
        take_focus(self, "#scores-table")

    def show_student(self, row: RosterRow) -> None:
        super().show_student(row)
        self.load(row.enrollment_id)

    @service_work(group="student.scores")
    def load(self, enrollment_id: int) -> None:
        from coursekit.services.views.grades import student_grades

        grades = student_grades(self.ctx, enrollment_id, now=self.ck.now())
        deliver(self.app, self.show_grades, grades)

    def show_grades(self, grades: StudentGrades) -> None:
        self.grades = grades
        dropped = {k for c in grades.row.grade.categories for k in c.dropped_final}
        now = self.ck.now()
        lines = [
            (
                item,
                grades.titles.get(item.key, item.key),
                item.key in dropped,
                item.due_at is not None and item.due_at < now,
            )
            for item in grades.items
        ]
        self.query_one("#scores-totals", Static).update(totals_text(grades))
        table = self.query_one(RecordTable)
        table.empty_text = "No assessments in this course"
        table.set_records(lines)

    # ------------------------------------------------------------ override

    def action_override(self) -> None:
        from coursekit.tui.screens.student_tabs.override import OverrideChoice, OverrideDialog

        grades = self.grades
        if grades is None:
            return

        def chosen(choice: OverrideChoice | None) -> None:
            if choice is not None:
                self.save_override(grades, choice.percent)

        grade = grades.row.grade
        self.app.push_screen(OverrideDialog(grade.override_percent, grade.final_percent), chosen)

    @service_work(group="student.override")
    def save_override(self, grades: StudentGrades, percent: float | None) -> None:
        from coursekit.services.views.grades import set_override

        try:
            set_override(
                self.ctx,
                grades.row.student.enrollment_id,
                percent,
                grades.row.enrollment_version,
                now=self.ck.now(),
            )
        except Conflict as exc:
            deliver(self.app, self.conflicted, error_text(exc))
        except ServiceError as exc:
            deliver(self.app, self.refused, error_text(exc))
        else:
            deliver(self.app, self.saved, percent)

    def saved(self, percent: float | None) -> None:
        message = "Override cleared" if percent is None else f"Override set to {percent:g} %"
        self.notify(message, markup=False)
        self.ck.data_changed()
        self.post_message(self.Changed())

    def refused(self, message: str) -> None:
        self.notify(message, title="Not saved", severity="error", markup=False)

    def conflicted(self, message: str) -> None:
        self.notify(
            message, title="Not saved: conflict", severity="error", timeout=10, markup=False
        )
        self.post_message(self.Changed())  # reload: show what is stored now

    # ------------------------------------------------------- score edits

    def _line(self) -> ScoreLine | None:
        return self.query_one(RecordTable).cursor_record

    def action_edit_score(self) -> None:
        from coursekit.tui.screens.student_tabs.score_dialogs import ScoreDialog, ScoreEntry

        line = self._line()
        if line is None or self.row is None:
            return
        item, title = line[0], line[1]
        current = CANVAS_MARKS.get(item.status) or _points(item.points)

        def chosen(entry: object) -> None:
            if isinstance(entry, ScoreEntry):
                self.save_score(item.key, entry.kind, entry.points)

        self.app.push_screen(ScoreDialog(title, current, item.possible), chosen)

    def action_excuse(self) -> None:
        line = self._line()
        if line is not None and line[0].status != ScoreStatus.EXCUSED:
            self.save_score(line[0].key, "excuse", None)

    @service_work(group="student.score")
    def save_score(self, key: str, kind: str, points: float | None) -> None:
        from coursekit.services.roster import score_edits

        row = self.row
        assert row is not None
        course = self.ck.course_code
        # the version this tab showed (0: no score then): a change made since is a conflict
        seen = self.grades.score_versions.get(key, 0) if self.grades is not None else None
        try:
            if kind == "set":
                assert points is not None
                change = score_edits.set_score(
                    self.ctx, course, row.student_id, key, points, expected_version=seen
                )
            elif kind == "excuse":
                change = score_edits.excuse_score(
                    self.ctx, course, row.student_id, key, expected_version=seen
                )
            else:
                change = score_edits.clear_score(
                    self.ctx, course, row.student_id, key, expected_version=seen
                )
        except Conflict as exc:
            deliver(self.app, self.conflicted, error_text(exc))
        except ServiceError as exc:
            deliver(self.app, self.refused, error_text(exc))
        else:
            deliver(self.app, self.edited, f"{change.title}: {change.old} → {change.new}")

    def action_extend(self) -> None:
        from coursekit.tui.screens.student_tabs.score_dialogs import DueChoice, ExtensionDialog

        line = self._line()
        if line is None or self.grades is None:
            return
        item, title = line[0], line[1]
        # +N counts from the student's due date now (their extension, if they have one).
        base, current = item.due_at, None

        def chosen(choice: object) -> None:
            if isinstance(choice, DueChoice):
                self.save_extension(item.key, choice.due_at)

        self.app.push_screen(ExtensionDialog(title, base, current), chosen)

    @service_work(group="student.score")
    def save_extension(self, key: str, due_at: datetime | None) -> None:
        from coursekit.services.roster.score_edits import extend

        row = self.row
        assert row is not None
        try:
            granted = extend(self.ctx, self.ck.course_code, row.student_id, key, due_at)
        except Conflict as exc:
            deliver(self.app, self.conflicted, error_text(exc))
        except ServiceError as exc:
            deliver(self.app, self.refused, error_text(exc))
        else:
            due = granted.extended_due_at
            text = "extension removed" if due is None else f"due {due:%Y-%m-%d %H:%M %Z}"
            deliver(self.app, self.edited, f"{granted.title}: {text}")

    def edited(self, message: str) -> None:
        self.notify(message, title="Saved", markup=False)
        self.ck.data_changed()
        self.post_message(self.Changed())

    def action_explain(self) -> None:
        if self.row is not None:
            self.load_explanation(self.row.enrollment_id)

    @service_work(group="student.explain")
    def load_explanation(self, enrollment_id: int) -> None:
        from coursekit.services.views.grade_explanation import explain_grade

        explanation = explain_grade(self.ctx, enrollment_id, now=self.ck.now())
        deliver(self.app, self.show_explanation, explanation)

    def show_explanation(self, explanation: GradeExplanation) -> None:
        from coursekit.tui.screens.student_tabs.score_dialogs import ExplanationScreen

        self.app.push_screen(ExplanationScreen(explanation))
