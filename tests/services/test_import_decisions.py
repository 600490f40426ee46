"""Decisions in the import plan: a row matching two students, two rows matching
one, a contradicting student number; apply refuses while any is open and
``links`` / ``new_rows`` settle them. Also cross-kind matching and same-name
candidates."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from coursekit.domain.imports import DecisionKind
from coursekit.domain.problems import HintKind, ProblemCode
from coursekit.services.context import ServiceError
from coursekit.services.importing.imports import apply_import, plan_import
from support import import_files as files
from support import import_seed as seed

HEADER = ["Student Number", "First Name", "Last Name", "Email", "Section"]


def _roster(ctx: Any, tmp_path: Path) -> None:
    apply_import(ctx, plan_import(ctx, "roster", seed.roster_xlsx(tmp_path / "roster.xlsx")))


def _file(tmp_path: Path, name: str, rows: list[list[str]]) -> Path:
    return files.write_csv(tmp_path / name, [HEADER, *rows])


def test_a_row_matching_two_students_waits_for_a_decision(course_ctx: Any, tmp_path: Path) -> None:
    _roster(course_ctx, tmp_path)
    # Ada's number with Grace's e-mail: which one is it?
    path = _file(tmp_path, "r.csv", [["000101", "Ada", "Lovelace", "grace@example.edu", "S1"]])
    plan = plan_import(course_ctx, "roster", path)
    assert [(d.row, d.kind) for d in plan.decisions] == [(2, DecisionKind.AMBIGUOUS)]
    assert [(c.student_id, c.how) for c in plan.decisions[0].candidates] == [
        ("000101", "student number 000101"),
        ("000102", "e-mail grace@example.edu"),
    ]
    # the candidates are not "missing from the file"; Zoë is
    assert [c.student_id for c in plan.students_missing] == ["000103"]
    with pytest.raises(ServiceError, match=r"1 decision\(s\) open \(rows 2\)"):
        apply_import(course_ctx, plan)
    assert seed.scalar(course_ctx, "SELECT email FROM student WHERE student_id = '000101'") == (
        "ada@example.edu"
    )
    settled = plan_import(course_ctx, "roster", path, links={2: "000101"})
    assert not settled.decisions
    assert [str(c) for c in settled.students_changed[0].changes] == [
        "email: ada@example.edu → grace@example.edu"
    ]
    # Grace's e-mail stays Grace's identifier (stored once), and the preview says so
    assert [(w.message, w.code, w.hint) for w in settled.warnings] == [
        (
            "e-mail grace@example.edu not stored: student 000102 holds it",
            ProblemCode.IDENTIFIER_TAKEN,
            HintKind.MERGE_STUDENTS,
        )
    ]
    apply_import(course_ctx, settled)


def test_two_rows_matching_one_student(course_ctx: Any, tmp_path: Path) -> None:
    _roster(course_ctx, tmp_path)
    rows = [
        *[[p[0], p[1], p[2], p[3], p[5]] for p in seed.PEOPLE],
        ["000201", "Alan", "Turing", "at@example.edu", "S2"],
        ["000202", "Alan", "Turing", "AT@example.edu", "S2"],  # row 5's e-mail, another number
    ]
    plan = plan_import(course_ctx, "roster", _file(tmp_path, "r.csv", rows))
    assert [(d.row, d.kind, d.message) for d in plan.decisions] == [
        (6, DecisionKind.SAME_STUDENT, "same student as row 5")
    ]
    settled = plan_import(course_ctx, "roster", tmp_path / "r.csv", new_rows=[6])
    assert [(c.row, c.student_id, c.name) for c in settled.students_added] == [
        (5, "000201", "Alan Turing"),
        (6, "000202", "Alan Turing"),
    ]
    # the shared e-mail is stored for row 5's student only
    assert [(i.row, i.kind, i.value) for i in settled.identifiers_added] == [
        (5, "student_number", "000201"),
        (5, "email", "at@example.edu"),
        (6, "student_number", "000202"),
    ]
    apply_import(course_ctx, settled)
    assert seed.scalar(course_ctx, "SELECT COUNT(*) FROM student") == 5


def test_another_number_with_a_stored_e_mail_is_a_conflict(course_ctx: Any, tmp_path: Path) -> None:
    _roster(course_ctx, tmp_path)
    rows = [["000109", "Ada", "King", "ADA@example.edu", "S1"]]  # Ada's e-mail
    plan = plan_import(course_ctx, "roster", _file(tmp_path, "r.csv", rows))
    assert [(d.row, d.kind, d.message) for d in plan.decisions] == [
        (
            2,
            DecisionKind.CONFLICT,
            "matched by e-mail ada@example.edu, but the file's student number 000109 "
            "differs from 000101 on record",
        )
    ]


def test_a_contradicting_student_number_is_a_conflict(course_ctx: Any, tmp_path: Path) -> None:
    _roster(course_ctx, tmp_path)
    book = seed.gradebook_csv(tmp_path / "g.csv", {"11": ["1", "2", "3"]})
    apply_import(course_ctx, plan_import(course_ctx, "gradebook", book))
    rows = [["Student Number", "Name", "Canvas ID"], ["000199", "Ada Lovelace", "11"]]
    plan = plan_import(course_ctx, "roster", files.write_csv(tmp_path / "c.csv", rows))
    assert [(d.row, d.kind, d.message) for d in plan.decisions] == [
        (
            2,
            DecisionKind.CONFLICT,
            "matched by Canvas user id 11, but the file's student number 000199 differs "
            "from 000101 on record",
        )
    ]
    with pytest.raises(ServiceError, match="no student 'nobody'"):
        plan_import(course_ctx, "roster", tmp_path / "c.csv", links={2: "nobody"})
    with pytest.raises(ServiceError, match="both linked to a student and marked new"):
        plan_import(course_ctx, "roster", tmp_path / "c.csv", links={2: "000101"}, new_rows=[2])


def test_a_login_equal_to_a_student_number_matches_and_names_never_do(
    course_ctx: Any, tmp_path: Path
) -> None:
    _roster(course_ctx, tmp_path)
    rows = files.gradebook_rows(
        [
            ("Lovelace, Ada", "501", "000101", "S1"),  # SIS Login ID = the roster's number
            ("Hopper, Grace", "502", "gh@elsewhere.example", "S1"),  # only the name is known
        ],
        [("Guided lab: Exploring AWS Identity and Access Management (IAM) (1937901)", 30.0)],
        [["10"], ["20"]],
    )
    plan = plan_import(course_ctx, "gradebook", files.write_csv(tmp_path / "g.csv", rows))
    assert not plan.decisions
    assert [(c.row, c.note) for c in plan.students_changed] == [
        (3, "matched by SIS Login ID = student number 000101")
    ]
    assert [(c.student_id, c.note) for c in plan.students_added] == [
        (
            "canvas:502",
            "id derived from the Canvas ID (no SIS User ID); same name as 000102 "
            "(names never match)",
        )
    ]


def test_a_roster_field_edited_by_hand_after_the_export_is_kept(
    course_ctx: Any, tmp_path: Path
) -> None:
    import os

    from coursekit.services.roster.roster import StudentEdit, edit_student, list_roster

    _roster(course_ctx, tmp_path)
    rows = [
        ["000101", "Ada", "Lovelace", "ada@example.edu", "S2"],  # moved to S2 by the registry
        ["000102", "Grace", "Hopper", "grace@example.edu", "S1"],
        ["000103", "Zoë", "Müller", "zoe@example.edu", "S2"],
    ]
    path = _file(tmp_path, "later.csv", rows)
    os.utime(path, (1_700_000_000, 1_700_000_000))  # exported in 2023, before the edit below
    ada = next(r for r in list_roster(course_ctx) if r.student_id == "000101")
    edit_student(
        course_ctx,
        ada.enrollment_id,
        StudentEdit(name="Augusta Ada King"),
        expected_version=ada.version,
    )
    plan = plan_import(course_ctx, "roster", path)
    assert [(e.row, e.student_id, e.field) for e in plan.edited] == [(2, "000101", "name")]
    with pytest.raises(
        ServiceError, match=r"1 field\(s\) were edited by hand .*row 2 \(000101\) name"
    ):
        apply_import(course_ctx, plan)
    assert next(r for r in list_roster(course_ctx) if r.student_id == "000101").name == (
        "Augusta Ada King"
    )
    apply_import(course_ctx, plan, force=True)  # the file wins when asked to
    ada = next(r for r in list_roster(course_ctx) if r.student_id == "000101")
    assert (ada.name, ada.section) == ("Ada Lovelace", "S2")
