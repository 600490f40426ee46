"""plan → apply → undo for rosters and gradebooks: previews, idempotence, stale
files, undo rules, concurrent changes, the real Canvas samples."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from coursekit.domain.enums import ImportKind
from coursekit.domain.problems import HintKind, ProblemCode
from coursekit.services.context import Conflict, ServiceError
from coursekit.services.courses import init_course
from coursekit.services.importing.imports import (
    apply_import,
    detect_kind,
    list_batches,
    plan_import,
    undo_batch,
)
from support import import_seed as seed

CANVAS = seed.TESTS / "data" / "canvas"
SAMPLE = "mylab-to-canvas-gradebook__tests__fixtures__anonymized__canvas-{}.csv"


@pytest.fixture
def rostered(course_ctx: Any, tmp_path: Path) -> Any:
    plan = plan_import(course_ctx, "roster", seed.roster_xlsx(tmp_path / "roster.xlsx"))
    apply_import(course_ctx, plan)
    return course_ctx


def test_gradebook_preview_after_roster(rostered: Any, tmp_path: Path) -> None:
    new_person = ("", "Alan", "Turing", "alan@example.edu", "14", "S2")
    path = seed.gradebook_csv(
        tmp_path / "grades.csv",
        {"11": ["27.5", "EX", ""], "12": ["-", "N/A", "46"], "14": ["30", "29", "40"]},
        people=[*seed.PEOPLE, new_person],
    )
    before = seed.dump(rostered)
    plan = plan_import(rostered, ImportKind.GRADEBOOK, path, course="COMP529")
    assert seed.dump(rostered) == before  # nothing written
    assert [(c.student_id, c.note) for c in plan.students_added] == [
        ("canvas:14", "id derived from the Canvas ID (no SIS User ID)")
    ]
    changed = {
        c.student_id: {f.field: (f.old, f.new) for f in c.changes} for c in plan.students_changed
    }
    assert changed["000101"] == {"lms_id": (None, "11"), "login": (None, "ada@example.edu")}
    assert [c.student_id for c in plan.students_missing] == ["000103"]  # drop candidate only
    assert len(plan.scores_added) == 9 and not plan.scores_changed
    cells = {
        (c.student_id, c.assessment_key): (c.status.value, c.points) for c in plan.scores_added
    }
    assert cells[("000101", "1937911")] == ("excused", None)
    assert cells[("000101", "1938004")] == ("missing", None)  # blank is never 0
    assert cells[("000102", "1937901")] == ("missing", None)
    assert cells[("000102", "1937911")] == ("not_assigned", None)
    assert cells[("canvas:14", "1937901")] == ("graded", 30.0)
    assert [(w.row, w.column) for w in plan.warnings] == [
        (4, f"{seed.TITLES['1938004']} (1938004)")
    ]  # 46 > 45 points possible
    assert {c.how for c in plan.columns if c.imported} == {"id"}
    assert {c.how for c in plan.columns if not c.imported} == {"computed"}

    batch = apply_import(rostered, plan)
    assert batch.counts["scores_added"] == 9 and batch.actor == "tester"
    assert seed.scalar(rostered, "SELECT COUNT(*) FROM enrollment WHERE status='active'") == 4
    assert seed.scalar(rostered, "SELECT points FROM score WHERE status='missing' LIMIT 1") is None
    assert seed.scalar(rostered, "SELECT COUNT(*) FROM importbatch") == 2


def test_reimport_changes_nothing_and_a_later_export_only_what_changed(
    rostered: Any, tmp_path: Path
) -> None:
    first = seed.gradebook_csv(
        tmp_path / "a.csv", {"11": ["27.5", "EX", "44"], "12": ["20", "", ""]}
    )
    apply_import(rostered, plan_import(rostered, "gradebook", first))
    state = seed.dump(rostered)
    audits = seed.scalar(rostered, "SELECT COUNT(*) FROM auditevent")
    again = plan_import(rostered, "gradebook", first)
    assert again.is_empty and again.scores_unchanged == 6 and again.students_unchanged == 2
    with pytest.raises(ServiceError, match="nothing to import"):
        apply_import(rostered, again)
    assert seed.dump(rostered) == state
    assert seed.scalar(rostered, "SELECT COUNT(*) FROM auditevent") == audits

    later = seed.gradebook_csv(
        tmp_path / "b.csv", {"11": ["27.501", "28", "44"], "12": ["20", "", "41"]}
    )
    plan = plan_import(rostered, "gradebook", later)
    assert [(c.student_id, c.assessment_key, c.old, c.new) for c in plan.scores_changed] == [
        ("000101", "1937911", "EX", "28"),
        ("000102", "1938004", "-", "41"),
    ]
    assert plan.scores_unchanged == 4  # 27.5 vs 27.501: equal at 2 decimals
    batch = apply_import(rostered, plan)
    with rostered.engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT entity, field, old, new, actor FROM auditevent "
                "WHERE batch_id = :b ORDER BY id"
            ),
            {"b": batch.id},
        ).all()
    fields = [(r[1], r[2], r[3]) for r in rows if r[1] in ("points", "status")]
    assert fields == [
        ("points", None, "28.0"),
        ("status", "excused", "graded"),
        ("points", None, "41.0"),
        ("status", "missing", "graded"),
    ]
    assert {r[4] for r in rows} == {"tester"}


def test_file_older_than_manual_edits_is_refused_unless_forced(
    rostered: Any, tmp_path: Path
) -> None:
    path = seed.gradebook_csv(tmp_path / "a.csv", {"11": ["10", "10", "10"]})
    apply_import(rostered, plan_import(rostered, "gradebook", path))
    with rostered.engine.begin() as conn:  # an instructor fixes one score by hand
        conn.execute(
            text(
                "UPDATE score SET points = 25, manual = 1, version = version + 1 "
                "WHERE id = (SELECT MIN(id) FROM score)"
            )
        )
    plan = plan_import(rostered, "gradebook", path)
    assert [c.stale for c in plan.scores_changed] == ["edited by hand in coursekit"]
    state = seed.dump(rostered)
    with pytest.raises(ServiceError, match=r"1 score.*overwrite newer edits") as refused:
        apply_import(rostered, plan)
    assert (refused.value.code, refused.value.hint) == (ProblemCode.STALE_EDIT, HintKind.FORCE)
    assert seed.dump(rostered) == state
    batch = apply_import(rostered, plan, force=True)
    assert seed.scalar(rostered, "SELECT COUNT(*) FROM score WHERE manual = 1") == 0
    assert (
        seed.scalar(
            rostered,
            f"SELECT COUNT(*) FROM auditevent WHERE batch_id = {batch.id} "
            "AND field = 'manual' AND old = 'true'",
        )
        == 1
    )
    undo_batch(rostered, batch.id)  # the manual edit comes back
    assert seed.scalar(rostered, "SELECT points FROM score WHERE manual = 1") == 25


def test_an_older_export_after_a_newer_import_is_stale(rostered: Any, tmp_path: Path) -> None:
    old = seed.gradebook_csv(tmp_path / "old.csv", {"11": ["10", "10", "10"]})
    stamp = time.time() - 3600
    os.utime(old, (stamp, stamp))
    new = seed.gradebook_csv(tmp_path / "new.csv", {"11": ["20", "10", "10"]})
    apply_import(rostered, plan_import(rostered, "gradebook", new))
    plan = plan_import(rostered, "gradebook", old)
    assert len(plan.stale) == 1 and "after this file was exported" in plan.stale[0].stale
    canvas_named = tmp_path / "2020-01-01T0900_Grades-COMP529.csv"
    canvas_named.write_bytes(old.read_bytes())
    assert len(plan_import(rostered, "gradebook", canvas_named).stale) == 1


def test_undo_restores_exactly_and_respects_later_batches(rostered: Any, tmp_path: Path) -> None:
    initial = seed.dump(rostered)
    audits = seed.scalar(rostered, "SELECT COUNT(*) FROM auditevent")
    first = apply_import(
        rostered,
        plan_import(
            rostered,
            "gradebook",
            seed.gradebook_csv(tmp_path / "a.csv", {"11": ["1", "2", "3"], "13": ["4", "", "EX"]}),
        ),
    )
    after_first = seed.dump(rostered)
    second = apply_import(
        rostered,
        plan_import(
            rostered,
            "gradebook",
            seed.gradebook_csv(tmp_path / "b.csv", {"11": ["1", "2", "5"], "13": ["4", "", "EX"]}),
        ),
    )
    with pytest.raises(ServiceError, match=f"cannot undo batch {first.id}: batch {second.id}"):
        undo_batch(rostered, first.id)
    undone = undo_batch(rostered, second.id)
    assert undone.undone
    assert seed.dump(rostered) == after_first
    with pytest.raises(ServiceError, match="already undone"):
        undo_batch(rostered, second.id)
    undo_batch(rostered, first.id)
    assert seed.dump(rostered) == initial
    assert seed.scalar(rostered, "SELECT COUNT(*) FROM auditevent") > audits  # only ever appended
    assert [b.undone for b in list_batches(rostered, "COMP529")] == [True, True, False]


def test_undo_of_a_batch_that_created_students(course_ctx: Any, tmp_path: Path) -> None:
    initial = seed.dump(course_ctx)
    roster = apply_import(
        course_ctx, plan_import(course_ctx, "roster", seed.roster_xlsx(tmp_path / "r.xlsx"))
    )
    book = apply_import(
        course_ctx,
        plan_import(
            course_ctx, "gradebook", seed.gradebook_csv(tmp_path / "a.csv", {"11": ["1", "2", "3"]})
        ),
    )
    with pytest.raises(ServiceError, match=f"batch {book.id}"):
        undo_batch(course_ctx, roster.id)
    undo_batch(course_ctx, book.id)
    undo_batch(course_ctx, roster.id)
    assert seed.dump(course_ctx) == initial


def test_undo_refuses_after_an_edit_by_hand(rostered: Any, tmp_path: Path) -> None:
    from coursekit.services.roster.roster import StudentEdit, edit_student, list_roster

    batch = apply_import(
        rostered,
        plan_import(
            rostered, "gradebook", seed.gradebook_csv(tmp_path / "a.csv", {"11": ["1", "2", "3"]})
        ),
    )
    row = next(r for r in list_roster(rostered, "COMP529") if r.student_id == "000101")
    edit_student(
        rostered,
        row.enrollment_id,
        StudentEdit(email="ada@new.example.edu"),
        expected_version=row.version,
    )
    with pytest.raises(ServiceError, match="an edit by hand"):
        undo_batch(rostered, batch.id)


def test_apply_refuses_when_the_database_changed_since_the_preview(
    rostered: Any, tmp_path: Path
) -> None:
    from coursekit.services.roster.roster import add_student

    plan = plan_import(
        rostered, "gradebook", seed.gradebook_csv(tmp_path / "a.csv", {"11": ["1", "2", "3"]})
    )
    add_student(rostered, "COMP529", student_id="999", name="Late Comer")
    state = seed.dump(rostered)
    with pytest.raises(Conflict, match="changed since this preview"):
        apply_import(rostered, plan)
    assert seed.dump(rostered) == state


def test_plans_with_errors_are_refused(rostered: Any, tmp_path: Path) -> None:
    path = seed.gradebook_csv(tmp_path / "a.csv", {"11": ["abc", "2", "3"]})
    plan = plan_import(rostered, "gradebook", path)
    assert plan.has_errors
    with pytest.raises(ServiceError, match=r"a.csv: 1 error\(s\); nothing imported \(first: row 3"):
        apply_import(rostered, plan)
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"not a zip at all")
    with pytest.raises(ServiceError, match=r"^bad\.xlsx: not an xlsx file"):
        plan_import(rostered, "gradebook", bad)
    with pytest.raises(ServiceError, match="unknown import kind"):
        plan_import(rostered, "grades", path)


def test_roster_update_and_drop_missing(rostered: Any, tmp_path: Path) -> None:
    people = [("000101", "Ada", "King", "ada@example.edu", "11", "S2"), seed.PEOPLE[1]]
    path = seed.roster_xlsx(tmp_path / "r2.xlsx", people)
    plan = plan_import(rostered, "roster", path)
    assert [(c.student_id, [str(f) for f in c.changes]) for c in plan.students_changed] == [
        (
            "000101",
            [
                "name: Ada Lovelace → Ada King",
                "sortable_name: Lovelace, Ada → King, Ada",
                "section: S1 → S2",
            ],
        )
    ]
    assert [c.student_id for c in plan.students_missing] == ["000103"]
    assert plan.counts["students_dropped"] == 0
    dropping = plan_import(rostered, "roster", path, drop_missing=True)
    batch = apply_import(rostered, dropping)
    assert batch.counts["students_dropped"] == 1
    assert (
        seed.scalar(
            rostered,
            "SELECT COUNT(*) FROM enrollment WHERE status = 'dropped' AND dropped_at IS NOT NULL",
        )
        == 1
    )
    undo_batch(rostered, batch.id)
    assert seed.scalar(rostered, "SELECT COUNT(*) FROM enrollment WHERE status = 'dropped'") == 0


def test_real_id_replaces_the_derived_canvas_id(course_ctx: Any, tmp_path: Path) -> None:
    apply_import(
        course_ctx,
        plan_import(
            course_ctx, "gradebook", seed.gradebook_csv(tmp_path / "a.csv", {"11": ["1", "2", "3"]})
        ),
    )
    assert seed.scalar(course_ctx, "SELECT student_id FROM student") == "canvas:11"
    plan = plan_import(course_ctx, "roster", seed.roster_xlsx(tmp_path / "r.xlsx", seed.PEOPLE[:1]))
    assert str(plan.students_changed[0].changes[0]) == "student_id: canvas:11 → 000101"
    apply_import(course_ctx, plan)
    assert seed.scalar(course_ctx, "SELECT student_id FROM student") == "000101"


@pytest.mark.parametrize(
    ("sample", "students", "graded", "missing"),
    [("valid", 3, 2, 1), ("expected", 3, 3, 0), ("duplicate", 2, 2, 0)],
)
def test_real_canvas_samples_import(
    ctx: Any, sample: str, students: int, graded: int, missing: int
) -> None:
    init_course(ctx, CANVAS / "math140.toml")
    plan = plan_import(ctx, "gradebook", CANVAS / SAMPLE.format(sample), course="MATH140")
    assert not plan.has_errors
    assert (len(plan.students_added), len(plan.scores_added)) == (students, students)
    apply_import(ctx, plan)
    assert seed.scalar(ctx, "SELECT COUNT(*) FROM student") == students
    assert seed.scalar(ctx, "SELECT COUNT(*) FROM score WHERE status = 'graded'") == graded
    assert seed.scalar(ctx, "SELECT COUNT(*) FROM score WHERE status = 'missing'") == missing
    assert plan_import(ctx, "gradebook", CANVAS / SAMPLE.format(sample), course="MATH140").is_empty


def test_canvas_sample_into_a_course_without_that_assignment(course_ctx: Any) -> None:
    plan = plan_import(course_ctx, "gradebook", CANVAS / SAMPLE.format("valid"))
    assert (len(plan.students_added), len(plan.scores_added)) == (3, 0)
    assert str(plan.warnings[0]).startswith(
        "row 1, column 'H2 (15461093)': no such assessment in the course"
    )


def test_detect_kind_on_the_committed_samples() -> None:
    rosters = seed.TESTS.parent / "rosters"
    assert detect_kind(rosters / "comp529-gradebook.csv") == ImportKind.GRADEBOOK
    assert detect_kind(rosters / "comp529-roster.xlsx") == ImportKind.ROSTER
    assert detect_kind(rosters / "comp529-credits.csv") == ImportKind.CREDITS
    assert detect_kind(rosters / "comp529-practice.csv") == ImportKind.PRACTICE
    assert detect_kind(CANVAS / "LICENSE-mylab-to-canvas-gradebook.txt") is None
