"""Composing messages: every reason in one message, in order, with the student's figures;
no message without a reason; templates with unknown placeholders are refused."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from coursekit.domain.checklist import ClassChecklistRow
from coursekit.domain.credits import CreditFlag, CreditForecast
from coursekit.domain.engine_records import StudentRef
from coursekit.domain.labs import NudgeReasons
from coursekit.domain.messages import MessageTemplates, TemplateProblem, compose
from coursekit.domain.student_digest import LabLine, StudentDigest

TEMPLATES = MessageTemplates(
    subject="$course for $first_name",
    opening="Hi $first_name,",
    closing="-- $course_title",
    paragraphs={
        "labs": "Overdue: $overdue_labs ($overdue_count); behind by $behind.",
        "credits": "Spent $spent of $budget, $remaining left, runs out $runout_on.",
        "checklist": "$blocking blocking of $open_items open in $template.",
        "readiness": "$exam: $predicted_score of $passing_score.",
    },
)
DIGEST = StudentDigest(
    student=StudentRef(7, 1, "000123", "Ada Lovelace", "Lovelace, Ada", "A", "active"),
    email="ada@uni.example.edu",
    course_code="COMP529",
    course_title="Cloud Computing",
    accounts_close_on=date(2026, 12, 31),
    grade=None,
    labs=(
        LabLine("L1", "Lab one", "not_started", None, datetime(2026, 10, 1, tzinfo=UTC), True),
        LabLine("L2", "Lab two", "passed", 100.0, None, False),
    ),
    nudge=NudgeReasons(behind=2, overdue=("L1",), due_soon=()),
    credits=CreditForecast(
        budget=100.0,
        spent=92.5,
        remaining=7.5,
        percent_used=92.5,
        burn_per_day=1.5,
        runout_on=date(2026, 11, 25),
        runs_out_before_close=True,
        last_snapshot_at=None,
        snapshots_in_fit=3,
        flags=(CreditFlag.USED_90, CreditFlag.RUNS_OUT_BEFORE_CLOSE),
    ),
    readiness=(),
    target_exam="SAA-C03",
    checklist=ClassChecklistRow(7, "000123", "Ada Lovelace", "A", "t.yaml", 1, 0, 4, 0, 41, 0),
)


def test_one_message_with_every_reason_in_order() -> None:
    message = compose(DIGEST, TEMPLATES)
    assert message is not None
    assert message.subject == "COMP529 for Ada"
    assert message.reasons == ("labs", "credits")  # no blocking/overdue item, no readiness
    assert message.body == (
        "Hi Ada,\n\n"
        "Overdue: Lab one (1); behind by 2.\n\n"
        "Spent $92.50 of $100.00, $7.50 left, runs out 2026-11-25.\n\n"
        "-- Cloud Computing\n"
    )


def test_checklist_reason_and_no_reason() -> None:
    blocking = replace(DIGEST, checklist=replace(DIGEST.checklist, blocking=2))
    message = compose(blocking, TEMPLATES)
    assert message is not None and message.reasons == ("labs", "credits", "checklist")
    assert "2 blocking of 4 open in t.yaml." in message.body
    calm = replace(DIGEST, nudge=None, credits=None)
    assert compose(calm, TEMPLATES) is None


def test_templates_are_checked() -> None:
    TEMPLATES.check()
    bad = replace(TEMPLATES, paragraphs={**TEMPLATES.paragraphs, "labs": "Spent $spent"})
    with pytest.raises(TemplateProblem, match=r"unknown placeholder \$spent") as err:
        bad.check()
    assert err.value.key == "reasons.labs"
    with pytest.raises(TemplateProblem, match=r"\$\$"):
        replace(TEMPLATES, subject="costs $ 5").check()


def test_lab_counts_and_next_labs_follow_the_one_lab_rule() -> None:
    """The message counts the labs passed *of those due* (a lab passed before it was due
    does not hide an overdue one) and never suggests a lab already passed."""
    from coursekit.domain.readiness import DomainReadiness, ReadinessResult, ReadinessStatus

    weak = DomainReadiness(
        number=1,
        name="Design Secure Architectures",
        weight=30.0,
        practice=0.4,
        practice_weight=1.0,
        labs=0.5,
        labs_passed=1,
        labs_counted=2,
        mastery=0.45,
        next_labs=("L1", "L2"),  # L1 not passed yet first, then the passed L2
    )
    readiness = ReadinessResult(
        exam_code="SAA-C03",
        status=ReadinessStatus.NOT_YET,
        predicted_score=610.0,
        passing_score=720,
        coverage=1.0,
        domains=(weak,),
        weakest=(1,),
        attempts_used=1,
        last_attempt_at=None,
        seconds_per_question=None,
        budget_seconds_per_question=130.0,
    )
    templates = replace(
        TEMPLATES,
        paragraphs={
            **TEMPLATES.paragraphs,
            "labs": "Passed $passed of $due_so_far due.",
            "readiness": "Next: $next_labs.",
        },
    )
    digest = replace(
        DIGEST, readiness=(readiness,), labs_passed_due=0, labs_due_so_far=1, credits=None
    )
    message = compose(digest, templates)
    assert message is not None
    assert "Passed 0 of 1 due." in message.body
    assert "Next: Lab one." in message.body  # Lab two is passed: never suggested
