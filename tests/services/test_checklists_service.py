"""Checklist lifecycle: attach, mark done / waive, re-attach a changed template,
class summary counts, due dates, Markdown export."""

from __future__ import annotations

import stat
from datetime import date
from pathlib import Path

import pytest

from coursekit.domain.problems import HintKind, ProblemCode
from coursekit.services.checklists import (
    attach_template,
    class_checklists,
    export_checklists,
    set_item_status,
    student_checklist,
)
from coursekit.services.context import NotFound, ServiceError
from coursekit.services.roster.roster import add_student

LAB_TEMPLATE = (
    Path(__file__).resolve().parents[1] / "data/cfn/learner-lab/cafe-export-from-learner-lab.yaml"
)
CLOSE = date(2026, 12, 31)  # accounts_close_on of COMP529


@pytest.fixture
def klass(course_ctx):  # type: ignore[no-untyped-def]
    add_student(
        course_ctx,
        "COMP529",
        student_id="000111",
        name="Ada Lovelace",
        email="ada@example.edu",
        section="A",
    )
    add_student(course_ctx, "COMP529", student_id="000222", name="Grace Hopper", section="B")
    return course_ctx


def test_attach_builds_a_dated_checklist(klass) -> None:  # type: ignore[no-untyped-def]
    result = attach_template(klass, "COMP529", "ada@example.edu", LAB_TEMPLATE)
    sheet = result.checklist
    assert sheet.template == LAB_TEMPLATE.name and sheet.parse_error is None
    assert result.added == len(sheet.items) > 10
    by_rule = {e.rule_id for e in sheet.items}
    assert {"CK101", "CK102", "CK103", "DATA-S3", "DATA-RDS", "STEP-DEPLOY"} <= by_rule
    lab_role = [e for e in sheet.items if e.rule_id == "CK102" and "LabRole" in e.message]
    assert lab_role and lab_role[0].severity == "blocking"
    dues = {e.rule_id: e.due_on for e in sheet.items}
    assert dues["CK103"] == date(2026, 12, 21)  # template fixes 10 days before close
    assert dues["STEP-DEPLOY"] == date(2026, 12, 26)
    assert dues["DATA-S3"] == date(2026, 12, 28)
    assert all(e.status == "todo" for e in sheet.items)


def test_done_waive_and_reattach_keep_status(klass, tmp_path) -> None:  # type: ignore[no-untyped-def]
    sheet = attach_template(klass, "COMP529", "000111", LAB_TEMPLATE).checklist
    s3 = next(e for e in sheet.items if e.rule_id == "DATA-S3")
    ami = next(e for e in sheet.items if e.rule_id == "CK103")
    assert set_item_status(klass, "COMP529", "000111", s3.id, "done").status == "done"
    with pytest.raises(ServiceError, match="needs a note"):
        set_item_status(klass, "COMP529", "000111", ami.id, "waived")
    waived = set_item_status(klass, "COMP529", "000111", ami.id, "waived", note="same region")
    assert (waived.status, waived.note) == ("waived", "same region")

    # The student fixes the AMI (SSM parameter) and drops the bucket: re-attach.
    text = LAB_TEMPLATE.read_text()
    changed = tmp_path / "cafe-v2.yaml"
    start = text.index("  CafeMediaBucket:")
    end = text.index("  CafeDBSubnetGroup:") if "  CafeDBSubnetGroup:" in text else None
    assert end is not None, "sample layout changed"
    changed.write_text(text[:start] + text[end:])
    again = attach_template(klass, "COMP529", "000111", changed)
    items = {(e.rule_id, e.resource): e for e in again.checklist.items}
    assert ("DATA-S3", "CafeMediaBucket") not in items  # no longer applies
    assert items[("CK103", ami.resource)].status == "waived"  # still applies: status kept
    assert again.retired >= 1 and again.kept >= 1
    assert again.checklist.template == "cafe-v2.yaml"


def test_unparsable_template_keeps_the_checklist(klass, tmp_path) -> None:  # type: ignore[no-untyped-def]
    attach_template(klass, "COMP529", "000111", LAB_TEMPLATE)
    bad = tmp_path / "bad.yaml"
    bad.write_text("Resources:\n  A: &x {Type: AWS::S3::Bucket}\n  B: *x\n")
    result = attach_template(klass, "COMP529", "000111", bad)
    assert result.checklist.parse_error and "bad.yaml" in result.checklist.parse_error
    assert (result.added, result.retired) == (1, 0)  # only "template does not parse"
    sheet = student_checklist(klass, "COMP529", "000111")
    assert len(sheet.items) > 11 and not sheet.handed_in
    parse = [e for e in sheet.items if e.rule_id == "TEMPLATE-PARSE"]
    assert len(parse) == 1 and parse[0].blocking
    assert parse[0].message.startswith("template does not parse: ")

    # A template that parses again retires the item.
    fixed = attach_template(klass, "COMP529", "000111", LAB_TEMPLATE).checklist
    assert fixed.handed_in
    assert not [e for e in fixed.items if e.rule_id == "TEMPLATE-PARSE"]


