"""Course engine services on a real database (COMP529 syllabus), rows inserted directly.

Scenario at NOW = 2026-09-29 12:00 UTC. Due so far: guided lab 1937901, challenge lab
1938004 (due 2026-09-28 03:59 UTC), knowledge checks 1939002-1939004. COMP529 policy:
weights GL 30 / CL 30 / KC 15 / Capstone 25, GL drop 1, KC drop 2, late 10 %/day
(floor 50 %), missing work 0 %.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import insert, select

from coursekit.db import models as m
from coursekit.domain.credits import CreditFlag
from coursekit.domain.labs import LabState
from coursekit.domain.readiness import ReadinessStatus
from coursekit.services.context import Conflict, NotFound, ServiceContext
from coursekit.services.views.credits import credit_rows, student_credits
from coursekit.services.views.grades import grade_rows, set_extension, set_override, student_grades
from coursekit.services.views.labs import lab_matrix, nudges
from coursekit.services.views.readiness import readiness_rows, student_readiness

NOW = datetime(2026, 9, 29, 12, tzinfo=UTC)
COMP529 = Path(__file__).resolve().parents[2] / "syllabi" / "comp529-cloud-computing.toml"


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def seed(ctx: ServiceContext) -> dict[str, int]:
    """Ada (section A), Grace (B, nothing submitted), Kat (dropped). Returns enrollment ids."""
    with ctx.transaction() as s:
        course_id = s.execute(select(m.Course.id).where(m.Course.code == "COMP529")).scalar_one()
        ids = dict(
            s.execute(
                select(m.Assessment.key, m.Assessment.id).where(m.Assessment.course_id == course_id)
            ).all()
        )
        enrollments = {}
        for sid, name, section, status in [
            ("001", "Ada Lovelace", "A", "active"),
            ("002", "Grace Hopper", "B", "active"),
            ("003", "Kat Johnson", "A", "dropped"),
        ]:
            student = m.Student(student_id=sid, name=name, sortable_name=name.split()[1])
            s.add(student)
            s.flush()
            enrollment = m.Enrollment(
                course_id=course_id, student_pk=student.id, section=section, status=status
            )
            s.add(enrollment)
            s.flush()
            enrollments[name.split()[0]] = enrollment.id
        ada, kat = enrollments["Ada"], enrollments["Kat"]

        def score(
            eid: int,
            key: str,
            points: float | None,
            status: str = "graded",
            submitted: datetime | None = None,
        ) -> dict[str, Any]:
            return {
                "enrollment_id": eid,
                "assessment_id": ids[key],
                "points": points,
                "status": status,
                "submitted_at": submitted,
                "extended_due_at": None,
            }

        s.execute(
            insert(m.Score),
            [
                score(ada, "1937901", 27, submitted=utc(2026, 9, 20)),
                score(ada, "1938004", 45, submitted=utc(2026, 9, 28, 10)),  # 6 h late: 1 day
                score(ada, "1939002", 8),
                score(ada, "1939003", 10),
                score(ada, "1939004", None, "excused"),
                score(kat, "1937901", 30),
            ],
        )
        s.execute(
            insert(m.CreditEvent),
            [
                {
                    "enrollment_id": ada,
                    "at": at,
                    "kind": "usage_snapshot",
                    "amount_usd": usd,
                    "source": "test",
                }
                for at, usd in [
                    (utc(2026, 9, 20), 5.0),
                    (utc(2026, 9, 25), 15.0),
                    (utc(2026, 9, 29, 6), 23.0),
                ]
            ],
        )
        s.execute(
            insert(m.PracticeAttempt),
            [
                {
                    "enrollment_id": ada,
                    "exam_code": "SAA-C03",
                    "taken_at": utc(2026, 9, 27),
                    "percent": None,
                    "scaled_score": None,
                    "minutes": 140.0,
                    "questions": 65,
                    "domain_percents": {"1": 80, "2": 75, "3": 70, "4": 65},
                },
                {
                    "enrollment_id": ada,
                    "exam_code": "CLF-C02",
                    "taken_at": utc(2026, 9, 26),
                    "percent": 85.0,
                    "scaled_score": None,
                    "minutes": None,
                    "questions": None,
                    "domain_percents": {},
                },
            ],
        )
    return enrollments


@pytest.fixture
def seeded(course_ctx: ServiceContext) -> tuple[ServiceContext, dict[str, int]]:
    return course_ctx, seed(course_ctx)


def check_grades(ctx: ServiceContext) -> None:
    rows = grade_rows(ctx, "COMP529", now=NOW)
    assert [r.student.name for r in rows] == ["Grace Hopper", "Ada Lovelace"]  # dropped left out
    grace, ada = rows
    # Ada current: GL 27/30, CL (45 − 4.5 late)/45, KC best 1 of 8/10 & 10/10 (EX gone):
    # (0.9×30 + 0.9×30 + 1.0×15) / 75 = 92.00.
    assert ada.grade.current_percent == 92.0 and ada.grade.current_letter == "A-"
    # Final: GL 27/330 ×30 + CL 40.5/315 ×30 + KC 18/120 ×15 + 0 = 8.56.
    assert ada.grade.final_percent == 8.56
    # Grace has nothing: the missing-work policy (0 %) grades past-due work as zero.
    assert grace.grade.current_percent == 0.0


def check_credits_and_readiness(ctx: ServiceContext) -> None:
    credits = {r.student.name: r.forecast for r in credit_rows(ctx, "COMP529", now=NOW)}
    ada = credits["Ada Lovelace"]
    assert (ada.spent, ada.remaining) == (23.0, 77.0)
    assert ada.burn_per_day == pytest.approx(83.5 / 42.875)  # least squares, hand-computed
    assert ada.flags == (CreditFlag.RUNS_OUT_BEFORE_CLOSE,)
    assert credits["Grace Hopper"].flags == (CreditFlag.NO_DATA,)

    rows = readiness_rows(ctx, "COMP529", now=NOW)
    got = {(r.student.name, r.result.exam_code): r.result for r in rows}
    assert set(got) == {
        ("Grace Hopper", "SAA-C03"),
        ("Ada Lovelace", "SAA-C03"),
        ("Ada Lovelace", "CLF-C02"),
    }
    assert got["Grace Hopper", "SAA-C03"].status is ReadinessStatus.NO_DATA
    saa = got["Ada Lovelace", "SAA-C03"]
    # Labs passed: 1937901 (domain 1) and 1938004 (domains 1, 4): lab coverage 1.0 there.
    # 0.3×(.75×.8+.25) + 0.26×.75 + 0.24×.70 + 0.2×(.75×.65+.25) = 0.7655 -> 788.95
    assert saa.predicted_score == pytest.approx(788.95)
    assert saa.status is ReadinessStatus.READY
    assert got["Ada Lovelace", "CLF-C02"].predicted_score == pytest.approx(865.0)


def test_grade_rows(seeded) -> None:
    ctx, _ = seeded
    check_grades(ctx)
    assert [r.student.name for r in grade_rows(ctx, now=NOW, section="A")] == ["Ada Lovelace"]


def test_lab_matrix_and_nudges(seeded) -> None:
    ctx, _ = seeded
    matrix = lab_matrix(ctx, "COMP529", now=NOW)
    assert len(matrix.labs) == 19 and [lab.key for lab in matrix.labs][:1] == ["1937901"]
    by_name = {r.student.name: r.labs for r in matrix.rows}
    assert by_name["Ada Lovelace"].passed == 2
    assert by_name["Grace Hopper"].cells[0].state is LabState.NOT_STARTED
    assert by_name["Grace Hopper"].overdue == 2
    rates = {r.key: r for r in matrix.rates}
    assert (rates["1937901"].passed, rates["1937901"].assigned) == (1, 2)  # Kat dropped
    found = nudges(ctx, "COMP529", now=NOW, behind=2, days=3)
    assert [n.student.name for n in found] == ["Grace Hopper"]
    assert found[0].reasons.behind == 2 and found[0].reasons.overdue == ("1937901", "1938004")


def test_credits_and_readiness(seeded) -> None:
    check_credits_and_readiness(seeded[0])


def test_only_the_requested_exam(seeded) -> None:
    ctx, _ = seeded
    rows = readiness_rows(ctx, exam="CLF-C02", now=NOW)
    assert {r.result.exam_code for r in rows} == {"CLF-C02"}
    with pytest.raises(NotFound):
        readiness_rows(ctx, exam="NOPE-C01", now=NOW)


def test_student_views(seeded) -> None:
    ctx, ids = seeded
    detail = student_grades(ctx, ids["Ada"], now=NOW)
    items = {i.key: i for i in detail.items}
    assert items["1938004"].late_deduction == pytest.approx(4.5)
    assert items["1939004"].status == "excused"
    assert detail.titles["1937901"].startswith("Guided lab")
    ledger = student_credits(ctx, ids["Ada"], now=NOW)
    assert [e.amount_usd for e in ledger.events] == [5.0, 15.0, 23.0]
    assert ledger.row.forecast.spent == 23.0
    assert {r.result.exam_code for r in student_readiness(ctx, ids["Ada"], now=NOW)} == {
        "SAA-C03",
        "CLF-C02",
    }
    with pytest.raises(NotFound):
        student_grades(ctx, 9999)


def _audit(ctx: ServiceContext) -> list[tuple[str, str, str | None, str | None, str]]:
    with ctx.read() as s:
        return [
            tuple(r)
            for r in s.execute(
                select(
                    m.AuditEvent.entity,
                    m.AuditEvent.field,
                    m.AuditEvent.old,
                    m.AuditEvent.new,
                    m.AuditEvent.actor,
                ).order_by(m.AuditEvent.id)
            )
        ]


def test_override_is_version_checked_and_audited(seeded) -> None:
    ctx, ids = seeded
    grace = next(r for r in grade_rows(ctx, now=NOW) if r.student.name == "Grace Hopper")
    row = set_override(ctx, ids["Grace"], 85.0, grace.enrollment_version, now=NOW)
    assert row.grade.override_percent == 85.0 and row.grade.letter == "B"
    assert row.enrollment_version == grace.enrollment_version + 1
    with pytest.raises(Conflict):
        set_override(ctx, ids["Grace"], 90.0, grace.enrollment_version)  # stale version
    set_override(ctx, ids["Grace"], None, row.enrollment_version)
    assert _audit(ctx) == [
        ("enrollment", "override_percent", None, "85.0", "tester"),
        ("enrollment", "override_percent", "85.0", None, "tester"),
    ]


def test_extension_removes_the_late_penalty_and_is_audited(seeded) -> None:
    ctx, ids = seeded
    due = utc(2026, 9, 29)
    set_extension(ctx, ids["Ada"], "1938004", due)
    ada = next(r for r in grade_rows(ctx, now=NOW) if r.student.name == "Ada Lovelace")
    assert ada.grade.current_percent == 96.0  # (27 + 30 + 15) / 75
    # An extension on work with no score row yet creates the row: no longer missing.
    detail = set_extension(ctx, ids["Grace"], "1937901", utc(2026, 10, 1), now=NOW)
    item = next(i for i in detail.items if i.key == "1937901")
    assert item.effective_points is None and not item.missing_applied
    audit = _audit(ctx)
    assert [(a[0], a[1], a[3]) for a in audit] == [
        ("score", "extended_due_at", str(due)),
        ("score", "extended_due_at", str(utc(2026, 10, 1))),
    ]
    with pytest.raises(NotFound):
        set_extension(ctx, ids["Ada"], "nope", due)


@pytest.mark.postgres
def test_engine_services_on_postgres(pg_ctx: ServiceContext) -> None:
    from coursekit.services.courses import init_course

    init_course(pg_ctx, COMP529)
    ids = seed(pg_ctx)
    check_grades(pg_ctx)
    check_credits_and_readiness(pg_ctx)
    row = next(r for r in grade_rows(pg_ctx, now=NOW) if r.student.name == "Grace Hopper")
    assert set_override(pg_ctx, ids["Grace"], 70.0, row.enrollment_version).grade.letter == "C-"


def test_class_readiness_honours_extensions_like_the_student_view(seeded) -> None:
    """A lab whose due date a student's extension moved is not overdue in either view."""
    ctx, ids = seeded
    grace = ids["Grace"]
    with ctx.transaction() as s:
        keys = dict(s.execute(select(m.Assessment.key, m.Assessment.id)).all())
        s.execute(
            insert(m.Score),
            [
                {  # passed the challenge lab (domains 1 and 4) on time
                    "enrollment_id": grace,
                    "assessment_id": keys["1938004"],
                    "points": 45,
                    "status": "graded",
                    "submitted_at": utc(2026, 9, 27),
                    "extended_due_at": None,
                },
                {  # guided lab (domain 1) not started, but extended past NOW
                    "enrollment_id": grace,
                    "assessment_id": keys["1937901"],
                    "points": None,
                    "status": "missing",
                    "submitted_at": None,
                    "extended_due_at": utc(2026, 10, 5),
                },
            ],
        )
        s.execute(
            insert(m.PracticeAttempt),
            [
                {
                    "enrollment_id": grace,
                    "exam_code": "SAA-C03",
                    "taken_at": utc(2026, 9, 28),
                    "percent": None,
                    "scaled_score": None,
                    "minutes": 130.0,
                    "questions": 65,
                    "domain_percents": {"1": 60, "2": 60, "3": 60, "4": 60},
                }
            ],
        )
    in_class = next(
        r.result
        for r in readiness_rows(ctx, "COMP529", now=NOW)
        if r.student.name == "Grace Hopper" and r.result.exam_code == "SAA-C03"
    )
    alone = next(
        r.result for r in student_readiness(ctx, grace, now=NOW) if r.result.exam_code == "SAA-C03"
    )
    assert in_class == alone
    # Domain 1: only the passed challenge lab counts (the guided lab is not due for Grace),
    # so lab coverage is 1.0: 0.3×(.75×.6+.25) + 0.26×.6 + 0.24×.6 + 0.2×(.75×.6+.25) = 0.65.
    assert in_class.predicted_score == pytest.approx(100 + 900 * 0.65)
