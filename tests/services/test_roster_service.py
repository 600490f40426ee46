"""Roster edits: audited, version-checked, drops keep history."""

from __future__ import annotations

import pytest

from coursekit.services.context import Conflict, ServiceError
from coursekit.services.roster.roster import (
    StudentEdit,
    add_student,
    drop_student,
    edit_student,
    list_roster,
    student_history,
)


def _exercise_roster(ctx) -> None:  # type: ignore[no-untyped-def]
    ada = add_student(ctx, "COMP529", student_id="000123", name="Ada Lovelace", section="A")
    assert (ada.student_id, ada.sortable_name, ada.status) == ("000123", "Lovelace, Ada", "active")
    with pytest.raises(ServiceError, match="already enrolled"):
        add_student(ctx, "COMP529", student_id="000123", name="Ada Lovelace")

    edited = edit_student(
        ctx,
        ada.enrollment_id,
        StudentEdit(email="ada@example.edu", section="B"),
        expected_version=ada.version,
    )
    assert (edited.email, edited.section, edited.version) == (
        "ada@example.edu",
        "B",
        ada.version + 1,
    )
    with pytest.raises(Conflict):  # a second editor still holding the old version
        edit_student(
            ctx, ada.enrollment_id, StudentEdit(name="Ada King"), expected_version=ada.version
        )
    assert list_roster(ctx, "COMP529")[0].name == "Ada Lovelace"

    dropped = drop_student(ctx, ada.enrollment_id)
    assert dropped.status == "dropped"
    assert [r.status for r in list_roster(ctx, "COMP529")] == ["dropped"]
    history = student_history(ctx, ada.student_pk)
    fields = [(h[2], h[3], h[4], h[5]) for h in history]
    assert ("enrollment", "status", "active", "dropped") in fields
    assert ("student", "email", None, "ada@example.edu") in fields
    assert ("enrollment", "section", "A", "B") in fields
    assert add_student(ctx, "COMP529", student_id="000123", name="Ada Lovelace").status == "active"


def test_roster_lifecycle_sqlite(course_ctx) -> None:  # type: ignore[no-untyped-def]
    _exercise_roster(course_ctx)


@pytest.mark.postgres
def test_roster_lifecycle_postgres(pg_ctx) -> None:  # type: ignore[no-untyped-def]
    from pathlib import Path

    from coursekit.services.courses import init_course

    init_course(
        pg_ctx, Path(__file__).resolve().parents[2] / "syllabi" / "comp529-cloud-computing.toml"
    )
    _exercise_roster(pg_ctx)


def test_empty_name_is_rejected(course_ctx) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ServiceError, match="Name cannot be empty") as empty:
        add_student(course_ctx, "COMP529", student_id="9", name="   ")
    assert empty.value.field == "name"


def test_the_service_refuses_what_the_forms_refuse(course_ctx) -> None:  # type: ignore[no-untyped-def]
    """One rule (domain.student_fields) for the CLI and the TUI's forms."""
    with pytest.raises(ServiceError, match="Name cannot be empty"):
        add_student(course_ctx, "COMP529", student_id="9", name=" \x07 ")  # nothing printable
    with pytest.raises(ServiceError, match="Email does not look like an address") as bad:
        add_student(course_ctx, "COMP529", student_id="9", name="Ada", email="ada-at-home")
    assert bad.value.field == "email"
