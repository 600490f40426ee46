"""History in teacher words and revert with its refusals."""

from __future__ import annotations

from pathlib import Path

import pytest

from coursekit.domain.enums import EnrollmentStatus
from coursekit.services.checklists import attach_template, set_item_status
from coursekit.services.context import ServiceError
from coursekit.services.roster.history import history, revert
from coursekit.services.roster.roster import StudentEdit, add_student, edit_student
from coursekit.services.roster.score_edits import excuse_score, set_score
from coursekit.services.roster.student_status import find_student, set_enrolled

LAB_TEMPLATE = (
    Path(__file__).resolve().parents[1] / "data/cfn/learner-lab/cafe-export-from-learner-lab.yaml"
)
TITLE = "Guided lab: Exploring AWS Identity and Access Management (IAM)"


@pytest.fixture
def klass(course_ctx):  # type: ignore[no-untyped-def]
    add_student(course_ctx, "COMP529", student_id="000111", name="Ada Lovelace", section="A")
    add_student(course_ctx, "COMP529", student_id="000222", name="Grace Hopper", section="B")
    return course_ctx


def test_history_speaks_teacher(klass) -> None:  # type: ignore[no-untyped-def]
    set_score(klass, "COMP529", "000111", "1937901", 27)
    excuse_score(klass, "COMP529", "000111", "1937901")
    set_score(klass, "COMP529", "000222", "1937901", 20)
    mine = history(klass, "COMP529", "000111")
    # Newest first: the excuse, the score, the enrolment.
    assert [c.subject for c in mine[:2]] == [f"score on {TITLE} (1937901)"] * 2
    assert mine[0].lines == ("points: 27 → —", "status: graded → excused (EX)")
    assert mine[1].lines == ("points: — → 27", "status: no score → graded", "hand edit: no → yes")
    assert mine[-1].lines == ("status: — → active",)
    assert all(c.student_id == "000111" for c in mine)
    assert mine[0].actor == "tester"
    everyone = history(klass, "COMP529")
    assert {c.student_id for c in everyone} == {"000111", "000222"}


def test_revert_a_score_edit_and_refuse_when_a_later_one_depends(klass) -> None:  # type: ignore[no-untyped-def]
    set_score(klass, "COMP529", "000111", "1937901", 27)
    first = history(klass, "COMP529", "000111")[0]
    set_score(klass, "COMP529", "000111", "1937901", 25)
    second = history(klass, "COMP529", "000111")[0]
    with pytest.raises(ServiceError, match=rf"change {second.id} .* changed points again later"):
        revert(klass, first.id)
    revert(klass, second.id)
    eid = find_student(klass, "COMP529", "000111").enrollment_id
    from coursekit.services.views.grades import student_grades

    item = next(i for i in student_grades(klass, eid).items if i.key == "1937901")
    assert item.points == 27  # back to the first edit
    assert history(klass, "COMP529", "000111")[0].lines == ("points: 25 → 27",)


def test_revert_enrollment_student_and_checklist_changes(klass) -> None:  # type: ignore[no-untyped-def]
    row = find_student(klass, "COMP529", "000111")
    edit_student(
        klass, row.enrollment_id, StudentEdit(name="Ada King"), expected_version=row.version
    )
    renamed = history(klass, "COMP529", "000111")[0]
    assert renamed.lines == ("name: Ada Lovelace → Ada King",)
    revert(klass, renamed.id)
    assert find_student(klass, "COMP529", "000111").name == "Ada Lovelace"

    set_enrolled(klass, "COMP529", "000222", EnrollmentStatus.DROPPED)
    dropped = history(klass, "COMP529", "000222")[0]
    revert(klass, dropped.id)
    assert find_student(klass, "COMP529", "000222").status == "active"

    sheet = attach_template(klass, "COMP529", "000111", LAB_TEMPLATE).checklist
    item = sheet.items[0]
    set_item_status(klass, "COMP529", "000111", item.id, "done")
    done = history(klass, "COMP529", "000111")[0]
    assert done.subject.startswith("checklist item ") and item.rule_id in done.subject
    assert done.lines == ("status: to do → done",)
    revert(klass, done.id)
    from coursekit.services.checklists import student_checklist

    again = next(e for e in student_checklist(klass, "COMP529", "000111").items if e.id == item.id)
    assert again.status == "todo"


def test_revert_refusals(klass) -> None:  # type: ignore[no-untyped-def]
    attach_template(klass, "COMP529", "000111", LAB_TEMPLATE)
    changes = history(klass, "COMP529", "000111")
    attached = next(c for c in changes if c.entity == "templatesubmission")
    with pytest.raises(ServiceError, match="attached a template"):
        revert(klass, attached.id)
    enrolled = changes[-1]
    with pytest.raises(ServiceError, match="enrolled the student"):
        revert(klass, enrolled.id)
    with pytest.raises(ServiceError, match="no change 99999"):
        revert(klass, 99999)


def test_an_imported_change_is_undone_with_its_batch_not_reverted() -> None:
    from datetime import UTC, datetime

    from coursekit.domain.history import AuditRow, Change, revert_refusal

    at = datetime(2026, 10, 1, tzinfo=UTC)
    row = AuditRow(7, at, "tester", 3, "score", 1, "points", None, "9")
    change = Change(7, at, "tester", 3, "score", 1, (row,), "0001", "Ada", "score on X")
    assert revert_refusal(change, []) == (
        "change 7 came with import batch 3; undo the import instead (coursekit undo 3)"
    )
