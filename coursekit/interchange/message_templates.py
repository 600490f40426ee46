"""The per-course message templates: a TOML file in the data directory the instructor
edits (``messages/COURSE.toml``), created from the defaults the first time."""

from __future__ import annotations

from pathlib import Path

from coursekit.domain.messages import REASONS, MessageTemplates, TemplateProblem
from coursekit.interchange.atomic import atomic_text
from coursekit.interchange.toml_source import Reader, SourceError, line_of, parse_toml

DEFAULT_TEMPLATES = '''\
# Messages to students of $course, written by coursekit as message drafts (nudges).
# Edit freely. A student gets ONE message: the opening, then the paragraph of every
# reason that applies to them (labs, credits, checklist, readiness), then the closing.
# Placeholders ($name or ${name}; write $$ for a dollar sign):
#   everywhere: $first_name $name $student_id $course $course_title $accounts_close_on
#   labs:       $behind $overdue_count $overdue_labs $due_soon_labs $passed $due_so_far
#   credits:    $budget $spent $remaining $percent_used $burn_per_day $runout_on
#   checklist:  $blocking $open_items $overdue_items $days_left $template
#   readiness:  $exam $predicted_score $passing_score $weakest_domains $next_labs

subject = "$course: a few things to look at this week"

opening = """
Hi $first_name,

A quick note about where you stand in $course_title ($course).
"""

closing = """
If something is in the way, reply to this message and we will sort it out.

Best regards
"""

[reasons]
labs = """
Labs: you have passed $passed of the $due_so_far labs due so far. Overdue: $overdue_labs.
Due in the next few days: $due_soon_labs.
"""

credits = """
Learner Lab credits: you have used $spent of your $budget ($percent_used); $remaining is
left. At your current pace ($burn_per_day a day) it runs out on $runout_on, and the
accounts close on $accounts_close_on. Stop resources you are not using (EC2, RDS, NAT
gateways) so your account is not deleted early.
"""

checklist = """
Export checklist for $template: $blocking blocking item(s) and $open_items open in all,
$overdue_items past their date. The accounts close in $days_left days
($accounts_close_on); anything not exported by then is lost.
"""

readiness = """
$exam readiness: your practice results predict about $predicted_score (passing is
$passing_score). Weakest areas: $weakest_domains. Labs that cover them: $next_labs.
"""
'''


def templates_path(data_dir: Path, course: str) -> Path:
    safe = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in course)
    return data_dir / "messages" / f"{safe}.toml"


def ensure_templates(path: Path) -> bool:
    """Write the default templates to ``path`` unless it exists; True when written."""
    if path.exists():
        return False
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    with atomic_text(path) as fh:
        fh.write(DEFAULT_TEMPLATES)
    return True


def parse_templates(text: str, filename: str) -> MessageTemplates:
    root = Reader(text, filename, parse_toml(text, filename))
    table = root.table("reasons")
    templates = MessageTemplates(
        subject=root.str("subject"),
        opening=root.str("opening"),
        closing=root.str("closing"),
        paragraphs={r: table.str(r) for r in REASONS},
    )
    table.finish()
    root.finish()
    try:
        templates.check()
    except TemplateProblem as exc:
        raise SourceError(filename, line_of(text, exc.key), exc.key, str(exc)) from None
    if any(ch in templates.subject for ch in "\r\n"):
        raise SourceError(filename, line_of(text, "subject"), "subject", "subject is one line")
    return templates


def load_templates(path: Path) -> MessageTemplates:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise SourceError(path.name, None, None, "not UTF-8 text") from None
    return parse_templates(text, path.name)
