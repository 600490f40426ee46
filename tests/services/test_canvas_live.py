"""Canvas live, against a local Canvas-compatible server: pull → preview → apply →
undo, a throttled pull that completes, push with read-back (a cell that does not
take, a bulk update that fails) — on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from support.canvas_server import TOKEN

IAM, EFS, CAFE = "1937901", "1937911", "1938004"


def _policy() -> Any:
    from coursekit.interchange.canvas_live.transport import RetryPolicy

    return RetryPolicy(sleep=lambda seconds: None)


def _connect(ctx: Any, url: str) -> Any:
    from coursekit.services.canvas.canvas_connection import login, open_canvas

    login(ctx, url, canvas_course_id="5001", token=TOKEN)
    return open_canvas(ctx, policy=_policy())


def _scores(ctx: Any) -> dict[tuple[str, str], tuple[float | None, str]]:
    with ctx.engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT s.student_id, a.key, sc.points, sc.status FROM score sc "
                "JOIN enrollment e ON e.id = sc.enrollment_id "
                "JOIN student s ON s.id = e.student_pk JOIN assessment a ON a.id = sc.assessment_id"
            )
        ).all()
    return {(r[0], r[1]): (r[2], r[3]) for r in rows}


def _students(ctx: Any) -> list[tuple[str, str, str | None, str]]:
    with ctx.engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT s.student_id, s.name, s.lms_id, e.section FROM student s "
                "JOIN enrollment e ON e.student_pk = s.id ORDER BY s.student_id"
            )
        ).all()
    return [tuple(r) for r in rows]  # type: ignore[misc]


def _pull_and_apply(ctx: Any, session: Any) -> list[int]:
    from coursekit.domain.enums import ImportKind
    from coursekit.services.canvas.canvas_pull import plan_pull, pull
    from coursekit.services.importing.imports import apply_import

    batches = []
    pulled = pull(session)
    for kind in (ImportKind.ROSTER, ImportKind.GRADEBOOK):
        plan = plan_pull(ctx, pulled, kind)
        if not plan.is_empty:  # a course nobody has a score in yet: no gradebook batch
            batches.append(apply_import(ctx, plan).id)
    return batches


def test_pull_preview_apply_undo(db_ctx: Any, canvas: Any, memory_keyring: Any) -> None:
    from coursekit.domain.enums import ImportKind
    from coursekit.services.canvas.canvas_pull import plan_pull, pull
    from coursekit.services.importing.imports import apply_import, undo_batch

    fake, url = canvas
    fake.grade(11, int(IAM), 27.5, late=True, seconds_late=3600, deducted=3.0)
    fake.grade(12, int(IAM), None, excused=True)
    fake.grade(13, int(CAFE), 40.0)
    del fake.submissions[(13, int(EFS))]  # not assigned to Zoë (differentiated)
    session = _connect(db_ctx, url)
    pulled = pull(session)

    roster = plan_pull(db_ctx, pulled, ImportKind.ROSTER)
    assert [(c.student_id, c.name) for c in roster.students_added] == [
        ("000101", "Ada Lovelace"),
        ("000102", "Grace Hopper"),
        ("000103", "Zoë Müller"),
    ]
    assert _students(db_ctx) == []  # a preview writes nothing
    roster_batch = apply_import(db_ctx, roster)
    assert _students(db_ctx) == [
        ("000101", "Ada Lovelace", "11", "S1"),
        ("000102", "Grace Hopper", "12", "S1"),
        ("000103", "Zoë Müller", "13", "S2"),
    ]

    gradebook = plan_pull(db_ctx, pulled, ImportKind.GRADEBOOK)
    assert not gradebook.has_errors and not gradebook.students_added
    assert any(
        "1 late submission(s), 1 with a late deduction" in i.message for i in gradebook.issues
    )
    gradebook_batch = apply_import(db_ctx, gradebook)
    scores = _scores(db_ctx)
    assert scores[("000101", IAM)] == (27.5, "graded")
    assert scores[("000102", IAM)] == (None, "excused")
    assert scores[("000103", CAFE)] == (40.0, "graded")
    assert scores[("000103", EFS)] == (None, "not_assigned")
    assert scores[("000101", EFS)] == (None, "missing")
    assert len(scores) == 9

    # the same Canvas again: nothing to import
    assert plan_pull(db_ctx, pull(session), ImportKind.GRADEBOOK).is_empty

    undo_batch(db_ctx, gradebook_batch.id)
    assert _scores(db_ctx) == {}
    undo_batch(db_ctx, roster_batch.id)
    assert _students(db_ctx) == []


def test_a_throttled_paginated_pull_completes(
    db_ctx: Any, canvas: Any, memory_keyring: Any
) -> None:
    from coursekit.domain.enums import ImportKind
    from coursekit.services.canvas.canvas_pull import plan_pull, pull

    fake, url = canvas
    fake.per_page_max = 1  # one student per page: every listing follows Link headers
    fake.grade(11, int(IAM), 27.5)  # a score on every page, so a lost page shows
    fake.grade(12, int(EFS), 20.0)
    fake.grade(13, int(CAFE), 40.0)
    session = _connect(db_ctx, url)
    fake.throttle = 3  # the next three requests: 403 Forbidden (Rate Limit Exceeded)
    pulled = pull(session)
    assert fake.throttled == 3
    assert session.policy.waits.count("throttled") == 3
    plan = plan_pull(db_ctx, pulled, ImportKind.GRADEBOOK)
    assert len(plan.students_added) == 3 and len(plan.scores_added) == 9
    graded = {(c.student_id, c.assessment_key): c.points for c in plan.scores_added if c.points}
    assert graded == {("000101", IAM): 27.5, ("000102", EFS): 20.0, ("000103", CAFE): 40.0}


def test_a_pull_throttled_for_good_fails_cleanly(
    db_ctx: Any, canvas: Any, memory_keyring: Any
) -> None:
    from coursekit.services.canvas.canvas_pull import pull
    from coursekit.services.context import ServiceError

    fake, url = canvas
    session = _connect(db_ctx, url)
    fake.throttle = 100
    with pytest.raises(ServiceError, match=r"throttling.*nothing imported"):
        pull(session)
    assert fake.throttled == session.policy.attempts  # bounded retries
    assert _students(db_ctx) == []


def _edit_locally(ctx: Any, student_id: str, key: str, points: float | None, status: str) -> None:
    """A local change (as a later import or an edit would make)."""
    with ctx.engine.begin() as conn:
        conn.execute(
            text(
                "UPDATE score SET points = :p, status = :s, version = version + 1 WHERE id = "
                "(SELECT sc.id FROM score sc JOIN enrollment e ON e.id = sc.enrollment_id "
                "JOIN student st ON st.id = e.student_pk JOIN assessment a ON "
                "a.id = sc.assessment_id WHERE st.student_id = :sid AND a.key = :k)"
            ),
            {"p": points, "s": status, "sid": student_id, "k": key},
        )


def test_push_reads_back_and_reports_the_cell_that_did_not_take(
    db_ctx: Any, canvas: Any, memory_keyring: Any
) -> None:
    from coursekit.services.canvas.canvas_push import plan_push_grades, push_grades

    fake, url = canvas
    fake.grade(11, int(IAM), 20.0)
    # a score in every column: a column nobody has a score in imports no "missing" rows
    fake.grade(13, int(CAFE), 40.0)
    fake.grade(11, int(EFS), 25.0)
    session = _connect(db_ctx, url)
    _pull_and_apply(db_ctx, session)
    _edit_locally(db_ctx, "000101", IAM, 29.0, "graded")  # regraded
    _edit_locally(db_ctx, "000102", CAFE, 41.5, "graded")  # graded in coursekit
    _edit_locally(db_ctx, "000103", EFS, None, "excused")  # excused in coursekit

    plan = plan_push_grades(db_ctx, session)
    diff = {(c.student_id, c.key): (c.before, c.after) for c in plan.cells}
    assert diff == {
        ("000101", IAM): ("20", "29"),
        ("000102", CAFE): ("-", "41.5"),
        ("000103", EFS): ("-", "EX"),
    }
    assert fake.bulk_payloads == []  # planning writes nothing

    fake.ignored_cells = {(12, int(CAFE))}  # Canvas accepts it but it does not take
    seen: list[tuple[int, int]] = []
    result = push_grades(db_ctx, session, plan, lambda done, total: seen.append((done, total)))
    assert seen == [(50, 100), (100, 100)]  # the progress object: running, then completed
    assert result.status == "partial"
    assert [(c.student_id, c.key, c.after, c.read_back) for c in result.not_taken] == [
        ("000102", CAFE, "41.5", "-")
    ]
    assert fake.submissions[(11, int(IAM))]["score"] == 29.0
    assert fake.submissions[(13, int(EFS))]["excused"] is True
    with db_ctx.engine.connect() as conn:
        row = conn.execute(text("SELECT status, counts, cells FROM canvaspush")).one()
    assert row[0] == "partial"
    counts = row[1] if isinstance(row[1], dict) else __import__("json").loads(row[1])
    assert counts == {"cells": 3, "took": 2, "not_taken": 1}
    # the next plan holds only the cell that did not take
    assert [(c.student_id, c.key) for c in plan_push_grades(db_ctx, session).cells] == [
        ("000102", CAFE)
    ]


def test_a_failed_bulk_update_is_reported_and_nothing_local_changes(
    db_ctx: Any, canvas: Any, memory_keyring: Any
) -> None:
    from coursekit.services.canvas.canvas_push import plan_push_grades, push_grades

    fake, url = canvas
    fake.grade(12, int(IAM), 20.0)  # the IAM column holds scores, so Ada's cell is stored
    session = _connect(db_ctx, url)
    _pull_and_apply(db_ctx, session)
    _edit_locally(db_ctx, "000101", IAM, 30.0, "graded")
    before = _scores(db_ctx)
    fake.fail_bulk = True
    result = push_grades(db_ctx, session, plan_push_grades(db_ctx, session))
    assert result.status == "failed"
    assert "failed" in result.message
    assert [(c.student_id, c.read_back, c.took) for c in result.cells] == [("000101", "-", False)]
    assert fake.submissions[(11, int(IAM))]["score"] is None
    assert _scores(db_ctx) == before


def test_compare_explains_each_difference(db_ctx: Any, canvas: Any, memory_keyring: Any) -> None:
    from datetime import UTC, datetime

    from coursekit.services.canvas.canvas_compare import compare

    fake, url = canvas
    for uid in (11, 12, 13):
        fake.grade(uid, int(IAM), 30.0)
        fake.grade(uid, int(EFS), 15.0 if uid == 11 else 30.0)
        fake.grade(uid, int(CAFE), 45.0)
    session = _connect(db_ctx, url)
    _pull_and_apply(db_ctx, session)
    # Hand-computed for COMP529 on 1 Sept (nothing due yet; weights 30/30/15/25; guided
    # labs drop 1 of 12 × 30 pts, 7 challenge labs × 45, 15 knowledge checks × 10 drop 2,
    # capstone 100):
    # Ada 30+15 guided, 45 challenge: current 100 (15/30 dropped); final
    # .3 × 45/330 + .3 × 45/315 = 8.38 %.  Grace/Zoë 30+30, 45: final .3 × 60/330 + .3 × 45/315
    # = 9.74 %.
    fake.set_totals(11, 100.0, 8.38)
    _edit_locally(db_ctx, "000102", EFS, 20.0, "graded")  # a local regrade not pushed yet
    fake.set_totals(12, 100.0, 9.74)
    fake.set_totals(13, 90.0, 9.0, unposted_current_score=100.0, unposted_final_score=9.74)
    fake.add_student(14, "Late Joiner", "Joiner, Late", "000104", "late@example.edu", 71)

    rows = {r.student_id: r for r in compare(db_ctx, session, now=datetime(2026, 9, 1, tzinfo=UTC))}
    assert rows["000101"].agrees
    assert rows["000101"].local is not None and rows["000101"].local.current == pytest.approx(100.0)
    grace = rows["000102"].reasons
    assert len(grace) == 1 and grace[0].startswith("1 item(s) differ")
    assert (
        "Introducing Amazon Elastic File System (Amazon EFS): Canvas 30, coursekit 20" in grace[0]
    )
    zoe = rows["000103"].reasons
    assert len(zoe) == 1 and "unposted grades" in zoe[0] and "100.00%" in zoe[0]
    assert rows["000104"].reasons == ("not in coursekit: pull the roster from Canvas",)


def test_push_a_credits_column_creates_it_and_reads_it_back(
    db_ctx: Any, canvas: Any, memory_keyring: Any, tmp_path: Path
) -> None:
    from coursekit.services.canvas.canvas_column import plan_push_column, push_column
    from coursekit.services.importing.imports import apply_import, plan_import

    fake, url = canvas
    session = _connect(db_ctx, url)
    _pull_and_apply(db_ctx, session)
    usage = tmp_path / "usage.csv"
    usage.write_text("Email,Date,Spent\nada@example.edu,2026-09-20,37.25\n", encoding="utf-8")
    apply_import(db_ctx, plan_import(db_ctx, "credits", usage))

    plan = plan_push_column(db_ctx, session, "credits")
    assert plan.column_id is None
    assert plan.notes == ("the column 'Learner Lab credits left' will be created in Canvas",)
    assert [(c.student_id, c.before, c.after) for c in plan.cells] == [
        ("000101", "-", "$62.75 of $100.00"),  # budget 100 (syllabus) - 37.25
        ("000102", "-", "$100.00 of $100.00"),
        ("000103", "-", "$100.00 of $100.00"),
    ]
    fake.ignored_cells = {(13, 0)}  # Zoë's cell silently does not take
    result = push_column(db_ctx, session, plan)
    assert result.status == "partial"
    assert [c.student_id for c in result.not_taken] == ["000103"]
    (column,) = fake.columns.values()
    assert column["title"] == "Learner Lab credits left"
    assert column["data"] == {11: "$62.75 of $100.00", 12: "$100.00 of $100.00"}
    fake.ignored_cells = set()
    again = plan_push_column(db_ctx, session, "credits")
    assert again.column_id is not None and again.unchanged == 2
    assert [c.student_id for c in again.cells] == ["000103"]


def test_a_pull_does_not_overwrite_a_hand_edit_unless_forced(
    db_ctx: Any, canvas: Any, memory_keyring: Any
) -> None:
    from coursekit.domain.enums import ImportKind
    from coursekit.services.canvas.canvas_pull import plan_pull, pull
    from coursekit.services.context import ServiceError
    from coursekit.services.importing.imports import apply_import

    fake, url = canvas
    fake.grade(11, int(IAM), 20.0)
    session = _connect(db_ctx, url)
    _pull_and_apply(db_ctx, session)
    with db_ctx.engine.begin() as conn:  # the instructor regrades by hand in coursekit
        conn.execute(
            text("UPDATE score SET points = 26, manual = :t WHERE points = 20"), {"t": True}
        )
    fake.grade(11, int(IAM), 22.0)  # … and Canvas changes too
    plan = plan_pull(db_ctx, pull(session), ImportKind.GRADEBOOK)
    assert [(c.student_id, c.old, c.new, c.stale) for c in plan.stale] == [
        ("000101", "26", "22", "edited by hand in coursekit")
    ]
    with pytest.raises(ServiceError, match="would overwrite newer edits"):
        apply_import(db_ctx, plan)
    assert _scores(db_ctx)[("000101", IAM)] == (26.0, "graded")
    apply_import(db_ctx, plan, force=True)
    assert _scores(db_ctx)[("000101", IAM)] == (22.0, "graded")


def test_a_readiness_column_before_any_practice_exam(
    db_ctx: Any, canvas: Any, memory_keyring: Any
) -> None:
    from coursekit.services.canvas.canvas_column import plan_push_column

    _, url = canvas
    session = _connect(db_ctx, url)
    _pull_and_apply(db_ctx, session)  # no scores yet, no practice exams
    plan = plan_push_column(db_ctx, session, "readiness", "Ready for SAA-C03?")
    assert plan.target == "column:Ready for SAA-C03?"
    assert {c.after for c in plan.cells} == {"SAA-C03: no data yet"}
    assert len(plan.cells) == 3


def test_a_student_inactive_in_canvas_is_dropped_by_the_roster_pull(
    db_ctx: Any, canvas: Any, memory_keyring: Any
) -> None:
    from coursekit.domain.enums import ImportKind
    from coursekit.services.canvas.canvas_pull import plan_pull, pull
    from coursekit.services.importing.imports import apply_import

    fake, url = canvas
    session = _connect(db_ctx, url)
    _pull_and_apply(db_ctx, session)
    fake.enrollments[1]["enrollment_state"] = "inactive"  # Grace left the course
    plan = plan_pull(db_ctx, pull(session), ImportKind.ROSTER)
    assert [(c.student_id, [str(f) for f in c.changes]) for c in plan.students_changed] == [
        ("000102", ["status: active → dropped"])
    ]
    apply_import(db_ctx, plan)
    with db_ctx.engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT s.student_id, e.status FROM enrollment e JOIN student s "
                "ON s.id = e.student_pk ORDER BY s.student_id"
            )
        ).all()
    assert [tuple(r) for r in rows] == [
        ("000101", "active"),
        ("000102", "dropped"),
        ("000103", "active"),
    ]
