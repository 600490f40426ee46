"""Messages to students: editable templates with ``$placeholders`` and the composition of
one message per student that combines every reason they have (labs, credits, export
checklist, readiness). Plain text; coursekit never sends anything."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from string import Template

from coursekit.domain.readiness import suggested_labs
from coursekit.domain.student_digest import StudentDigest, reasons, target_readiness

REASONS = ("labs", "credits", "checklist", "readiness")

# Placeholders every part may use, and the extra ones of each reason paragraph.
COMMON = ("first_name", "name", "student_id", "course", "course_title", "accounts_close_on")
PLACEHOLDERS: dict[str, tuple[str, ...]] = {
    "labs": ("behind", "overdue_count", "overdue_labs", "due_soon_labs", "passed", "due_so_far"),
    "credits": ("budget", "spent", "remaining", "percent_used", "burn_per_day", "runout_on"),
    "checklist": ("blocking", "open_items", "overdue_items", "days_left", "template"),
    "readiness": ("exam", "predicted_score", "passing_score", "weakest_domains", "next_labs"),
}


class TemplateProblem(ValueError):
    """A message template uses a placeholder that does not exist (or bad ``$`` syntax)."""

    def __init__(self, key: str, message: str) -> None:
        self.key = key
        super().__init__(message)


@dataclass(frozen=True, slots=True)
class MessageTemplates:
    subject: str
    opening: str
    closing: str
    paragraphs: Mapping[str, str]  # reason -> paragraph

    def check(self) -> None:
        """Raise ``TemplateProblem`` naming the first part with an unknown placeholder."""
        parts: list[tuple[str, str, tuple[str, ...]]] = [
            ("subject", self.subject, ()),
            ("opening", self.opening, ()),
        ]
        parts += [(f"reasons.{r}", self.paragraphs[r], PLACEHOLDERS[r]) for r in REASONS]
        parts.append(("closing", self.closing, ()))
        for key, text, extra in parts:
            template = Template(text)
            if not template.is_valid():
                raise TemplateProblem(key, "a '$' that starts no placeholder (write $$ for $)")
            allowed = set(COMMON) | set(extra)
            unknown = [i for i in template.get_identifiers() if i not in allowed]
            if unknown:
                raise TemplateProblem(
                    key,
                    f"unknown placeholder ${unknown[0]} (here: "
                    + ", ".join(f"${p}" for p in (*COMMON, *extra))
                    + ")",
                )


@dataclass(frozen=True, slots=True)
class Message:
    student_id: str
    name: str
    email: str | None
    subject: str
    body: str
    reasons: tuple[str, ...]


def _money(value: float | None) -> str:
    return "" if value is None else f"${value:,.2f}"


def _list(items: list[str]) -> str:
    return ", ".join(items) if items else "none"


def values(digest: StudentDigest) -> dict[str, str]:
    """Every placeholder's text for this student (reason values empty when not known)."""
    s = digest.student
    out = {
        "first_name": s.name.split()[0] if s.name.split() else s.name,
        "name": s.name,
        "student_id": s.student_id,
        "course": digest.course_code,
        "course_title": digest.course_title,
        "accounts_close_on": digest.accounts_close_on.isoformat(),
    }
    for reason in REASONS:
        out.update(dict.fromkeys(PLACEHOLDERS[reason], ""))
    if digest.nudge is not None:
        out.update(
            behind=str(digest.nudge.behind),
            overdue_count=str(len(digest.nudge.overdue)),
            overdue_labs=_list([digest.lab_title(k) for k in digest.nudge.overdue]),
            due_soon_labs=_list([digest.lab_title(k) for k in digest.nudge.due_soon]),
            passed=str(digest.labs_passed_due),
            due_so_far=str(digest.labs_due_so_far),
        )
    if digest.credits is not None:
        c = digest.credits
        out.update(
            budget=_money(c.budget),
            spent=_money(c.spent),
            remaining=_money(c.remaining),
            percent_used="" if c.percent_used is None else f"{c.percent_used:.0f} %",
            burn_per_day=_money(c.burn_per_day),
            runout_on=c.runout_on.isoformat() if c.runout_on else "not projected",
        )
    if digest.checklist is not None:
        k = digest.checklist
        out.update(
            blocking=str(k.blocking),
            open_items=str(k.open),
            overdue_items=str(k.overdue),
            days_left=str(k.days_left),
            template=k.template or "",
        )
    target = target_readiness(digest)
    if target is not None:
        by_number = {d.number: d for d in target.domains}
        weakest = [by_number[n] for n in target.weakest if n in by_number]
        labs = [digest.lab_title(k) for k in suggested_labs(target)]  # never a passed lab
        out.update(
            exam=target.exam_code,
            predicted_score=(
                "" if target.predicted_score is None else f"{target.predicted_score:.0f}"
            ),
            passing_score=str(target.passing_score),
            weakest_domains=_list([d.name for d in weakest]),
            next_labs=_list(labs),
        )
    return out


def compose(digest: StudentDigest, templates: MessageTemplates) -> Message | None:
    """One message combining every reason the student has; None when there is none."""
    why = reasons(digest)
    if not why:
        return None
    subs = values(digest)
    parts = [Template(templates.opening).substitute(subs)]
    parts += [Template(templates.paragraphs[r]).substitute(subs) for r in why]
    parts.append(Template(templates.closing).substitute(subs))
    body = "\n\n".join(p.strip("\n") for p in parts if p.strip()) + "\n"
    subject = Template(templates.subject).substitute(subs)
    s = digest.student
    return Message(s.student_id, s.name, digest.email, subject, body, why)
