"""Issue 12 item 7: a rejected attach stores nothing but the attempt's metadata,
and an oversize file's error states its real size."""

from __future__ import annotations

import hashlib

from sqlmodel import select

from coursekit.db import models as m
from coursekit.services.checklists import attach_template
from coursekit.services.roster.roster import add_student


def _submissions(ctx):  # type: ignore[no-untyped-def]
    with ctx.transaction() as session:
        return list(session.exec(select(m.TemplateSubmission).order_by(m.TemplateSubmission.id)))


def test_rejected_template_keeps_only_metadata(course_ctx, tmp_path) -> None:  # type: ignore[no-untyped-def]
    add_student(course_ctx, "COMP529", student_id="000111", name="Ada Lovelace", section="A")
    secret = b"version: '3'\nservices:\n  db: {environment: {PASSWORD: Hunter2Hunter2}}\n"
    path = tmp_path / "docker-compose.yml"
    path.write_bytes(secret)
    result = attach_template(course_ctx, "COMP529", "000111", path)
    assert result.checklist.parse_error is not None
    assert "not a CloudFormation template" in result.checklist.parse_error
    (row,) = _submissions(course_ctx)
    assert row.content == ""  # nothing of the file's text is kept
    assert row.filename == "docker-compose.yml"
    assert row.sha256 == hashlib.sha256(secret).hexdigest()
    assert row.resources == []


def test_oversize_attach_names_the_real_size(course_ctx, tmp_path) -> None:  # type: ignore[no-untyped-def]
    add_student(course_ctx, "COMP529", student_id="000111", name="Ada Lovelace", section="A")
    path = tmp_path / "huge.yaml"
    path.write_bytes(b"Resources: {}\n# " + b"x" * 2_000_000)
    result = attach_template(course_ctx, "COMP529", "000111", path)
    assert result.checklist.parse_error is not None
    assert "2,000,016 bytes" in result.checklist.parse_error
    assert "1,048,576 bytes" in result.checklist.parse_error
    (row,) = _submissions(course_ctx)
    assert row.content == ""
