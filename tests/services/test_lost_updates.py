"""Lost updates (issue 16), on SQLite and PostgreSQL: a stale form's section edit, an edit
committed while a long import runs, two extension grants at once — each is a clean
conflict for one side, never a silent overwrite, and the audit keeps the true old value."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, text
from sqlmodel import Session

from coursekit.services.context import Conflict
from coursekit.services.courses import init_course
from coursekit.services.importing import import_apply
from coursekit.services.importing.imports import apply_import, plan_import
from coursekit.services.roster.roster import StudentEdit, edit_student, list_roster
from coursekit.services.views.grades import set_extension
from support import import_seed as seed

COMP529 = Path(__file__).resolve().parents[2] / "syllabi" / "comp529-cloud-computing.toml"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def rostered(request: pytest.FixtureRequest, tmp_path: Path) -> Any:
    if request.param == "sqlite":
        ctx = request.getfixturevalue("course_ctx")
    else:
        ctx = request.getfixturevalue("pg_ctx")
        init_course(ctx, COMP529)
    apply_import(ctx, plan_import(ctx, "roster", seed.roster_xlsx(tmp_path / "roster.xlsx")))
    return ctx


def ada(ctx: Any) -> Any:
    return next(r for r in list_roster(ctx, "COMP529") if r.student_id == "000101")


def test_a_stale_form_cannot_overwrite_a_section(rostered: Any) -> None:
    form = ada(rostered)  # both editors opened the same row
    edit_student(
        rostered,
        form.enrollment_id,
        StudentEdit(section="S9"),
        expected_version=form.version,
        expected_enrollment_version=form.enrollment_version,
    )
    with pytest.raises(Conflict):
        edit_student(
            rostered,
            form.enrollment_id,
            StudentEdit(section="S5"),
            expected_version=form.version,
            expected_enrollment_version=form.enrollment_version,
        )
    assert ada(rostered).section == "S9"


def test_an_import_between_opening_and_saving_a_form_is_a_conflict(
    rostered: Any, tmp_path: Path
) -> None:
    form = ada(rostered)
    people = [("000101", "Ada", "Lovelace", "ada@example.edu", "11", "S2"), *seed.PEOPLE[1:]]
    apply_import(
        rostered, plan_import(rostered, "roster", seed.roster_xlsx(tmp_path / "r.xlsx", people))
    )
    with pytest.raises(Conflict):
        edit_student(
            rostered,
            form.enrollment_id,
            StudentEdit(section="S7"),
            expected_version=form.version,
            expected_enrollment_version=form.enrollment_version,
        )
    assert ada(rostered).section == "S2"


def test_an_edit_during_an_import_is_a_conflict_and_the_audit_is_true(
    rostered: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The edit lands after the import checked the database but before it reached the row."""
    people = [("000101", "Ada", "King", "ada@example.edu", "11", "S1"), *seed.PEOPLE[1:]]
    plan = plan_import(rostered, "roster", seed.roster_xlsx(tmp_path / "r.xlsx", people))
    form = ada(rostered)
    outcome: list[str] = []

    def edit() -> None:
        try:
            edit_student(
                rostered,
                form.enrollment_id,
                StudentEdit(name="Ada Byron"),
                expected_version=form.version,
            )
            outcome.append("saved")
        except Conflict:
            outcome.append("conflict")

    editor = threading.Thread(target=edit)

    def hook(stage: str) -> None:
        if stage == "start":
            editor.start()
            editor.join(timeout=1.5)  # SQLite: the edit fails at once or waits for the import

    monkeypatch.setattr(import_apply, "_TEST_HOOK", hook)
    try:
        apply_import(rostered, plan)
        imported = True
    except Conflict:
        imported = False
    editor.join(timeout=30)
    assert not editor.is_alive()
    name = ada(rostered).name
    # exactly one side won, and the loser was told
    assert (imported, outcome, name) in (
        (True, ["conflict"], "Ada King"),
        (False, ["saved"], "Ada Byron"),
    )
    with rostered.read() as session:
        audit = session.execute(
            text("SELECT old, new FROM auditevent WHERE field = 'name' ORDER BY id")
        ).all()
    olds = [row[0] for row in audit]
    assert all('"Ada Lovelace"' in str(o) or o == "Ada Lovelace" for o in olds), audit


def test_two_extension_grants_at_once_are_a_clean_conflict(rostered: Any) -> None:
    """The second grant's session inserts the score row another grant just committed."""
    row = ada(rostered)
    due = datetime(2026, 12, 24, tzinfo=UTC)
    competing = {"done": False}

    def first_grant_commits(session: Session, *args: object) -> None:
        if not competing["done"]:
            competing["done"] = True
            set_extension(rostered, row.enrollment_id, "1939004", due, now=due)

    event.listen(Session, "before_flush", first_grant_commits)
    try:
        with pytest.raises(Conflict):
            set_extension(rostered, row.enrollment_id, "1939004", due, now=due)
    finally:
        event.remove(Session, "before_flush", first_grant_commits)
    time.sleep(0)
    view = set_extension(rostered, row.enrollment_id, "1939004", due, now=due)
    assert view is not None
