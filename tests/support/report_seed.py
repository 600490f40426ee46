"""A small known COMP529 class for the report, registrar, message and frame tests.

12 active students in sections "A" (7) and "B" (5) plus one dropped student; some
names are formula/markup injections. ``NOW`` is mid-term (2026-11-20).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlmodel import select

from coursekit.db import models as m
from support.hostile_text import FORMULA_INJECTIONS

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)

INJECTIONS = [*FORMULA_INJECTIONS, "<r><t>raw</t></r>"]
# (student id, name, section, canvas id); ids share no run of 4 digits with each other
# nor with any score, date or amount below.
STUDENTS = [
    ("80417263", INJECTIONS[0], "A", "5550101"),
    ("80427364", INJECTIONS[1], "A", "5550102"),
    ("80437465", INJECTIONS[2], "A", "5550103"),
    ("80447566", INJECTIONS[3], "A", "5550104"),
    ("80457667", INJECTIONS[4], "A", "5550105"),
    ("80467768", INJECTIONS[5], "A", "5550106"),
    ("80477869", INJECTIONS[6], "A", "5550107"),
    ("80487960", INJECTIONS[7], "B", "5550108"),
    ("80497061", "Ada Lovelace", "B", "5550109"),
    ("80507162", "Grace Hopper", "B", "5550110"),
    ("80517263", "Alan Turing", "B", "5550111"),
    ("80527364", "Edsger Dijkstra", "B", "5550112"),
]
DROPPED = ("80537465", "Dropped Student", "B", "5550113")

IAM_LAB = "1937901"  # guided lab, 30 points, threshold 75 %, due 2026-09-20
EFS_LAB = "1937911"  # guided lab, 30 points, due 2026-10-04


def email(student_id: str) -> str:
    return f"s{student_id}@uni.example.edu"


def seed(ctx: Any) -> dict[str, int]:
    """Insert the class; returns student id -> enrollment id."""
    enrollments: dict[str, int] = {}
    with ctx.transaction() as session:
        course = session.exec(select(m.Course).where(m.Course.code == "COMP529")).one()
        query = select(m.Assessment).where(m.Assessment.course_id == course.id)
        assessments = {a.key: a for a in session.exec(query)}
        for i, (sid, name, section, lms) in enumerate([*STUDENTS, DROPPED]):
            student = m.Student(
                student_id=sid,
                name=name,
                sortable_name=name,
                email=email(sid),
                lms_id=lms,
                login=email(sid),
            )
            session.add(student)
            session.flush()
            enrollment = m.Enrollment(
                course_id=course.id,
                student_pk=student.id,
                section=section,
                status="dropped" if sid == DROPPED[0] else "active",
            )
            session.add(enrollment)
            session.flush()
            enrollments[sid] = enrollment.id
            # IAM lab: first 9 pass (27/30), the rest below threshold (12/30); one excused.
            iam = assessments[IAM_LAB]
            if i == 11:
                session.add(
                    m.Score(
                        enrollment_id=enrollment.id,
                        assessment_id=iam.id,
                        points=None,
                        status="excused",
                    )
                )
            else:
                session.add(
                    m.Score(
                        enrollment_id=enrollment.id,
                        assessment_id=iam.id,
                        points=27.0 if i < 9 else 12.5,
                        status="graded",
                        submitted_at=datetime(2026, 9, 18, tzinfo=UTC),
                    )
                )
            if i % 2 == 0:
                session.add(
                    m.Score(
                        enrollment_id=enrollment.id,
                        assessment_id=assessments[EFS_LAB].id,
                        points=30.0,
                        status="graded",
                        submitted_at=datetime(2026, 10, 1, tzinfo=UTC),
                    )
                )
            # credits: a grant and snapshots on three days
            start = datetime(2026, 9, 1, tzinfo=UTC)
            session.add(
                m.CreditEvent(enrollment_id=enrollment.id, at=start, kind="grant", amount_usd=100.0)
            )
            for day, spent in ((10, 5.0 + i), (40, 20.0 + 2 * i), (80, 40.0 + 5 * i)):
                session.add(
                    m.CreditEvent(
                        enrollment_id=enrollment.id,
                        at=start + timedelta(days=day),
                        kind="usage_snapshot",
                        amount_usd=spent,
                    )
                )
            if i < 10:
                session.add(
                    m.PracticeAttempt(
                        enrollment_id=enrollment.id,
                        exam_code="SAA-C03",
                        taken_at=NOW - timedelta(days=3),
                        percent=None,
                        domain_percents={"1": 50.0 + i * 4, "2": 60.0, "3": 40.0 + i, "4": 70.0},
                        minutes=60,
                        questions=30,
                    )
                )
            submission = m.TemplateSubmission(
                enrollment_id=enrollment.id,
                filename=f"{sid}-stack.yaml",
                sha256="0" * 64,
                content="Resources: {}",
            )
            session.add(submission)
            session.flush()
            for rule, severity, status in (
                ("CK101", "blocking", "done" if i < 6 else "todo"),
                ("CK201", "warning", "todo"),
                ("CK301", "info", "waived" if i < 3 else "todo"),
            ):
                session.add(
                    m.ChecklistItem(
                        enrollment_id=enrollment.id,
                        submission_id=submission.id,
                        rule_id=rule,
                        resource="Bucket",
                        message="copy it",
                        severity=severity,
                        status=status,
                        due_on=date(2026, 12, 15),
                    )
                )
    return enrollments


# Hand-computed grades of the seeded class at NOW: student id -> (current %, final %, letter).
# None of the work is late. Past due at NOW: 9 guided labs (30 pts), 6 challenge labs, 10
# knowledge checks, nothing of the capstone. Student i has IAM 27 (i < 9), 12.5 (i = 9, 10)
# or excused (i = 11), and EFS 30 when i is even; every other item is missing (0). Guided
# labs drop their lowest score.
# Current (past-due work only, capstone not counted): 30 × guided / 75, challenge labs and
# knowledge checks being 0:  57/240 → 9.50, 27/240 → 4.50, 12.5/240 → 2.08, 42.5/240 → 7.08,
# 0/210 → 0.  Final (all 12 guided labs, all four categories): 30 × guided / 100:
# 57/330 → 5.18, 27/330 → 2.45, 12.5/330 → 1.14, 42.5/330 → 3.86, 0 → 0.  All below 60: F.
HAND_GRADES: dict[str, tuple[float, float, str]] = {
    **{
        sid: (9.5, 5.18, "F") if i % 2 == 0 else (4.5, 2.45, "F")
        for i, (sid, *_) in enumerate(STUDENTS[:9])
    },
    STUDENTS[9][0]: (2.08, 1.14, "F"),
    STUDENTS[10][0]: (7.08, 3.86, "F"),
    STUDENTS[11][0]: (0.0, 0.0, "F"),
}
