"""Credits: every active student's Learner Lab budget, spend, burn rate and run-out date.

Sorted by risk (most at risk first): over budget, ≥ 90 % used, projected to run out before the
accounts close, ≥ 75 % used, missing or stale data, then the rest; within a rank the earliest
run-out date and the highest share used come first. Filter words: the flags (``runs-out``,
``stale``, ``no-data``, ``no-usage``, ``used-90``, ``used-75``) as well as name, id and section.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from rich.text import Text

from coursekit.domain.credits import CreditFlag, CreditForecast
from coursekit.domain.engine_records import CreditRow
from coursekit.tui.commands import PaletteCommand
from coursekit.tui.screens.class_table import ClassTableScreen, student_columns
from coursekit.tui.text import literal
from coursekit.tui.widgets.record_table import Column, RecordTable

FLAG_WORDS = {
    CreditFlag.USED_90: "≥90 %",
    CreditFlag.USED_75: "≥75 %",
    CreditFlag.RUNS_OUT_BEFORE_CLOSE: "runs out",
    CreditFlag.NO_USAGE: "no usage",
    CreditFlag.STALE: "stale",
    CreditFlag.NO_DATA: "no data",
}
FLAG_SEARCH = {
    CreditFlag.USED_90: "used-90",
    CreditFlag.USED_75: "used-75",
    CreditFlag.RUNS_OUT_BEFORE_CLOSE: "runs-out",
    CreditFlag.NO_USAGE: "no-usage",
    CreditFlag.STALE: "stale",
    CreditFlag.NO_DATA: "no-data",
}


def credit_risk(f: CreditForecast) -> tuple[int, str, str]:
    """(rank, word, style): rank 0 is the most at risk."""
    flags = set(f.flags)
    if f.last_snapshot_at is not None and f.remaining <= 0:
        return 0, "over budget", "bold red"
    if CreditFlag.USED_90 in flags:
        return 1, "≥90 % used", "bold red"
    if CreditFlag.RUNS_OUT_BEFORE_CLOSE in flags:
        return 2, "runs out", "red"
    if CreditFlag.USED_75 in flags:
        return 3, "≥75 % used", "yellow"
    if CreditFlag.NO_DATA in flags:
        return 4, "no data", "magenta"
    if CreditFlag.STALE in flags or CreditFlag.NO_USAGE in flags:
        return 5, "check", "dim"
    return 6, "ok", "green"


def risk_key(row: CreditRow) -> tuple[int, date, float, str]:
    f = row.forecast
    return (
        credit_risk(f)[0],
        f.runout_on or date.max,
        -(f.percent_used or 0.0),
        row.student.sortable_name.casefold(),
    )


def _money(value: float | None) -> str:
    return "" if value is None else f"{value:,.2f}"


def _risk_cell(row: CreditRow) -> Text:
    _, word, style = credit_risk(row.forecast)
    return literal(word, style)


def _used_cell(row: CreditRow) -> Text:
    used = row.forecast.percent_used
    if used is None or row.forecast.last_snapshot_at is None:
        return literal("–", "dim")
    style = "bold red" if used >= 90 else "yellow" if used >= 75 else ""
    return literal(f"{used:.0f} %", style)


def _runout_cell(row: CreditRow) -> Text:
    f = row.forecast
    if f.runout_on is None:
        return literal("–", "dim")
    return literal(f"{f.runout_on:%Y-%m-%d}", "bold red" if f.runs_out_before_close else "")


CREDIT_COLUMNS: tuple[Column[CreditRow], ...] = (
    *student_columns(),
    Column("risk", "Risk", _risk_cell, width=11, sort_key=risk_key),
    Column(
        "used",
        "Used",
        _used_cell,
        width=6,
        justify="right",
        sort_key=lambda r: -(r.forecast.percent_used or -1.0),
    ),
    Column(
        "spent",
        "Spent $",
        lambda r: _money(r.forecast.spent),
        width=9,
        justify="right",
        sort_key=lambda r: -r.forecast.spent,
    ),
    Column(
        "remaining",
        "Left $",
        lambda r: _money(r.forecast.remaining),
        width=9,
        justify="right",
        sort_key=lambda r: r.forecast.remaining,
    ),
    Column(
        "burn",
        "$/day",
        lambda r: _money(r.forecast.burn_per_day),
        width=7,
        justify="right",
        sort_key=lambda r: -(r.forecast.burn_per_day or 0.0),
    ),
    Column(
        "runout",
        "Runs out",
        _runout_cell,
        width=10,
        sort_key=lambda r: r.forecast.runout_on or date.max,
    ),
    Column(
        "flags",
        "Flags",
        lambda r: ", ".join(FLAG_WORDS[f] for f in r.forecast.flags),
        max_width=30,
    ),
)


class CreditsScreen(ClassTableScreen):
    NAME = "credits"
    TITLE = "Credits"
    FILTER_HINT = "/ to filter by name, id, section — or runs-out, used-90, used-75, stale, no-data"
    DEFAULT_SORT = ("risk", False)

    def fetch(self, code: str) -> list[CreditRow]:
        from coursekit.services.views.credits import credit_rows

        return credit_rows(self.ctx, code, now=self.ck.now())

    def columns_for(self, result: Any) -> Sequence[Column[Any]]:
        return CREDIT_COLUMNS

    def search_of(self, record: CreditRow) -> str:
        flags = " ".join(FLAG_SEARCH[f] for f in record.forecast.flags)
        return f"{super().search_of(record)}\t{flags}"

    def status_parts(self, table: RecordTable[Any]) -> list[str]:
        rows: list[CreditRow] = (
            table.visible_records() if table.filter_text.strip() else (self.result or [])
        )
        runs_out = sum(r.forecast.runs_out_before_close for r in rows)
        high = sum(CreditFlag.USED_90 in r.forecast.flags for r in rows)
        return [f"{high:,} used ≥90 %", f"{runs_out:,} run out before the close date"]

    def palette_commands(self) -> Iterable[PaletteCommand]:
        if self.result is None:
            return
        yield from self.sort_commands("credits")
        yield self.filter_command(
            "Credits: projected to run out before close", "Filter the list", "runs-out"
        )
        yield self.filter_command("Credits: used ≥90 %", "Filter the list", "used-90")
        yield self.filter_command("Credits: clear the filter", "Show every student", "")
