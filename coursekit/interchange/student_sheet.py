"""One progress sheet per student, as Markdown and as a self-contained HTML page (inline
CSS, no scripts, no external resources). Rendered from one ``StudentDigest`` — that
student's data only. Every text from the database goes through ``md_text`` or
``html.escape``: a name such as ``<script>`` stays text."""

from __future__ import annotations

import html
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from coursekit.domain.enums import CANVAS_MARKS
from coursekit.domain.grade_explanation import GradeExplanation
from coursekit.domain.student_digest import StudentDigest
from coursekit.interchange.atomic import atomic_text
from coursekit.interchange.report_markdown import md_text

_CSS = (
    "body{font-family:system-ui,sans-serif;margin:2em auto;max-width:60em;color:#222}"
    "table{border-collapse:collapse;margin:.5em 0 1.5em}"
    "th,td{border:1px solid #ccc;padding:.25em .6em;text-align:left}"
    "th{background:#f0f4f8}td.n{text-align:right}h2{margin-top:1.5em}"
)


@dataclass(frozen=True, slots=True)
class Section:
    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    note: str = ""


def _pct(value: float | None) -> str:
    return "" if value is None else f"{value:.2f} %"


def _share(value: float | None) -> str:
    return "" if value is None else f"{value * 100:.0f} %"


def _money(value: float | None) -> str:
    return "" if value is None else f"${value:,.2f}"


def _explanation(ex: GradeExplanation) -> Section:
    """Every item with its score, late deduction and what counts for Current and Final,
    then the arithmetic to the totals (the explanation ``grades --explain`` prints)."""
    rows = tuple(
        (
            f"{item.key} {item.title}",
            cat.name,
            CANVAS_MARKS.get(item.status) or ("" if item.raw is None else f"{item.raw:g}"),
            f"{item.late_deduction:g}" if item.late_deduction else "",
            "" if item.effective is None else f"{round(item.effective, 2):g}",
            item.current,
            item.final,
            item.why,
        )
        for cat in ex.categories
        for item in cat.items
    )
    totals = [
        f"{label}: {t.formula}" + (f" ({t.letter})" if t.letter else "")
        for label, t in (("Current", ex.current), ("Final", ex.final))
    ]
    totals.append(f"Letter: {ex.letter or '-'} ({ex.letter_rule})")
    return Section(
        "How the grade is computed",
        ("item", "category", "score", "late", "counts", "current", "final", "why"),
        rows,
        " · ".join(totals),
    )


def _when(value: datetime | None) -> str:
    return "" if value is None else value.strftime("%Y-%m-%d %H:%M UTC")


