"""AIP-C01 and DOP-C02 load with their guide facts and drive readiness; retired and
retiring target exams are warned about."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from coursekit.domain.exams import retirement_warning
from coursekit.domain.readiness import AttemptFact, ReadinessStatus, assess
from coursekit.domain.syllabus import ReadinessParams
from coursekit.interchange.syllabus_toml import SourceError, load_exams, parse_exam

EXAMS_DIR = Path(__file__).resolve().parents[2] / "syllabi" / "exams"
EXAMS = load_exams(EXAMS_DIR)
NOW = datetime(2026, 12, 1, 12, tzinfo=UTC)


def test_dop_c02_facts() -> None:
    dop = EXAMS["DOP-C02"]
    assert (dop.scored_questions, dop.unscored_questions, dop.minutes) == (65, 10, 180)
    assert dop.passing_score == 750 and dop.status == "current" and not dop.third_party
    assert [(d.number, d.weight) for d in dop.domains] == [
        (1, 22),
        (2, 17),
        (3, 15),
        (4, 15),
        (5, 14),
        (6, 17),
    ]
    assert dop.domains[0].name == "SDLC Automation"
    assert dop.guide_version and dop.guide_date == date(2023, 3, 7)
    assert dop.seconds_per_question == 144  # 180 min / 75 questions


def test_aip_c01_facts() -> None:
    aip = EXAMS["AIP-C01"]
    assert aip.name == "AWS Certified Generative AI Developer – Professional"
    assert [d.weight for d in aip.domains] == [31, 26, 20, 12, 11]
    assert aip.domain(3).name == "AI Safety, Security, and Governance"  # type: ignore[union-attr]
    assert aip.third_party and aip.guide_version and aip.guide_date is not None


def test_dop_c02_drives_readiness() -> None:
    # 22×.8 + 17×.7 + 15×.6 + 15×.9 + 14×.5 + 17×1.0 = 76 → 100 + 900 × 0.76 = 784 ≥ 750
    attempt = AttemptFact(
        "DOP-C02",
        NOW,
        domain_percents={"1": 80, "2": 70, "3": 60, "4": 90, "5": 50, "6": 100},
        minutes=120,
        questions=75,
    )
    result = assess(EXAMS["DOP-C02"], [attempt], ReadinessParams(), now=NOW)
    assert result.predicted_score == pytest.approx(784)
    assert result.status is ReadinessStatus.READY
    assert [d.number for d in result.domains] == [1, 2, 3, 4, 5, 6]
    assert result.weakest[0] == 5


def test_aip_c01_drives_readiness() -> None:
    # 70 % everywhere → 730, 20 below the 750 pass: "close" (margin 50)
    attempt = AttemptFact(
        "AIP-C01", NOW, domain_percents={str(n): 70 for n in range(1, 6)}, questions=75
    )
    result = assess(EXAMS["AIP-C01"], [attempt], ReadinessParams(), now=NOW)
    assert result.predicted_score == pytest.approx(730)
    assert result.status is ReadinessStatus.CLOSE


def test_warning_for_retired_and_retiring_exams() -> None:
    ends = date(2026, 12, 18)
    assert retirement_warning(EXAMS["DOP-C02"], ends) is None
    mls = retirement_warning(EXAMS["MLS-C01"], ends)  # retired 2026-03-31
    assert mls is not None and "MLS-C01 retired on 2026-03-31" in mls
    retiring = replace(EXAMS["SAA-C03"], status="retiring", retired_on=date(2026, 12, 18))
    text = retirement_warning(retiring, ends)
    assert text is not None and "retires on 2026-12-18" in text
    later = replace(retiring, retired_on=date(2026, 12, 19))
    assert retirement_warning(later, ends) is None


def test_retiring_needs_a_date() -> None:
    text = (EXAMS_DIR / "DOP-C02.toml").read_text(encoding="utf-8")
    broken = text.replace('status = "current"', 'status = "retiring"')
    with pytest.raises(SourceError, match="retired_on"):
        parse_exam(broken, "DOP-C02.toml")
