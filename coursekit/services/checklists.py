"""Export checklists: attach a student's template, track items, class view, Markdown export."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from sqlmodel import Session

from coursekit.db import models as m
from coursekit.db.queries.checklists import (
    checklist_entries,
    checklist_item_by_id,
    checklist_item_rows,
    class_checklist_entries,
    class_checklist_students,
    latest_submission,
    latest_templates,
)
from coursekit.db.queries.courses import course_by_id, student_by_pk
from coursekit.domain import checklist as rules
from coursekit.domain.cfn import MAX_TEMPLATE_BYTES, Finding, with_findings
from coursekit.domain.enums import ChecklistStatus, EnrollmentStatus
from coursekit.domain.problems import HintKind, ProblemCode
from coursekit.interchange.cfn_guard import analyze_untrusted
from coursekit.services.audit import record_changes, save_audited
from coursekit.services.context import (
    Conflict,
    NotFound,
    ServiceContext,
    ServiceError,
    conflict_on_stale,
)
from coursekit.services.courses import find_course_row, find_enrollment_row
from coursekit.services.student_lookup import resolve_enrollment

_ITEM_CHANGED = "this item was changed by someone else; reload and retry"


@dataclass(frozen=True, slots=True)
class AttachResult:
    checklist: rules.StudentChecklist
    added: int
    kept: int
    retired: int
    reopened: int = 0


def _enrollment(session: Session, course: m.Course, who: str) -> tuple[m.Enrollment, m.Student]:
    """A student of the course by student id, email, SIS login or Canvas id."""
    return resolve_enrollment(session, course, who)


def _read_template(path: Path) -> bytes:
    from coursekit.interchange.atomic import check_input_file

    try:
        check_input_file(path)  # a FIFO would block forever
        with path.open("rb") as handle:
            return handle.read(MAX_TEMPLATE_BYTES + 1)  # one byte over lets analysis say "too big"
    except OSError as exc:
        raise ServiceError(
            f"{path.name}: cannot read the file ({exc.strerror or exc})",
            code=ProblemCode.FILE_UNREADABLE,
        ) from None


def _file_size(path: Path, read: int) -> int:
    """The real size when only the first MAX_TEMPLATE_BYTES + 1 bytes were read."""
    try:
        return max(path.stat().st_size, read)
    except OSError:
        return read


def _lint(data: bytes, name: str) -> list[Finding]:
    from coursekit.interchange.cfn_lint import lint_template

    return list(lint_template(data, name).findings)


class DroppedStudent(ServiceError):
    """The student has dropped the course: their checklist is shown nowhere."""


def attach_template(
    ctx: ServiceContext,
    course: str | None,
    who: str,
    path: Path,
    *,
    lint: bool = False,
    include_dropped: bool = False,
) -> AttachResult:
    """Store ``path`` as the student's latest template and (re)build their checklist.

    A template that does not parse is stored too (it is what the student handed in) and
    adds a blocking "template does not parse" item; the other items stay those of the
    last template that parsed. A dropped student is refused unless ``include_dropped``.
    """
    data = _read_template(path)
    analysis = analyze_untrusted(data, path.name, size=_file_size(path, len(data)))
    if lint and analysis.parse_error is None:
        analysis = with_findings(analysis, _lint(data, path.name))
    with ctx.transaction() as session:
        course_row = find_course_row(session, course)
        enrollment, student = _enrollment(session, course_row, who)
        assert enrollment.id is not None
        if enrollment.status == EnrollmentStatus.DROPPED.value and not include_dropped:
            raise DroppedStudent(
                f"{student.student_id} has dropped {course_row.code}: their checklist is not "
                "shown anywhere",
                code=ProblemCode.STUDENT_DROPPED,
                field="include_dropped",
                hint=HintKind.INCLUDE_DROPPED,
            )
        submission = m.TemplateSubmission(
            enrollment_id=enrollment.id,
            filename=path.name,
            sha256=hashlib.sha256(data).hexdigest(),
            # a rejected template keeps only the attempt's metadata (name, hash, time, error)
            content="" if analysis.parse_error else data.decode("utf-8", "replace"),
            resources=[{"logical_id": r.logical_id, "type": r.type} for r in analysis.resources],
            parse_error=analysis.parse_error,
        )
        session.add(submission)
        session.flush()
        stored = checklist_item_rows(session, enrollment_id=enrollment.id)
        if analysis.parse_error is None:
            findings, whole = analysis.findings, True
        else:  # only the "does not parse" item: the rest is the last good template's
            findings, whole = (rules.unparsable_finding(analysis.parse_error),), False
        plan = rules.merge(
            [
                rules.StoredItem(i.id or 0, (i.rule_id, i.resource, i.path), i.status, i.obsolete)
                for i in stored
            ],
            findings,
            retire_missing=whole,
        )
        _apply_plan(ctx, session, plan, stored, submission, course_row, student.id)
        record_changes(
            session,
            actor=ctx.settings.actor,
            entity="templatesubmission",
            entity_id=submission.id or 0,
            student_pk=student.id,
            changes={"filename": (None, path.name)},
        )
        enrollment_id = enrollment.id
    added, kept, retired = len(plan.add), len(plan.refresh), len(plan.retire)
    return AttachResult(
        student_checklist_by_id(ctx, enrollment_id), added, kept, retired, len(plan.reopen)
    )


def _apply_plan(
    ctx: ServiceContext,
    session: Session,
    plan: rules.MergePlan,
    stored: list[m.ChecklistItem],
    submission: m.TemplateSubmission,
    course_row: m.Course,
    student_pk: int | None,
) -> None:
    """Write a merge plan: new items, refreshed (and reopened) ones, retired ones."""
    submission_id = submission.id
    by_id = {i.id: i for i in stored}
    for finding in plan.add:
        session.add(
            _new_item(
                submission.enrollment_id, submission_id, finding, course_row.accounts_close_on
            )
        )
    reopen = set(plan.reopen)
    for item_id, finding in plan.refresh:
        item = by_id[item_id]
        item.message, item.fix, item.severity = (
            finding.message,
            finding.fix,
            finding.severity.value,
        )
        item.submission_id, item.obsolete = submission_id, False
        item.line = finding.line
        item.due_on = rules.due_on(finding.category, course_row.accounts_close_on)
        if item_id in reopen:  # the problem is back: the fix that closed it is gone
            item.status, item.done_at = ChecklistStatus.TODO.value, None
            save_audited(
                session,
                item,
                actor=ctx.settings.actor,
                entity="checklistitem",
                student_pk=student_pk,
                changes={"status": (ChecklistStatus.DONE.value, ChecklistStatus.TODO.value)},
            )
        else:
            session.add(item)
    for item_id in plan.retire:
        by_id[item_id].obsolete = True
        session.add(by_id[item_id])


def _new_item(
    enrollment_id: int, submission_id: int | None, finding: Finding, close: date
) -> m.ChecklistItem:
    return m.ChecklistItem(
        enrollment_id=enrollment_id,
        submission_id=submission_id,
        rule_id=finding.rule_id,
        resource=finding.resource or "",
        path=finding.path,
        line=finding.line,
        message=finding.message,
        fix=finding.fix,
        severity=finding.severity.value,
        due_on=rules.due_on(finding.category, close),
    )


def student_checklist_by_id(ctx: ServiceContext, enrollment_id: int) -> rules.StudentChecklist:
    with ctx.read() as session:
        enrollment = find_enrollment_row(session, enrollment_id)
        student = student_by_pk(session, student_pk=enrollment.student_pk)
        course = course_by_id(session, course_id=enrollment.course_id)
        assert student is not None and course is not None
        latest = latest_submission(session, enrollment_id=enrollment_id)
        return rules.StudentChecklist(
            enrollment_id=enrollment_id,
            student_id=student.student_id,
            name=student.name,
            email=student.email,
            course_code=course.code,
            accounts_close_on=course.accounts_close_on,
            template=latest.filename if latest else None,
            parse_error=latest.parse_error if latest else None,
            items=checklist_entries(session, enrollment_id=enrollment_id),
        )


def student_checklist(ctx: ServiceContext, course: str | None, who: str) -> rules.StudentChecklist:
    with ctx.read() as session:
        enrollment, _ = _enrollment(session, find_course_row(session, course), who)
        assert enrollment.id is not None
    return student_checklist_by_id(ctx, enrollment.id)


def set_item_status(
    ctx: ServiceContext,
    course: str | None,
    who: str,
    item_id: int,
    status: ChecklistStatus | str,
    *,
    note: str = "",
    expected_version: int | None = None,
) -> rules.ChecklistEntry:
    """Mark an item done, waived (a note is required) or back to to-do; audited."""
    new_status = ChecklistStatus(status)
    if new_status is ChecklistStatus.WAIVED and not note.strip():
        raise ServiceError(
            "waiving an item needs a note saying why",
            code=ProblemCode.MISSING_VALUE,
            field="note",
        )
    with conflict_on_stale(_ITEM_CHANGED), ctx.transaction() as session:
        enrollment, student = _enrollment(session, find_course_row(session, course), who)
        item = checklist_item_by_id(session, item_id=item_id)
        if item is None or item.enrollment_id != enrollment.id or item.obsolete:
            raise NotFound(f"no checklist item {item_id} for this student")
        if expected_version is not None and item.version != expected_version:
            raise Conflict(_ITEM_CHANGED)
        changes: dict[str, tuple[object, object]] = {}
        if item.status != new_status:
            changes["status"] = (item.status, new_status.value)
            item.status = new_status.value
            item.done_at = datetime.now(UTC) if new_status is not ChecklistStatus.TODO else None
        if note.strip() and note.strip() != item.note:
            changes["note"] = (item.note or None, note.strip())
            item.note = note.strip()
        if changes:
            save_audited(
                session,
                item,
                actor=ctx.settings.actor,
                entity="checklistitem",
                student_pk=student.id,
                changes=changes,
            )
        enrollment_id = enrollment.id
    assert enrollment_id is not None
    return next(e for e in student_checklist_by_id(ctx, enrollment_id).items if e.id == item_id)


def class_checklists(
    ctx: ServiceContext,
    course: str | None = None,
    *,
    today: date | None = None,
    section: str | None = None,
) -> list[rules.ClassChecklistRow]:
    """Every active student, with or without a template, sorted by urgency."""
    today = today or datetime.now(UTC).date()
    with ctx.read() as session:
        course_row = find_course_row(session, course)
        students = class_checklist_students(session, course_id=course_row.id, section=section)
        templates = latest_templates(session, course_id=course_row.id)
        items = class_checklist_entries(session, course_id=course_row.id)
        close = course_row.accounts_close_on
    out = []
    for enrollment_id, student_id, name, sec in students:
        assert enrollment_id is not None  # loaded rows have their primary key
        counts = rules.summarise(tuple(items.get(enrollment_id, ())), today, close)
        template, parse_error = templates.get(enrollment_id, (None, None))
        out.append(
            rules.ClassChecklistRow(
                enrollment_id, student_id, name, sec, template, *counts, parse_error
            )
        )
    out.sort(key=lambda r: (r.handed_in, -r.blocking, -r.open, r.name))
    return out


def export_checklists(
    ctx: ServiceContext, course: str | None, out_dir: Path, *, today: date | None = None
) -> list[Path]:
    """One Markdown checklist per student who handed in a template, plus ``class-summary.md``."""
    from coursekit.interchange.checklist_markdown import (
        write_class_summary,
        write_student_checklist,
    )

    today = today or datetime.now(UTC).date()
    info = class_checklists(ctx, course, today=today)
    course_code = find_course_code(ctx, course)
    out_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    written = []
    taken = {"class-summary.md"}
    for row in info:
        if row.template is not None:  # an unreadable template gets its "does not parse" list
            checklist = student_checklist_by_id(ctx, row.enrollment_id)
            written.append(write_student_checklist(out_dir, checklist, today, taken=taken))
    written.append(write_class_summary(out_dir, course_code, info, today))
    missing = [p for p in written if not p.is_file()]
    if missing or len({str(p).casefold() for p in written}) != len(written):
        raise ServiceError(
            f"{out_dir}: {len(written) - len(missing)} of {len(written)} checklist files "
            "are there after writing (another program removed or renamed some?)",
            code=ProblemCode.FILE_UNREADABLE,
        )
    return written


def find_course_code(ctx: ServiceContext, course: str | None) -> str:
    with ctx.read() as session:
        return find_course_row(session, course).code
