"""One class from four sources (tests/data/identity): the roster's Student Number
is the gradebook's SIS Login ID, credits are keyed by e-mail, practice results
by student number. In either order — roster first, or roster last — every
person is one student, every credit and practice row is attached, no decision
is left open; and undoing every batch gives the empty course back. SQLite and
PostgreSQL."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from coursekit.services.courses import init_course
from coursekit.services.importing.imports import apply_import, plan_import, undo_batch

DATA = Path(__file__).resolve().parent.parent / "data" / "identity"
COMP529 = Path(__file__).resolve().parents[2] / "syllabi" / "comp529-cloud-computing.toml"
FILES = {
    "roster": DATA / "roster.xlsx",
    "gradebook": DATA / "gradebook.csv",
    "credits": DATA / "credits.csv",
    "practice": DATA / "practice.csv",
}
ROSTER_FIRST = ("roster", "gradebook", "credits", "practice")
ROSTER_LAST = ("gradebook", "credits", "practice", "roster")
PEOPLE = {
    "002564001": "Ngozi Moreau",
    "003981864": "Liam Nguyễn",
    "004410235": "Chidi Okafor",
    "007732977": "Camila Hernández",
}


def _rows(ctx: Any, sql: str) -> list[tuple[Any, ...]]:
    with ctx.engine.connect() as conn:
        return sorted(tuple(r) for r in conn.execute(text(sql)))


def _state(ctx: Any) -> dict[str, list[tuple[Any, ...]]]:
    """What a user sees, keyed by student id (no surrogate keys)."""
    join = "JOIN enrollment e ON e.id = x.enrollment_id JOIN student s ON s.id = e.student_pk"
    return {
        "students": _rows(ctx, "SELECT student_id, name, email, lms_id, login FROM student"),
        "enrollments": _rows(
            ctx,
            "SELECT s.student_id, e.section, e.status FROM enrollment e "
            "JOIN student s ON s.id = e.student_pk",
        ),
        "scores": _rows(
            ctx,
            "SELECT s.student_id, a.key, x.points, x.status FROM score x "
            f"JOIN assessment a ON a.id = x.assessment_id {join}",
        ),
        "credits": _rows(
            ctx, f"SELECT s.student_id, x.at, x.kind, x.amount_usd FROM creditevent x {join}"
        ),
        "practice": _rows(
            ctx,
            "SELECT s.student_id, x.exam_code, x.percent, x.scaled_score "
            f"FROM practiceattempt x {join}",
        ),
    }


def _import_all(ctx: Any, order: tuple[str, ...]) -> list[int]:
    batches = []
    for kind in order:
        plan = plan_import(ctx, kind, FILES[kind])
        assert not plan.decisions, (kind, plan.decisions)
        assert not plan.has_errors, (kind, plan.errors)
        assert not plan.warnings, (kind, plan.warnings)
        batches.append(apply_import(ctx, plan).id)
    return batches


def _check_class(ctx: Any) -> dict[str, list[tuple[Any, ...]]]:
    state = _state(ctx)
    assert state["students"] == [  # roster names and e-mails, Canvas ids and logins
        ("002564001", "Ngozi Moreau", "ngozi.moreau1@students.example.edu", "110003", "002564001"),
        ("003981864", "Liam Nguyễn", "liam.nguyen2@students.example.edu", "110004", "003981864"),
        ("004410235", "Chidi Okafor", "chidi.okafor4@students.example.edu", "110006", "004410235"),
        (
            "007732977",
            "Camila Hernández",
            "camila.hernandez3@students.example.edu",
            "110005",
            "007732977",
        ),
    ]
    assert [e[0] for e in state["enrollments"]] == sorted(PEOPLE)
    assert all(e[2] == "active" for e in state["enrollments"])
    # every gradebook cell (4 people × 3 columns) belongs to one of them
    assert len(state["scores"]) == 12
    # hand-summed from credits.csv: usage snapshots per person, budgets as grants
    usage = {}
    for sid, _, kind, amount in state["credits"]:
        if kind == "usage_snapshot":
            usage.setdefault(sid, []).append(amount)
    assert usage == {
        "002564001": [3.08, 6.43],
        "003981864": [12.5],
        "004410235": [48.2],
        "007732977": [0.0],
    }
    grants = sorted((sid, amount) for sid, _, kind, amount in state["credits"] if kind == "grant")
    assert grants == [
        ("002564001", 100.0),
        ("003981864", 100.0),
        ("004410235", 150.0),
        ("007732977", 100.0),
    ]
    assert [(p[0], p[2], p[3]) for p in state["practice"]] == [
        ("002564001", 64.5, None),
        ("003981864", 71.3, None),
        ("004410235", None, 793.0),
    ]
    return state


def _run(ctx: Any, order: tuple[str, ...]) -> None:
    init_course(ctx, COMP529)
    empty = _state(ctx)
    batches = _import_all(ctx, order)
    _check_class(ctx)
    for kind in order:  # importing any file again changes nothing
        assert plan_import(ctx, kind, FILES[kind]).is_empty, kind
    for batch in reversed(batches):
        undo_batch(ctx, batch)
    assert _state(ctx) == empty


@pytest.mark.parametrize("order", [ROSTER_FIRST, ROSTER_LAST], ids=["roster-first", "roster-last"])
def test_four_sources_in_either_order_on_sqlite(ctx: Any, order: tuple[str, ...]) -> None:
    _run(ctx, order)


@pytest.mark.postgres
@pytest.mark.parametrize("order", [ROSTER_FIRST, ROSTER_LAST], ids=["roster-first", "roster-last"])
def test_four_sources_in_either_order_on_postgres(pg_ctx: Any, order: tuple[str, ...]) -> None:
    _run(pg_ctx, order)