def sections(d: StudentDigest) -> list[Section]:
    """The sheet's content, independent of the output format."""
    out: list[Section] = []
    if d.grade is not None:
        g = d.grade
        rows = [
            ("Current (ungraded work ignored)", _pct(g.current_percent), g.current_letter or ""),
            ("Final (missing work counts as 0)", _pct(g.final_percent), g.final_letter or ""),
        ]
        if g.override_percent is not None:
            rows.append(("Override by the instructor", _pct(g.override_percent), g.letter or ""))
        rows += [
            (
                f"{c.name} ({c.weight:g} %)" if c.weight is not None else c.name,
                _pct(c.final_percent),
                f"current {_pct(c.current_percent)}"
                + (f"; dropped {', '.join(c.dropped_final)}" if c.dropped_final else ""),
            )
            for c in g.categories
        ]
        note = f"Late deductions: {g.late_deductions:g} points." if g.late_deductions else ""
        out.append(Section("Grades", ("", "percent", "letter / detail"), tuple(rows), note))
    if d.explanation is not None:
        out.append(_explanation(d.explanation))
    if d.labs:
        out.append(
            Section(
                "Labs",
                ("lab", "state", "score", "due"),
                tuple(
                    (
                        lab.title,
                        lab.state.replace("_", " ") + (" (overdue)" if lab.overdue else ""),
                        _pct(lab.percent),
                        _when(lab.due_at),
                    )
                    for lab in d.labs
                ),
                f"Passed {d.labs_passed_due} of the {d.labs_due_so_far} labs due so far.",
            )
        )
    if d.credits is not None:
        c = d.credits
        out.append(
            Section(
                "Learner Lab credits",
                ("budget", "spent", "remaining", "used", "per day", "runs out", "flags"),
                (
                    (
                        _money(c.budget),
                        _money(c.spent),
                        _money(c.remaining),
                        "" if c.percent_used is None else f"{c.percent_used:.0f} %",
                        _money(c.burn_per_day),
                        c.runout_on.isoformat() if c.runout_on else "",
                        ", ".join(str(f).replace("_", " ") for f in c.flags),
                    ),
                ),
                f"Accounts close on {d.accounts_close_on.isoformat()}.",
            )
        )
    for r in d.readiness:
        predicted = "" if r.predicted_score is None else f"{r.predicted_score:.0f}"
        out.append(
            Section(
                f"Readiness: {r.exam_code}",
                ("domain", "weight", "mastery", "practice", "labs", "next labs"),
                tuple(
                    (
                        f"{dom.number}. {dom.name}",
                        f"{dom.weight:g} %",
                        _share(dom.mastery),
                        _share(dom.practice),
                        f"{dom.labs_passed}/{dom.labs_counted}" if dom.labs_counted else "",
                        ", ".join(d.lab_title(k) for k in dom.labs_todo[:3]),
                    )
                    for dom in r.domains
                ),
                f"Predicted {predicted or 'n/a'} (passing {r.passing_score}): "
                f"{str(r.status).replace('_', ' ')}.",
            )
        )
    if d.checklist is not None:
        k = d.checklist
        note = (
            f"Template {k.template}: {k.done} done, {k.waived} waived, {k.open} open "
            f"({k.blocking} blocking), {k.days_left} days until the accounts close."
            if k.template
            else "No CloudFormation template handed in yet."
        )
        out.append(
            Section(
                "Export checklist",
                ("status", "severity", "resource", "what", "fix", "due"),
                tuple(
                    (
                        e.status,
                        e.severity,
                        e.resource,
                        e.message,
                        e.fix,
                        e.due_on.isoformat() if e.due_on else "",
                    )
                    for e in d.checklist_items
                ),
                note,
            )
        )
    return out


def _title(d: StudentDigest) -> str:
    return f"{d.course_code} progress: {d.student.name} ({d.student.student_id})"


def render_markdown(d: StudentDigest, sheets: Sequence[Section], today: str) -> str:
    def lines() -> Iterator[str]:
        yield f"# {md_text(_title(d))}"
        yield ""
        yield f"{md_text(d.course_title)}, as of {today}."
        for s in sheets:
            yield ""
            yield f"## {md_text(s.title)}"
            yield ""
            if s.note:
                yield md_text(s.note)
                yield ""
            if s.rows:
                yield "| " + " | ".join(md_text(c) for c in s.columns) + " |"
                yield "|" + "---|" * len(s.columns)
                for row in s.rows:
                    yield "| " + " | ".join(md_text(v) for v in row) + " |"

    return "\n".join(lines()) + "\n"


def render_html(d: StudentDigest, sheets: Sequence[Section], today: str) -> str:
    e = html.escape
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'\">",
        f"<title>{e(_title(d))}</title><style>{_CSS}</style></head><body>",
        f"<h1>{e(_title(d))}</h1>",
        f"<p>{e(d.course_title)}, as of {e(today)}.</p>",
    ]
    for s in sheets:
        parts.append(f"<h2>{e(s.title)}</h2>")
        if s.note:
            parts.append(f"<p>{e(s.note)}</p>")
        if s.rows:
            parts.append("<table><thead><tr>")
            parts += [f"<th>{e(c)}</th>" for c in s.columns]
            parts.append("</tr></thead><tbody>")
            for row in s.rows:
                parts.append("<tr>" + "".join(f"<td>{e(v)}</td>" for v in row) + "</tr>")
            parts.append("</tbody></table>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def write_sheets(out_dir: Path, stem: str, digest: StudentDigest, today: str) -> list[Path]:
    """``STEM.md`` and ``STEM.html`` for one student, atomically, owner-only."""
    out_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    content = sections(digest)
    written = []
    for suffix, text in (
        (".md", render_markdown(digest, content, today)),
        (".html", render_html(digest, content, today)),
    ):
        path = out_dir / f"{stem}{suffix}"
        with atomic_text(path) as fh:
            fh.write(text)
        written.append(path)
    return written
