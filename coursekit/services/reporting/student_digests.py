"""Per-student digests of a course (grades, labs, credits, readiness, checklist) and the
two things built from them: message drafts (``coursekit nudges --compose``) and
progress sheets (``coursekit report student-sheets``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from coursekit.domain.checklist import ChecklistEntry
from coursekit.domain.grade_explanation import GradeExplanation
from coursekit.domain.labs import nudge_reasons
from coursekit.domain.messages import Message, compose
from coursekit.domain.problems import ProblemCode
from coursekit.domain.readiness import ReadinessResult
from coursekit.domain.student_digest import LabLine, StudentDigest
from coursekit.interchange.eml_drafts import file_stem, write_drafts
from coursekit.interchange.message_templates import (
    ensure_templates,
    load_templates,
    templates_path,
)
from coursekit.interchange.student_sheet import write_sheets
from coursekit.interchange.toml_source import SourceError
from coursekit.services.checklists import class_checklists, student_checklist_by_id
from coursekit.services.context import ServiceContext, ServiceError
from coursekit.services.roster.roster import list_roster
from coursekit.services.views.credits import credit_rows
from coursekit.services.views.engine_data import load_course, resolve_now
from coursekit.services.views.grade_explanation import explain_grade
from coursekit.services.views.grades import grade_rows
from coursekit.services.views.labs import check_nudge_window, lab_matrix
from coursekit.services.views.readiness import readiness_rows


def student_digests(
    ctx: ServiceContext,
    course: str | None = None,
    *,
    now: datetime | None = None,
    behind: int = 2,
    days: float = 3,
    section: str | None = None,
    with_items: bool = False,
) -> list[StudentDigest]:
    """One digest per active student (by sortable name), from the class-wide views.
    ``with_items`` (progress sheets) also loads each student's checklist items and explains
    their grade (a few queries per student)."""
    check_nudge_window(behind, days)
    at = resolve_now(now)
    with ctx.read() as session:
        spec = load_course(ctx, session, course).syllabus.course
    code = spec.code
    grades = {r.student.enrollment_id: r.grade for r in grade_rows(ctx, code, now=at)}
    matrix = lab_matrix(ctx, code, now=at, section=section)
    credit = {r.student.enrollment_id: r.forecast for r in credit_rows(ctx, code, now=at)}
    readiness: dict[int, list[ReadinessResult]] = {}
    for r in readiness_rows(ctx, code, now=at):
        readiness.setdefault(r.student.enrollment_id, []).append(r.result)
    checklists = {r.enrollment_id: r for r in class_checklists(ctx, code, today=at.date())}
    emails = {r.enrollment_id: r.email for r in list_roster(ctx, code)}
    titles = {lab.key: lab for lab in matrix.labs}
    digests = []
    for row in matrix.rows:
        eid = row.student.enrollment_id
        nudge = nudge_reasons(row.labs, at, behind=behind, days=days)
        items: tuple[ChecklistEntry, ...] = ()
        explanation: GradeExplanation | None = None
        if with_items:  # a progress sheet: the student's items and their grade explained
            if eid in checklists and checklists[eid].handed_in:
                items = student_checklist_by_id(ctx, eid).items
            explanation = explain_grade(ctx, eid, now=at)
        digests.append(
            StudentDigest(
                student=row.student,
                email=emails.get(eid),
                course_code=code,
                course_title=spec.title,
                accounts_close_on=spec.accounts_close_on,
                grade=grades.get(eid),
                labs=tuple(
                    LabLine(
                        c.key,
                        titles[c.key].title,
                        str(c.state),
                        c.percent,
                        c.due_at,
                        c.overdue,
                    )
                    for c in row.labs.cells
                ),
                nudge=nudge or None,
                credits=credit.get(eid),
                readiness=tuple(readiness.get(eid, ())),
                target_exam=spec.exam_code,
                checklist=checklists.get(eid),
                checklist_items=items,
                labs_passed_due=row.labs.passed_due,
                labs_due_so_far=row.labs.due_so_far,
                explanation=explanation,
            )
        )
    return digests


@dataclass(frozen=True, slots=True)
class ComposeResult:
    messages: tuple[Message, ...]
    files: tuple[Path, ...]  # the .eml drafts and mail-merge.csv
    no_address: tuple[Message, ...]  # composed, but the student has no usable address
    templates: Path
    templates_created: bool  # the defaults were written there this time


def compose_messages(
    ctx: ServiceContext,
    course: str | None,
    out_dir: Path,
    *,
    sender: str | None = None,
    now: datetime | None = None,
    behind: int = 2,
    days: float = 3,
    section: str | None = None,
) -> ComposeResult:
    """Write one ``.eml`` draft per student who has a reason to hear from the instructor
    (every reason in one message) and ``mail-merge.csv``, from the course's editable
    templates (created from the defaults the first time). Sends nothing."""
    at = resolve_now(now)
    digests = student_digests(ctx, course, now=at, behind=behind, days=days, section=section)
    code = digests[0].course_code if digests else _course_code(ctx, course)
    path = templates_path(ctx.settings.data_dir, code)
    created = ensure_templates(path)
    try:
        templates = load_templates(path)
    except SourceError as exc:
        raise ServiceError(
            f"{path.parent / str(exc)}", code=ProblemCode.INVALID_VALUE, field="templates"
        ) from None
    messages = tuple(m for m in (compose(d, templates) for d in digests) if m is not None)
    files, no_address = write_drafts(out_dir, messages, sender=sender, date=at)
    return ComposeResult(messages, tuple(files), tuple(no_address), path, created)


def write_student_sheets(
    ctx: ServiceContext,
    course: str | None,
    out_dir: Path,
    *,
    now: datetime | None = None,
    section: str | None = None,
) -> list[Path]:
    """A Markdown and an HTML progress sheet per active student, each with only that
    student's data."""
    at = resolve_now(now)
    written: list[Path] = []
    used: set[str] = set()
    for digest in student_digests(ctx, course, now=at, section=section, with_items=True):
        stem = file_stem(digest.student.student_id, used)
        written += write_sheets(out_dir, stem, digest, at.strftime("%Y-%m-%d %H:%M UTC"))
    return written


def _course_code(ctx: ServiceContext, course: str | None) -> str:
    with ctx.read() as session:
        return load_course(ctx, session, course).code