def test_class_summary_counts_and_missing_templates(klass) -> None:  # type: ignore[no-untyped-def]
    sheet = attach_template(klass, "COMP529", "000111", LAB_TEMPLATE).checklist
    set_item_status(klass, "COMP529", "000111", sheet.items[0].id, "done")
    rows = class_checklists(klass, "COMP529", today=date(2026, 12, 22))
    by_id = {r.student_id: r for r in rows}
    ada, grace = by_id["000111"], by_id["000222"]
    assert rows[0].student_id == "000222"  # no template sorts first: most urgent
    assert (grace.template, grace.open, grace.done) == (None, 0, 0)
    assert ada.done == 1 and ada.open == len(sheet.items) - 1
    assert ada.blocking == sum(e.blocking for e in sheet.items if e.id != sheet.items[0].id)
    assert ada.days_left == 9
    assert (
        ada.overdue
        == sum(  # template fixes were due 2026-12-21
            1 for e in sheet.items[1:] if e.due_on and e.due_on < date(2026, 12, 22)
        )
    )


def test_markdown_export(klass, tmp_path) -> None:  # type: ignore[no-untyped-def]
    attach_template(klass, "COMP529", "000111", LAB_TEMPLATE)
    written = export_checklists(klass, "COMP529", tmp_path / "out", today=date(2026, 12, 1))
    names = sorted(p.name for p in written)
    assert names == ["checklist-000111.md", "class-summary.md"]
    student_md = (tmp_path / "out" / "checklist-000111.md").read_text()
    assert "Ada Lovelace" in student_md and "2026-12-31" in student_md and "- [ ]" in student_md
    summary = (tmp_path / "out" / "class-summary.md").read_text()
    assert "1 of 2 students handed in a template" in summary and "Grace Hopper" in summary
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in written)


def test_unknown_student_and_item(klass) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(NotFound, match="no student 'nobody'"):
        attach_template(klass, "COMP529", "nobody", LAB_TEMPLATE)
    with pytest.raises(NotFound, match="no checklist item 999"):
        set_item_status(klass, "COMP529", "000111", 999, "done")


@pytest.mark.postgres
def test_checklist_lifecycle_on_postgres(pg_ctx) -> None:  # type: ignore[no-untyped-def]
    from coursekit.services.courses import init_course

    init_course(
        pg_ctx, Path(__file__).resolve().parents[2] / "syllabi/comp529-cloud-computing.toml"
    )
    add_student(pg_ctx, "COMP529", student_id="000111", name="Ada Lovelace")
    sheet = attach_template(pg_ctx, "COMP529", "000111", LAB_TEMPLATE).checklist
    set_item_status(pg_ctx, "COMP529", "000111", sheet.items[0].id, "done")
    row = class_checklists(pg_ctx, "COMP529", today=date(2026, 12, 1))[0]
    assert (row.done, row.open) == (1, len(sheet.items) - 1)


BAD = "Resources:\n  A: &x {Type: AWS::S3::Bucket}\n  B: *x\n"


def test_an_unreadable_first_template_is_not_handed_in_anywhere(klass, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from coursekit.interchange.checklist_markdown import render_class_summary
    from coursekit.services.views.course_dashboard import dashboard

    bad = tmp_path / "bad.yaml"
    bad.write_text(BAD)
    attach_template(klass, "COMP529", "000111", bad)
    rows = {r.student_id: r for r in class_checklists(klass, "COMP529", today=date(2026, 12, 1))}
    ada = rows["000111"]
    assert ada.template == "bad.yaml" and ada.parse_error is not None
    assert not ada.handed_in
    assert (ada.open, ada.blocking) == (1, 1)  # not "all items closed"
    board = dashboard(klass, "COMP529")
    assert (board.checklists.handed_in, board.checklists.students_blocking) == (0, 1)
    summary = render_class_summary("COMP529", list(rows.values()), date(2026, 12, 1))
    assert "0 of 2 students handed in" in summary
    assert "bad.yaml **(does not parse)**" in summary


def test_a_problem_that_comes_back_reopens_its_item(klass, tmp_path) -> None:  # type: ignore[no-untyped-def]
    sheet = attach_template(klass, "COMP529", "000111", LAB_TEMPLATE).checklist
    s3 = next(e for e in sheet.items if e.rule_id == "DATA-S3")
    set_item_status(klass, "COMP529", "000111", s3.id, "done")
    text = LAB_TEMPLATE.read_text()
    start, end = text.index("  CafeMediaBucket:"), text.index("  CafeDBSubnetGroup:")
    without = tmp_path / "v2.yaml"
    without.write_text(text[:start] + text[end:])
    attach_template(klass, "COMP529", "000111", without)  # bucket gone: item retired
    back = attach_template(klass, "COMP529", "000111", LAB_TEMPLATE)  # bucket is back
    assert back.reopened == 1
    item = next(e for e in back.checklist.items if e.id == s3.id)
    assert item.status == "todo" and item.open


def test_attaching_to_a_dropped_student_is_refused(klass) -> None:  # type: ignore[no-untyped-def]
    from coursekit.services.roster.roster import drop_student

    eid = student_checklist(klass, "COMP529", "000222").enrollment_id
    drop_student(klass, eid)
    with pytest.raises(ServiceError, match=r"has dropped COMP529") as refused:
        attach_template(klass, "COMP529", "000222", LAB_TEMPLATE)
    assert refused.value.code == ProblemCode.STUDENT_DROPPED
    assert refused.value.hint == HintKind.INCLUDE_DROPPED
    assert student_checklist(klass, "COMP529", "000222").template is None  # nothing stored
    kept = attach_template(klass, "COMP529", "000222", LAB_TEMPLATE, include_dropped=True)
    assert kept.checklist.template == LAB_TEMPLATE.name
