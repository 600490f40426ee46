"""The grades report: per-student scores and totals, per-section sheets, distribution,
and the Canvas gradebook import file."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from coursekit.db.queries.course_data import enrolled_students, score_facts
from coursekit.db.queries.roster import Contact, contacts
from coursekit.domain.engine_records import GradeRow
from coursekit.domain.enums import CANVAS_MARKS
from coursekit.domain.grading import ScoreFact
from coursekit.domain.report_model import (
    GENERAL,
    MIN_GROUP,
    Chart,
    ColorScale,
    Column,
    ColumnType,
    Role,
    Series,
    Sheet,
    TextRule,
    mean,
    median,
    share_percent,
    split_by_section,
)
from coursekit.domain.syllabus import Syllabus
from coursekit.interchange.canvas_export import CanvasAssignment, CanvasScore, CanvasStudent
from coursekit.services.context import ServiceContext
from coursekit.services.views.engine_data import load_course
from coursekit.services.views.grades import grade_enrolled

ALL = "All"
EXCUSED_TEXT = CANVAS_MARKS


@dataclass(frozen=True, slots=True)
class GradeData:
    syllabus: Syllabus
    rows: list[GradeRow]
    scores: dict[int, dict[str, ScoreFact]]  # enrollment id -> key -> fact
    contacts: dict[int, Contact]  # enrollment id -> contact


def load_grade_data(
    ctx: ServiceContext, course: str, *, now: datetime, section: str | None
) -> GradeData:
    """Grades as ``services.grades.grade_rows`` computes them (same ``grade_enrolled``), from
    one read of the scores (the report needs the raw scores too, and that query dominates
    the time)."""
    with ctx.read() as session:
        data = load_course(ctx, session, course)
        students = enrolled_students(session, course_id=data.id, section=section)
        scores = score_facts(session, course_id=data.id)
        reach = contacts(session, course_id=data.id)
    rows = grade_enrolled(data.syllabus, students, scores, now=now)
    return GradeData(data.syllabus, rows, scores, reach)


def _score_value(fact: ScoreFact | None) -> Any:
    if fact is None:
        return None
    if fact.status in EXCUSED_TEXT:
        return EXCUSED_TEXT[fact.status]
    return fact.points


def grade_sheets(data: GradeData, *, split_sections: bool) -> list[Sheet]:
    syllabus = data.syllabus
    specs = syllabus.assessments
    categories = syllabus.grading.categories
    columns = [
        Column("name", "Student", role=Role.NAME, width=26),
        Column("student_id", "Student ID", role=Role.STUDENT_ID, width=13),
        Column("email", "Email", role=Role.EMAIL, width=26),
        Column("section", "Section", role=Role.SECTION, width=14),
    ]
    columns += [
        Column(f"a:{a.key}", f"{a.title} ({a.key})", ColumnType.NUMBER, GENERAL, width=12)
        for a in specs
    ]
    columns += [
        Column(f"c:{c.name}", f"{c.name} (current %)", ColumnType.PERCENT, width=12)
        for c in categories
    ]
    columns += [
        Column("late", "Late deductions (points)", ColumnType.NUMBER, width=11),
        Column("current", "Current %", ColumnType.PERCENT, width=10),
        Column("final", "Final %", ColumnType.PERCENT, width=10),
        Column("override", "Override %", ColumnType.PERCENT, width=10),
        Column("letter", "Grade", width=8),
    ]
    keys = [a.key for a in specs]
    empty: dict[str, ScoreFact] = {}
    no_contact = Contact(None, None, None)
    rows: list[tuple[Any, ...]] = []
    for row in data.rows:
        ref, grade = row.student, row.grade
        facts = data.scores.get(ref.enrollment_id, empty)
        contact = data.contacts.get(ref.enrollment_id, no_contact)
        cats = {c.name: c.current_percent for c in grade.categories}
        rows.append(
            (
                ref.sortable_name or ref.name,
                ref.student_id,
                contact.email,
                ref.section,
                *(_score_value(facts.get(k)) for k in keys),
                *(cats.get(c.name) for c in categories),
                round(grade.late_deductions, 2),
                grade.current_percent,
                grade.final_percent,
                grade.override_percent,
                grade.letter,
            )
        )
    formats = (
        ColorScale(("current", "final", "override"), min_value=0, max_value=100),
        TextRule(("letter",), "F", fill="#F8CBAD", font="#9C0006"),
    )
    every = Sheet(ALL, tuple(columns), rows, conditional_formats=formats)
    sheets = [every]
    if split_sections and len({r[3] for r in rows}) > 1:
        sheets += split_by_section(every, taken=[ALL, "Distribution", "Sections", "About"])
    sheets.append(_distribution(data))
    sheets.append(_sections(data))
    return sheets


def _distribution(data: GradeData) -> Sheet:
    letters = [g.letter for g in data.syllabus.grading.letters]
    counts = Counter(r.grade.letter for r in data.rows)
    size = len(data.rows)
    order: list[str | None] = [
        *letters,
        *sorted(k for k in counts if k is not None and k not in letters),
    ]
    if counts.get(None):
        order.append(None)
    rows = [
        (
            letter or "no grade",
            counts.get(letter, 0),
            share_percent(counts.get(letter, 0), size),
            size,
        )
        for letter in order
    ]
    columns = (
        Column("letter", "Grade"),
        Column("students", "Students", ColumnType.INTEGER),
        Column("share", "% of class", ColumnType.PERCENT),
        Column("size", "Class size", ColumnType.INTEGER),
    )
    chart = Chart(
        "column",
        "Grade distribution",
        "Distribution",
        "letter",
        (Series("Students", "students", "#4472C4"),),
        x_title="Grade",
        y_title="Students",
    )
    return Sheet(
        "Distribution",
        columns,
        rows,
        per_student=False,
        group_size="size",
        suppress=("students", "share"),
        charts=(chart,),
        autofilter=False,
    )


def _sections(data: GradeData) -> Sheet:
    groups: dict[str, list[GradeRow]] = {}
    for row in data.rows:
        groups.setdefault(row.student.section, []).append(row)
    rows = []
    for section in sorted(groups):
        members = groups[section]
        finals = [r.grade.effective_percent for r in members]
        currents = [r.grade.current_percent for r in members]
        rows.append(
            (
                section or "(none)",
                len(members),
                _r(mean(currents)),
                _r(mean(finals)),
                _r(median(finals)),
            )
        )
    columns = (
        Column("section", "Section"),
        Column("students", "Students", ColumnType.INTEGER),
        Column("mean_current", "Mean current %", ColumnType.PERCENT),
        Column("mean_final", "Mean final %", ColumnType.PERCENT),
        Column("median_final", "Median final %", ColumnType.PERCENT),
    )
    notes = (
        f"Final % is the override where one is set. Groups under {MIN_GROUP} students "
        "lose their statistics in anonymised reports.",
    )
    return Sheet(
        "Sections",
        columns,
        rows,
        per_student=False,
        group_size="students",
        suppress=("mean_current", "mean_final", "median_final"),
        notes=notes,
    )


def _r(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def canvas_records(
    data: GradeData,
) -> tuple[list[CanvasAssignment], list[CanvasStudent]]:
    """The Canvas import file's assignments and student rows (stored points, not penalised)."""
    specs = data.syllabus.assessments
    assignments = [CanvasAssignment(a.key, a.title, a.points) for a in specs]
    keys = [a.key for a in specs]
    empty: dict[str, ScoreFact] = {}
    students = []
    for row in data.rows:
        ref, grade = row.student, row.grade
        facts = data.scores.get(ref.enrollment_id, empty)
        contact = data.contacts.get(ref.enrollment_id, Contact(None, None, None))
        scores: Sequence[CanvasScore | None] = [
            None if (f := facts.get(k)) is None else CanvasScore(f.points, f.status) for k in keys
        ]
        students.append(
            CanvasStudent(
                name=ref.sortable_name or ref.name,
                canvas_id=contact.lms_id or "",
                sis_user_id=ref.student_id,
                sis_login_id=contact.login or contact.email or "",
                section=ref.section,
                scores=scores,
                current_score=grade.current_percent,
                final_score=grade.effective_percent,
                final_grade=grade.letter,
            )
        )
    return assignments, students
