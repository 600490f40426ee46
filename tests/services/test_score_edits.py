"""Hand edits of scores and enrollments: set / excuse / clear, extensions (one and a
standing accommodation), drop / reactivate — audited and version-checked."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from coursekit.db import models as m
from coursekit.domain.enums import EnrollmentStatus
from coursekit.domain.problems import ProblemCode
from coursekit.services.context import Conflict, NotFound, ServiceError
from coursekit.services.roster.roster import add_student
from coursekit.services.roster.score_edits import (
    clear_score,
    excuse_score,
    extend,
    extend_all_future,
    set_score,
)
from coursekit.services.roster.student_status import find_student, set_enrolled
from coursekit.services.views.grades import student_grades

NOW = datetime(2026, 11, 10, 12, tzinfo=UTC)


@pytest.fixture
def klass(course_ctx):  # type: ignore[no-untyped-def]
    add_student(course_ctx, "COMP529", student_id="000111", name="Ada Lovelace", section="A")
    return course_ctx


def audit(ctx) -> list[tuple[str, str, str | None, str | None]]:  # type: ignore[no-untyped-def]
    with ctx.read() as s:
        rows = s.exec(
            select(m.AuditEvent.entity, m.AuditEvent.field, m.AuditEvent.old, m.AuditEvent.new)
            .where(m.AuditEvent.entity == "score")
            .order_by(m.AuditEvent.id)
        ).all()
    return [tuple(r) for r in rows]  # type: ignore[misc]


def test_set_excuse_clear_are_audited_and_graded(klass) -> None:  # type: ignore[no-untyped-def]
    first = set_score(klass, "COMP529", "000111", "1937901", 27)
    assert (first.old, first.new) == ("-", "27")
    eid = find_student(klass, "COMP529", "000111").enrollment_id
    item = next(i for i in student_grades(klass, eid, now=NOW).items if i.key == "1937901")
    assert (item.points, item.status) == (27, "graded")

    excused = excuse_score(klass, "COMP529", "000111", "1937901")
    assert (excused.old, excused.new) == ("27", "EX")
    cleared = clear_score(klass, "COMP529", "000111", "1937901")
    assert (cleared.old, cleared.new) == ("EX", "-")
    assert audit(klass) == [
        ("score", "points", None, "27"),
        ("score", "status", "missing", "graded"),
        ("score", "manual", "False", "True"),
        ("score", "points", "27.0", None),
        ("score", "status", "graded", "excused"),
        ("score", "status", "excused", "missing"),
    ]


def test_score_edits_refuse_bad_input_and_stale_versions(klass) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ServiceError, match="is not a score for 1937901"):
        set_score(klass, "COMP529", "000111", "1937901", -1)
    with pytest.raises(NotFound, match="no assessment 'Lab 99'"):
        set_score(klass, "COMP529", "000111", "Lab 99", 1)
    with pytest.raises(NotFound, match="no student 'nobody'"):
        set_score(klass, "COMP529", "nobody", "1937901", 1)
    change = set_score(klass, "COMP529", "000111", "1937901", 20)
    with pytest.raises(Conflict, match="changed by someone else"):
        set_score(klass, "COMP529", "000111", "1937901", 25, expected_version=change.version - 1)
    again = set_score(klass, "COMP529", "000111", "1937901", 25, expected_version=change.version)
    assert again.new == "25"


def test_extension_moves_one_due_date_later(klass) -> None:  # type: ignore[no-untyped-def]
    until = datetime(2026, 9, 25, 3, 59, tzinfo=UTC)  # 1937901 is due 2026-09-21 03:59 UTC
    granted = extend(klass, "COMP529", "000111", "1937901", until)
    assert granted.extended_due_at == until
    eid = find_student(klass, "COMP529", "000111").enrollment_id
    item = next(i for i in student_grades(klass, eid, now=NOW).items if i.key == "1937901")
    assert item.due_at == until
    with pytest.raises(ServiceError, match="not after the due date"):
        extend(klass, "COMP529", "000111", "1937901", datetime(2026, 9, 1, tzinfo=UTC))


def test_standing_accommodation_extends_every_later_due_date(klass) -> None:  # type: ignore[no-untyped-def]
    # Due after 2026-11-10 12:00 UTC in COMP529: guided 1937953 (11-16 04:59 UTC), 1937967,
    # 1937974, 1937988; challenge 1938011, 1938014; knowledge checks 1939011-1939016; the
    # capstone 1939100 (and nothing already due).
    granted = extend_all_future(klass, "COMP529", "000111", 3, now=NOW)
    keys = {g.key for g in granted}
    assert "1937946" not in keys  # due 11-09: already past, untouched
    assert {"1937953", "1937988", "1938011", "1938014", "1939100"} <= keys
    assert all(g.extended_due_at == g.due_at + timedelta(days=3) for g in granted)  # type: ignore[operator]
    # Running it again with fewer days never shortens what was granted.
    assert extend_all_future(klass, "COMP529", "000111", 1, now=NOW) == []
    with pytest.raises(ServiceError, match="days must be more than 0") as refused:
        extend_all_future(klass, "COMP529", "000111", 0, now=NOW)
    assert (refused.value.code, refused.value.field) == (ProblemCode.INVALID_VALUE, "days")


def test_drop_and_reactivate(klass) -> None:  # type: ignore[no-untyped-def]
    row = set_enrolled(klass, "COMP529", "000111", EnrollmentStatus.DROPPED)
    assert row.status == "dropped"
    with pytest.raises(ServiceError, match="already dropped"):
        set_enrolled(klass, "COMP529", "000111", EnrollmentStatus.DROPPED)
    with pytest.raises(Conflict):
        set_enrolled(klass, "COMP529", "000111", EnrollmentStatus.ACTIVE, expected_version=1)
    assert set_enrolled(klass, "COMP529", "000111", EnrollmentStatus.ACTIVE).status == "active"
