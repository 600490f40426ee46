"""Markdown checklists: one per student (ready to send) and a class summary."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from coursekit.domain.checklist import ChecklistEntry, ClassChecklistRow, StudentChecklist
from coursekit.interchange.atomic import atomic_text
from coursekit.interchange.report_markdown import md_text as md

_SECTIONS = (
    ("Fix the template", lambda e: not e.rule_id.startswith(("DATA-", "STEP-"))),
    ("Copy your data out", lambda e: e.rule_id.startswith("DATA-")),
    ("Before the accounts close", lambda e: e.rule_id.startswith("STEP-")),
)
_UNSAFE_FILE = re.compile(r"[^A-Za-z0-9._-]+")


def _code(text: str) -> str:
    """Inside a code span nothing is markup or a link; only a backtick could end it."""
    return " ".join(text.replace("`", "'").split())


def _box(entry: ChecklistEntry) -> str:
    return {"done": "[x]", "waived": "[~]"}.get(entry.status, "[ ]")


def render_student(checklist: StudentChecklist, today: date) -> str:
    days = (checklist.accounts_close_on - today).days
    out = [
        f"# Export checklist — {md(checklist.name)} ({md(checklist.student_id)})",
        "",
        f"Course {md(checklist.course_code)}. Your Learner Lab account closes on "
        f"**{checklist.accounts_close_on.isoformat()}** ({days} days from {today.isoformat()}): "
        "everything not copied out by then is lost.",
        "",
        f"Template: {md(checklist.template or 'none handed in')}",
        "",
    ]
    if checklist.parse_error:
        out += [f"**Your latest template does not parse:** {md(checklist.parse_error)}", ""]
    for title, belongs in _SECTIONS:
        group = [e for e in checklist.items if belongs(e)]
        if not group:
            continue
        out += [f"## {title}", ""]
        for e in group:
            where = f" `{_code(e.resource)}`" if e.resource else ""
            due = f" — due {e.due_on.isoformat()}" if e.due_on else ""
            note = f"  \n  Note: {md(e.note)}" if e.note else ""
            out.append(
                f"- {_box(e)} **{e.severity}**{where}: {md(e.message)}{due}  \n"
                f"  Fix: {md(e.fix)}{note}"
            )
        out.append("")
    open_items = sum(e.open for e in checklist.items)
    out.append(f"{open_items} of {len(checklist.items)} items still open.")
    return "\n".join(out) + "\n"


def render_class_summary(course_code: str, rows: Sequence[ClassChecklistRow], today: date) -> str:
    handed = [r for r in rows if r.handed_in]
    missing = [r for r in rows if not r.handed_in]
    days = rows[0].days_left if rows else 0
    out = [
        f"# Export checklists — {md(course_code)} — {today.isoformat()}",
        "",
        f"{len(handed)} of {len(rows)} students handed in a template; "
        f"accounts close in {days} days.",
        "",
        "| Student | Id | Section | Template | Done | Waived | Open | Blocking | Overdue |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        template = md(r.template) if r.template else "**missing**"
        if r.template and r.parse_error is not None:
            template += " **(does not parse)**"
        out.append(
            f"| {md(r.name)} | {md(r.student_id)} | {md(r.section)} | {template} | {r.done} | "
            f"{r.waived} | {r.open} | {r.blocking} | {r.overdue} |"
        )
    if missing:
        out += ["", "## No template that parses yet", ""]
        out += [
            f"- {md(r.name)} ({md(r.student_id)})"
            + (" — the latest template does not parse" if r.template else "")
            for r in missing
        ]
    return "\n".join(out) + "\n"


def file_name(student_id: str, taken: set[str]) -> str:
    """A file name no other student's can take: ids that had to be changed to be safe
    (``A/1``) get a digest of the real id, so ``A/1`` and ``A_1`` never share a file; a
    clash that remains (or one only on a case-insensitive disk) gets a counter.
    ``taken`` holds the case-folded names already used and is updated."""
    safe = _UNSAFE_FILE.sub("_", student_id).strip(".") or "student"
    if safe != student_id:
        digest = hashlib.sha256(student_id.encode("utf-8", "surrogatepass")).hexdigest()[:8]
        safe = f"{safe}-{digest}"
    name, counter = f"checklist-{safe}.md", 1
    while name.casefold() in taken:
        counter += 1
        name = f"checklist-{safe}-{counter}.md"
    taken.add(name.casefold())
    return name


def write_student_checklist(
    out_dir: Path, checklist: StudentChecklist, today: date, *, taken: set[str] | None = None
) -> Path:
    target = out_dir / file_name(checklist.student_id, set() if taken is None else taken)
    with atomic_text(target) as fh:
        fh.write(render_student(checklist, today))
    return target


def write_class_summary(
    out_dir: Path, course_code: str, rows: Sequence[ClassChecklistRow], today: date
) -> Path:
    target = out_dir / "class-summary.md"
    with atomic_text(target) as fh:
        fh.write(render_class_summary(course_code, rows, today))
    return target
