"""The dashboard's panels as ``Text`` (pure functions of the ``Dashboard`` record)."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text

from coursekit.domain.dashboard import USAGE_LABELS, Dashboard
from coursekit.domain.engine_records import Nudge
from coursekit.domain.labs import LabRate
from coursekit.tui.text import literal, section_label
from coursekit.tui.widgets.charts import bar, bar_rows, percent
from coursekit.tui.widgets.lab_cells import lab_codes
from coursekit.tui.widgets.record_table import Column

BAR = 18  # cells of a panel bar
MAX_SECTIONS = 5


def _count(n: int) -> str:
    return f"{n:,}"


def title_line(d: Dashboard) -> Text:
    """Course, term, the accounts-close countdown and how far into the term we are."""
    out = Text(no_wrap=True, end="")
    out.append_text(literal(d.course_code, "bold"))
    out.append(" · ")
    out.append_text(literal(d.title))
    out.append(" · ")
    out.append_text(literal(d.term))
    out.append("   ")
    close = f"{d.accounts_close_on:%a %d %b %Y}"
    if d.days_to_close > 0:
        style = "bold red" if d.days_to_close <= 14 else "bold"
        out.append(f"accounts close in {d.days_to_close} days", style)
        out.append(f" ({close})")
    elif d.days_to_close == 0:
        out.append(f"accounts close TODAY ({close})", "bold red")
    else:
        out.append(f"accounts closed {-d.days_to_close} days ago ({close})", "bold red")
    span = (d.accounts_close_on - d.starts_on).days or 1
    elapsed = (d.now.date() - d.starts_on).days / span
    out.append("\nterm ")
    out.append_text(bar(elapsed, 40, "cyan"))
    elapsed = max(0.0, min(1.0, elapsed))
    out.append(f" {percent(elapsed)} elapsed · as of {d.now:%Y-%m-%d %H:%M} UTC")
    return out


def short_names(names: Sequence[str]) -> list[str]:
    """Section names without the words they all share at the start ("COMP529 Section 001",
    "COMP529 Section 002" → "001", "002"), so narrow labels still tell them apart."""
    if len(names) < 2:
        return list(names)
    first = names[0]
    same = 0
    while same < len(first) and all(len(n) > same and n[same] == first[same] for n in names):
        same += 1
    cut = first.rfind(" ", 0, same) + 1
    if cut and all(name[cut:] for name in names):
        return [name[cut:] for name in names]
    return list(names)


def enrolment_panel(d: Dashboard) -> Text:
    out = Text(no_wrap=True, end="")
    out.append(_count(d.active), "bold")
    out.append(" active · ")
    out.append(_count(d.dropped))
    out.append(" dropped\n")
    sections = sorted(d.sections, key=lambda s: -s.active)
    shown = sorted(sections[:MAX_SECTIONS], key=lambda s: s.section.casefold())
    # as the tables show them ("COMP529 Section 001" -> "Section 001"), then without what
    # they all share: a label the bar's width would crop must still tell sections apart
    base = [section_label(s.section) for s in shown]
    labels = short_names(base)
    if shown and len(labels) == len(shown) and labels[0] != base[0]:
        out.append(f"sections {base[0][: len(base[0]) - len(labels[0])]}…\n", "dim")
    rows = [
        (label or "(none)", float(s.active), "green")
        for label, s in zip(labels, shown, strict=True)
    ]
    if rows:
        width = min(12, max(len(label) for label, _, _ in rows))
        out.append_text(
            bar_rows(rows, width=BAR + 8 - width, label_width=width, value_format="{:,.0f}")
        )
    else:
        out.append("no students yet", "dim")
    if len(sections) > MAX_SECTIONS:
        out.append(f"\n+{len(sections) - MAX_SECTIONS} more sections", "dim")
    return out


def lab_panel(d: Dashboard) -> tuple[Text, list[float], Text]:
    """(text, per-lab completion in % for a sparkline, caption under the sparkline)."""
    labs = d.labs
    out = Text(no_wrap=True, end="")
    if not labs.rates:
        out.append("this course has no labs", "dim")
        return out, [], Text("")
    out.append(percent(labs.completion), "bold")
    out.append(" of the labs due so far passed\n")
    out.append_text(bar(labs.completion, BAR + 8, "green"))
    out.append(f"\n{_count(labs.passed_due)} of {_count(labs.due)} · ")
    out.append(f"{_count(labs.on_pace)} on pace", "green")
    out.append(" · ")
    out.append(f"{_count(labs.with_overdue)} overdue", "red" if labs.with_overdue else "")
    codes = lab_codes(labs.kinds)
    rates = [r.rate for r in labs.rates]
    spark = [100 * (r or 0.0) for r in rates]
    caption = Text(no_wrap=True, end="")
    caption.append(f"per lab, {codes[0]}…{codes[-1]}", "dim")
    known = [(rate, code) for rate, code in zip(rates, codes, strict=True) if rate is not None]
    if known:
        low_rate, low_code = min(known)
        caption.append(f" · lowest {low_code} {percent(low_rate)}", "dim")
    return out, spark, caption


def credit_panel(d: Dashboard) -> Text:
    c = d.credits
    out = Text(no_wrap=True, end="")
    out.append(f"${c.spent:,.0f}", "bold")
    share = c.spent / c.budget if c.budget else None
    out.append(f" of ${c.budget:,.0f} spent ({percent(share)})\n")
    out.append(f"{c.used_90:>4,}", "bold red" if c.used_90 else "")
    out.append(" used ≥90 % ")
    out.append(f"{c.used_75:>4,}", "yellow" if c.used_75 else "")
    out.append(" used 75–90 %\n")
    out.append(f"{c.runs_out_before_close:>4,}", "bold red" if c.runs_out_before_close else "")
    out.append(" run out before the close date\n")
    out.append(f"{c.stale:>4,} stale · {c.no_data:,} no data · {c.no_usage:,} unused\n", "dim")
    styles = ("green", "green", "green", "yellow", "red")
    rows = [
        (label, float(n), style)
        for label, n, style in zip(USAGE_LABELS, c.usage_buckets, styles, strict=True)
    ]
    out.append_text(bar_rows(rows, width=BAR, label_width=8, value_format="{:,.0f}"))
    return out


def readiness_panel(d: Dashboard) -> Text:
    r = d.readiness
    out = Text(no_wrap=True, end="")
    if r.exam_code is None:
        out.append("this course has no target exam", "dim")
        return out
    total = r.ready + r.close + r.not_yet + r.no_data
    rows = [
        ("ready", float(r.ready), "green"),
        ("close", float(r.close), "yellow"),
        ("not yet", float(r.not_yet), "red"),
        ("no data", float(r.no_data), "dim"),
    ]
    out.append_text(
        bar_rows(rows, width=BAR + 6, label_width=8, total=total or 1, value_format="{:,.0f}")
    )
    out.append("\nmean predicted ")
    out.append("–" if r.mean_predicted is None else f"{r.mean_predicted:.0f}", "bold")
    out.append(f" · passing {r.passing_score}")
    return out


def checklist_panel(d: Dashboard) -> Text:
    c = d.checklists
    out = Text(no_wrap=True, end="")
    out.append(f"{_count(c.handed_in)} of {_count(c.students)}", "bold")
    out.append(" templates handed in\n")
    out.append_text(bar(c.handed_in / c.students if c.students else None, BAR + 8, "cyan"))
    out.append("\n")
    out.append(f"{_count(c.open)} items open", "bold" if c.open else "")
    out.append(" · ")
    out.append(f"{_count(c.blocking)} blocking", "bold red" if c.blocking else "")
    out.append(f" ({_count(c.students_blocking)} students)\n")
    out.append(f"{_count(c.done)} done · {_count(c.waived)} waived · {_count(c.overdue)} overdue")
    return out


def _codes(keys: Sequence[str], code_of: dict[str, str]) -> str:
    return " ".join(code_of.get(k, k) for k in keys)


def nudge_columns(kinds: Sequence[str], rates: Sequence[LabRate] = ()) -> list[Column[Nudge]]:
    code_of = dict(zip((r.key for r in rates), lab_codes(kinds), strict=False))
    return [
        Column(
            "name",
            "Name",
            lambda n: n.student.name,
            max_width=30,
            sort_key=lambda n: (n.student.sortable_name.casefold(), n.student.student_id),
        ),
        Column("student_id", "Student id", lambda n: n.student.student_id, max_width=12),
        Column(
            "section",
            "Section",
            lambda n: section_label(n.student.section),
            max_width=14,
            sort_key=lambda n: n.student.section.casefold(),
        ),
        Column(
            "behind",
            "Behind",
            lambda n: literal(n.reasons.behind or "", "bold red" if n.reasons.behind else ""),
            width=7,
            justify="right",
            sort_key=lambda n: n.reasons.behind,
        ),
        Column(
            "passed",
            "Passed/due",  # of the labs due so far (the Labs screen counts all assigned)
            lambda n: f"{n.passed}/{n.due_so_far}",
            width=10,
            justify="right",
            sort_key=lambda n: (n.passed - n.due_so_far, n.passed),
        ),
        Column(
            "overdue",
            "Overdue",
            lambda n: literal(_codes(n.reasons.overdue, code_of), "red"),
            max_width=28,
            sort_key=lambda n: len(n.reasons.overdue),
        ),
        Column(
            "soon",
            "Due soon",
            lambda n: literal(_codes(n.reasons.due_soon, code_of), "yellow"),
            max_width=20,
            sort_key=lambda n: len(n.reasons.due_soon),
        ),
    ]
