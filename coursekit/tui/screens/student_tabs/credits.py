"""Credits: the student's Learner Lab ledger and its projection (spent, remaining, burn rate,
run-out date against the accounts-close date, flags), with the spend curve as a sparkline."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Sparkline, Static

from coursekit.domain.credits import CreditFlag
from coursekit.domain.engine_records import CreditEventRecord, StudentCredits
from coursekit.domain.enums import CreditEventKind
from coursekit.domain.records import RosterRow
from coursekit.tui.screens.credits import FLAG_WORDS, credit_risk
from coursekit.tui.screens.student_tabs.base import StudentTab
from coursekit.tui.screens.student_tabs.tab_focus import take_focus
from coursekit.tui.text import literal
from coursekit.tui.widgets.charts import bar
from coursekit.tui.widgets.record_table import Column, RecordTable
from coursekit.tui.workers import deliver, service_work

KIND_WORDS = {
    CreditEventKind.GRANT: "grant",
    CreditEventKind.USAGE_SNAPSHOT: "spent so far",
    CreditEventKind.ADJUSTMENT: "adjustment",
}

LEDGER_COLUMNS: tuple[Column[CreditEventRecord], ...] = (
    Column(
        "at",
        "When (UTC)",
        lambda e: f"{e.at:%Y-%m-%d %H:%M}",
        width=16,
        sort_key=lambda e: e.at,
    ),
    Column("kind", "Kind", lambda e: KIND_WORDS.get(e.kind, e.kind), width=12),  # type: ignore[call-overload]
    Column(
        "amount",
        "Amount $",
        lambda e: f"{e.amount_usd:,.2f}",
        width=10,
        justify="right",
        sort_key=lambda e: e.amount_usd,
    ),
    Column("source", "Source", lambda e: e.source, max_width=50),
)


def projection_text(credits: StudentCredits) -> Text:
    f = credits.row.forecast
    out = Text(no_wrap=True, end="")
    _, word, style = credit_risk(f)
    out.append_text(literal(word, f"{style} reverse"))
    out.append("  ")
    out.append(f"spent ${f.spent:,.2f} of ${f.budget:,.2f}", "bold")
    used = f.percent_used
    out.append(f" ({'–' if used is None else f'{used:.0f} %'}) ")
    style = "green" if used is None or used < 75 else "yellow" if used < 90 else "red"
    out.append_text(bar(None if used is None else used / 100, 30, style))
    out.append(f"   remaining ${f.remaining:,.2f}\n")
    if f.burn_per_day is None:
        out.append("burn rate: not enough snapshots", "dim")
    else:
        out.append(f"burn rate ${f.burn_per_day:,.2f}/day ")
        out.append(f"(fitted over {f.snapshots_in_fit} snapshots)", "dim")
    out.append(" · ")
    if f.runout_on is None:
        out.append("no run-out date (not spending)", "dim")
    else:
        out.append(
            f"runs out {f.runout_on:%a %Y-%m-%d}", "bold red" if f.runs_out_before_close else ""
        )
        if f.runs_out_before_close:
            out.append(" — BEFORE the accounts close", "bold red")
    out.append("\n")
    last = f.last_snapshot_at
    out.append(
        "last snapshot " + ("never" if last is None else f"{last:%Y-%m-%d %H:%M} UTC"),
        "magenta" if CreditFlag.STALE in f.flags or last is None else "dim",
    )
    if f.flags:
        out.append(" · flags: ")
        out.append(", ".join(FLAG_WORDS[flag] for flag in f.flags), "bold")
    return out


class CreditsTab(StudentTab):
    TAB_ID = "credits"
    TITLE = "Credits"
    # Styles: screens/student.tcss (shown only on the student screen).

    def compose(self) -> ComposeResult:
        yield Static(Text("Loading…"), id="credits-projection")
        yield Sparkline([], id="credits-spark")
        yield Static("", id="credits-spark-caption")
        yield RecordTable(
            LEDGER_COLUMNS, key=lambda e: e.id, empty_text="Loading…", id="credits-ledger"
        )

    def on_show(self) -> None:
        take_focus(self, "#credits-ledger")

    def show_student(self, row: RosterRow) -> None:
        super().show_student(row)
        self.load(row.enrollment_id)

    @service_work(group="student.credits")
    def load(self, enrollment_id: int) -> None:
        from coursekit.services.views.credits import student_credits

        credits = student_credits(self.ctx, enrollment_id, now=self.ck.now())
        deliver(self.app, self.show_credits, credits)

    def show_credits(self, credits: StudentCredits) -> None:
        self.query_one("#credits-projection", Static).update(projection_text(credits))
        now = self.ck.now()
        spent = [
            e.amount_usd
            for e in credits.events
            if e.kind == CreditEventKind.USAGE_SNAPSHOT and e.at <= now
        ]
        self.query_one("#credits-spark", Sparkline).data = spent
        caption = (
            f"spend over time: {len(spent)} snapshots, ${spent[0]:,.2f} → ${spent[-1]:,.2f}"
            if spent
            else "no usage snapshot yet"
        )
        self.query_one("#credits-spark-caption", Static).update(Text(caption))
        table = self.query_one(RecordTable)
        table.empty_text = "No credit events for this student"
        table.set_records(credits.events)
