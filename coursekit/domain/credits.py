"""Learner Lab credit forecasts from a student's CreditEvent ledger.

Ledger semantics (what the credit importer writes):

- ``grant``: budget added, in USD (the first grant is the starting budget; a later
  +20 is a top-up). Without any grant the budget is the course's
  ``credit_budget_usd``;
- ``adjustment``: a signed change to the budget (−50 when a budget is cut);
- ``usage_snapshot``: the cumulative spend AWS Budgets reported at ``at``; the
  latest snapshot is what has been spent.

Only events dated up to ``now`` count, so an "as of" view shows the ledger as it was.

Burn rate: the least-squares slope of spend against time (USD per day) over the
snapshots of the last ``WINDOW_DAYS`` days before the latest snapshot — a slope,
not (last − first), so one late or early reading does not swing it. With fewer
than two distinct snapshot times in the window, the last two snapshots are used.
A negative slope (corrections) counts as 0. The projected run-out date extends
the current rate from the latest snapshot; it matters when it falls before the
course's accounts-close date (running out deletes the student's account).

Spend data refreshes every 8–12 hours in AWS Budgets: data is *stale* when the
latest snapshot is more than ``STALE_AFTER`` (12 h, the top of that window) old.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from operator import itemgetter
from typing import NamedTuple

from coursekit.domain.enums import CreditEventKind

WINDOW_DAYS = 14
STALE_AFTER = timedelta(hours=12)
NO_USAGE_AFTER = timedelta(days=14)  # "no usage at all two weeks into the term"
WARN_PERCENT = 75.0
DANGER_PERCENT = 90.0
_DAY = 86_400.0
_WINDOW = timedelta(days=WINDOW_DAYS)
_SNAPSHOT = CreditEventKind.USAGE_SNAPSHOT.value
_GRANT = CreditEventKind.GRANT.value
_ADJUSTMENT = CreditEventKind.ADJUSTMENT.value


class CreditFact(NamedTuple):
    at: datetime  # aware UTC
    kind: str  # a CreditEventKind value
    amount_usd: float


class CreditFlag(StrEnum):
    USED_75 = "used_75"  # 75 % ≤ used < 90 %
    USED_90 = "used_90"  # used ≥ 90 % (includes over budget)
    RUNS_OUT_BEFORE_CLOSE = "runs_out_before_close"
    NO_USAGE = "no_usage"  # nothing spent two weeks into the term
    STALE = "stale"  # latest snapshot older than the refresh window
    NO_DATA = "no_data"  # no usage snapshot at all


@dataclass(frozen=True, slots=True)
class CreditForecast:
    budget: float
    spent: float
    remaining: float
    percent_used: float | None  # None when the budget is 0
    burn_per_day: float | None  # None: not enough snapshots to fit a rate
    runout_on: date | None  # None: no snapshot, or not spending
    runs_out_before_close: bool
    last_snapshot_at: datetime | None
    snapshots_in_fit: int
    flags: tuple[CreditFlag, ...]


def burn_rate(points: Iterable[tuple[datetime, float]]) -> float | None:
    """Least-squares slope (USD/day) of (time, cumulative spend) points; None if < 2 times."""
    pts = list(points)
    if len(pts) < 2:
        return None
    origin = pts[0][0]
    xs = [(at - origin).total_seconds() / _DAY for at, _ in pts]
    ys = [spent for _, spent in pts]
    mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
    sxx = sum((x - mean_x) ** 2 for x in xs)
    if sxx == 0:
        return None
    sxy = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True))
    return max(0.0, sxy / sxx)


def _fit_points(snapshots: list[tuple[datetime, float]]) -> list[tuple[datetime, float]]:
    cutoff = snapshots[-1][0] - _WINDOW
    window = [p for p in snapshots if p[0] >= cutoff]
    if len(window) >= 2 and window[0][0] != window[-1][0]:  # sorted: ≥ 2 distinct times
        return window
    return snapshots[-2:]


def forecast(
    facts: Iterable[CreditFact],
    *,
    default_budget: float,
    starts_on: date,
    accounts_close_on: date,
    now: datetime,
) -> CreditForecast:
    """Budget, spend, burn rate, run-out date and flags for one student's ledger."""
    granted: float | None = None
    adjustments = 0.0
    snapshots: list[tuple[datetime, float]] = []
    for at, kind, amount in facts:
        if at > now:
            continue
        if kind == _SNAPSHOT:
            snapshots.append((at, amount))
        elif kind == _GRANT:
            granted = (granted or 0.0) + amount
        elif kind == _ADJUSTMENT:
            adjustments += amount
    snapshots.sort(key=itemgetter(0))  # stable: same-time snapshots keep ledger order
    budget = (granted if granted is not None else default_budget) + adjustments
    spent = snapshots[-1][1] if snapshots else 0.0
    remaining = budget - spent
    used = spent * 100 / budget if budget > 0 else None

    rate: float | None = None
    runout: date | None = None
    fit: list[tuple[datetime, float]] = []
    last_at = snapshots[-1][0] if snapshots else None
    if last_at is not None:
        fit = _fit_points(snapshots)
        rate = burn_rate(fit)
        if remaining <= 0:
            runout = last_at.date()
        elif rate:
            runout = (last_at + timedelta(days=remaining / rate)).date()
    before_close = runout is not None and runout < accounts_close_on

    flags: list[CreditFlag] = []
    if used is not None and used >= DANGER_PERCENT:
        flags.append(CreditFlag.USED_90)
    elif used is not None and used >= WARN_PERCENT:
        flags.append(CreditFlag.USED_75)
    if before_close:
        flags.append(CreditFlag.RUNS_OUT_BEFORE_CLOSE)
    if last_at is None:
        flags.append(CreditFlag.NO_DATA)
    else:
        if spent <= 0 and now.date() >= starts_on + NO_USAGE_AFTER:
            flags.append(CreditFlag.NO_USAGE)
        if now - last_at > STALE_AFTER:
            flags.append(CreditFlag.STALE)
    return CreditForecast(
        budget=budget,
        spent=spent,
        remaining=remaining,
        percent_used=used,
        burn_per_day=rate,
        runout_on=runout,
        runs_out_before_close=before_close,
        last_snapshot_at=last_at,
        snapshots_in_fit=len(fit),
        flags=tuple(flags),
    )
