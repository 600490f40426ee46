"""Credit forecasts: least-squares burn rate on irregular snapshots, run-out, flags."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from coursekit.domain.credits import CreditFact, CreditFlag, burn_rate, forecast
from coursekit.domain.enums import CreditEventKind as K

T0 = datetime(2026, 9, 10, 8, tzinfo=UTC)
START, CLOSE = date(2026, 8, 31), date(2026, 12, 31)


def snap(days: float, spent: float) -> CreditFact:
    return CreditFact(T0 + timedelta(days=days), K.USAGE_SNAPSHOT, spent)


def run(facts: list[CreditFact], *, now: datetime, budget: float = 100.0):  # type: ignore[no-untyped-def]
    return forecast(facts, default_budget=budget, starts_on=START, accounts_close_on=CLOSE, now=now)


# Snapshots at days 0, 1, 3, 7 with spend 0, 4, 5, 9 (irregular spacing).
# x̄ = 2.75, ȳ = 4.5; Sxx = 7.5625 + 3.0625 + 0.0625 + 18.0625 = 28.75;
# Sxy = 12.375 + 0.875 + 0.125 + 19.125 = 32.5  ->  slope = 32.5 / 28.75 = 1.1304 $/day
# (last − first would say 9 / 7 = 1.2857).
IRREGULAR = [snap(0, 0), snap(1, 4), snap(3, 5), snap(7, 9)]


def test_burn_rate_is_the_least_squares_slope_not_first_to_last() -> None:
    rate = burn_rate((f.at, f.amount_usd) for f in IRREGULAR)
    assert rate == pytest.approx(32.5 / 28.75)
    assert rate != pytest.approx(9 / 7, abs=0.01)


def test_projection_from_the_latest_snapshot() -> None:
    now = T0 + timedelta(days=7, hours=2)
    result = run(IRREGULAR, now=now)
    assert (result.budget, result.spent, result.remaining) == (100.0, 9.0, 91.0)
    assert result.percent_used == pytest.approx(9.0)
    # 91 / 1.1304 = 80.5 days after day 7 (2026-09-17 08:00) -> 2026-12-06 20:00.
    assert result.runout_on == date(2026, 12, 6)
    assert result.runs_out_before_close
    assert result.flags == (CreditFlag.RUNS_OUT_BEFORE_CLOSE,)


def test_only_the_recent_window_is_fitted() -> None:
    # The early spree (40 $ on day 1) is outside the 14 days before day 44; the
    # window's snapshots (days 30, 35, 44: 50, 60, 78 $) climb exactly 2 $/day.
    facts = [snap(0, 0), snap(1, 40), snap(30, 50), snap(35, 60), snap(44, 78)]
    result = run(facts, now=T0 + timedelta(days=44))
    assert result.burn_per_day == pytest.approx(2.0)
    assert result.snapshots_in_fit == 3  # day 30 is exactly 14 days back: included
    assert result.runout_on == (T0 + timedelta(days=44 + 11)).date()


def test_fewer_than_two_snapshots_in_the_window_falls_back_to_the_last_two() -> None:
    result = run([snap(0, 10), snap(20, 30)], now=T0 + timedelta(days=20))
    assert result.burn_per_day == pytest.approx(1.0) and result.snapshots_in_fit == 2


def test_grants_and_adjustments_add_up_to_the_budget() -> None:
    # As the importer writes a Budget column: 50 -> grant +50; later 80 -> grant +30;
    # later 60 -> adjustment −20. Budget 60 (not the course default of 100).
    facts = [
        CreditFact(T0, K.GRANT, 50.0),
        CreditFact(T0 + timedelta(days=2), K.GRANT, 30.0),
        CreditFact(T0 + timedelta(days=3), K.ADJUSTMENT, -20.0),
        snap(4, 45),
    ]
    result = run(facts, now=T0 + timedelta(days=4))
    assert (result.budget, result.remaining) == (60.0, 15.0)
    assert result.percent_used == pytest.approx(75.0)
    assert CreditFlag.USED_75 in result.flags and CreditFlag.USED_90 not in result.flags
    # Without grants an adjustment changes the course budget; later events do not count yet.
    topped = run(
        [
            CreditFact(T0, K.ADJUSTMENT, 20.0),
            snap(1, 10),
            CreditFact(T0 + timedelta(days=9), K.GRANT, 500.0),
        ],
        now=T0 + timedelta(days=1),
    )
    assert topped.budget == 120.0 and topped.spent == 10.0


def test_ninety_percent_and_over_budget() -> None:
    result = run([snap(0, 50), snap(1, 104)], now=T0 + timedelta(days=1))
    assert result.remaining == pytest.approx(-4.0)
    assert result.runout_on == (T0 + timedelta(days=1)).date()  # already out
    assert CreditFlag.USED_90 in result.flags and CreditFlag.USED_75 not in result.flags


def test_stale_after_twelve_hours() -> None:
    facts = [snap(0, 1), snap(1, 2)]
    last = T0 + timedelta(days=1)
    assert CreditFlag.STALE not in run(facts, now=last + timedelta(hours=12)).flags
    assert CreditFlag.STALE in run(facts, now=last + timedelta(hours=12, minutes=1)).flags


def test_no_usage_two_weeks_into_the_term() -> None:
    idle = [snap(0, 0), snap(5, 0)]  # day 5 = 2026-09-15, 15 days after the start
    result = run(idle, now=T0 + timedelta(days=5))
    assert CreditFlag.NO_USAGE in result.flags
    assert result.burn_per_day == 0.0 and result.runout_on is None
    early = run(
        [CreditFact(datetime(2026, 9, 5, tzinfo=UTC), K.USAGE_SNAPSHOT, 0.0)],
        now=datetime(2026, 9, 5, 1, tzinfo=UTC),
    )
    assert CreditFlag.NO_USAGE not in early.flags


def test_no_snapshot_at_all_is_no_data_not_a_guess() -> None:
    result = run([], now=T0)
    assert result.flags == (CreditFlag.NO_DATA,)
    assert result.burn_per_day is None and result.runout_on is None and result.spent == 0.0


def test_slow_spending_runs_out_after_close() -> None:
    result = run([snap(0, 0), snap(10, 1)], now=T0 + timedelta(days=10))
    assert result.runout_on is not None and result.runout_on > CLOSE
    assert not result.runs_out_before_close and result.flags == ()
