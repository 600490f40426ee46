"""An import plan reads only the students its file can reach (issue 17: a department
holds 100,000 of them), and plans exactly what reading every student planned.

Each file is planned twice against the same database — through the reach-limited read
and through the full read it replaced — and the plans must be equal: cross-course
matches (a student of another course by student number, e-mail, login, a stored
identifier), values that only Python's casefold equates (``É``/``é``, ``ß``/``ss``, a
stored tab), a shared identifier (a decision), an identifier another student holds,
same-name notes (ASCII and not), an id already taken by a derived or provisional
student, links — on SQLite and on PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import insert, select

from coursekit.db import models as m
from coursekit.domain.enums import ImportKind
from coursekit.domain.imports import DecisionKind, ImportPlan, StudentRecord
from coursekit.domain.problems import ProblemCode
from coursekit.services.courses import init_course
from coursekit.services.importing import import_state, imports
from coursekit.services.importing.imports import apply_import, plan_import
from support import import_files as files
from support import import_seed as seed
from support.bench_data import make_data
from tests.conftest import REPO

T0 = datetime(2026, 9, 1, tzinfo=UTC)
# student id, name, email, login, identifiers (kind, value) — all in COMP524
OTHERS: list[tuple[str, str, str | None, str | None, list[tuple[str, str]]]] = [
    ("900001", "Ana Lima", "ana@example.edu", None, []),
    ("900002", "Bob Stone", None, None, [("email", "BOB.STONE@example.edu")]),
    ("900003", "Cy One", None, "cy", []),
    ("900004", "Cy Two", None, None, [("sis_login", "CY")]),
    ("900005", "DORA DIAZ ", None, None, []),
    ("900006", "Émile Zola", None, "ÉMILE", []),
    ("900007", "Gus Hall", "gus@example.edu", None, []),
    ("900008", "Hank Bell", "hank@example.edu", None, []),
    ("900009", " ZOË MÜLLER", None, None, []),
    ("900010", "Fred Kay", "\tfred@example.edu", None, []),
    ("900011", "Hans Weiss", None, "STRASSE", []),
    ("canvas:555", "Derived Person", None, None, []),
    ("lab:ghost@example.edu", "ghost@example.edu", None, None, []),
    *((f"8{i:05d}", f"Far Away {i}", f"far{i}@example.edu", f"far{i}", []) for i in range(30)),
]


def _seed(ctx: Any) -> None:
    for syllabus in ("comp529-cloud-computing.toml", "comp524-cybersecurity.toml"):
        init_course(ctx, REPO / "syllabi" / syllabus)
    with ctx.engine.begin() as conn:
        other = conn.execute(select(m.Course.id).where(m.Course.code == "COMP524")).scalar_one()
        for sid, name, email, login, identifiers in OTHERS:
            pk = conn.execute(
                insert(m.Student)
                .values(student_id=sid, name=name, sortable_name=name, email=email, login=login)
                .returning(m.Student.id)  # type: ignore[arg-type]
            ).scalar_one()
            conn.execute(
                insert(m.Enrollment).values(course_id=other, student_pk=pk, enrolled_at=T0)
            )
            for kind, value in identifiers:
                conn.execute(
                    insert(m.StudentIdentifier).values(
                        student_pk=pk, kind=kind, value=value, source="manual", created_at=T0
                    )
                )


def _files(tmp_path: Path) -> dict[str, Path]:
    roster = [
        ["Student Number", "First Name", "Last Name", "Email", "Section"],
        ["900001", "Ana", "Lima", "ana@example.edu", "S1"],  # another course's student
        ["700010", "Bob", "Stone", "bob.stone@example.edu", "S1"],  # conflict: number
        ["700011", "Dora", "Diaz", "dora.new@example.edu", "S2"],  # namesake (ASCII)
        ["700012", "Zoë", "Müller", "zoe2@example.edu", "S2"],  # namesake (not ASCII)
        ["900007", "Gus", "Hall", "hank@example.edu", "S1"],  # Hank's e-mail: not stored
    ]
    columns = [(f"{seed.TITLES[k]} ({k})", seed.POINTS[k]) for k in seed.COMP529_KEYS]
    people = [  # sortable name, Canvas ID, login, section
        ("Zola, Émile", "501", "émile", "S1"),  # ÉMILE in another course
        ("Weiss, Hans", "502", "straße", "S1"),  # STRASSE: equal once casefolded
        ("Kay, Fred", "503", "fred@example.edu", "S1"),  # a stored e-mail with a tab
        ("One, Cy", "504", "cy", "S1"),  # two students hold it: a decision
        ("Person, Derived", "555", "", "S1"),  # canvas:555 is taken
        ("Lima, Ana", "506", "ANA@example.edu", "S1"),  # login = Ana's e-mail
        ("Diaz, Dora", "507", "dora.x", "S2"),  # a new namesake
    ]
    cells = [["20", "", "40"]] * len(people)
    gradebook = files.gradebook_rows(people, columns, cells)
    credits = [
        ["Email", "Date", "Spent (USD)", "Budget (USD)"],
        ["ghost@example.edu", "2026-09-05", "1.00", "100.00"],  # lab:ghost… is taken
        ["ana@example.edu", "2026-09-05", "2.00", "100.00"],
        ["someone.new@example.edu", "2026-09-05", "3.00", "100.00"],
    ]
    return {
        "roster": files.write_csv(tmp_path / "roster.csv", roster),
        "gradebook": files.write_csv(tmp_path / "gradebook.csv", gradebook),
        "credits": files.write_csv(tmp_path / "credits.csv", credits),
    }


def _both_ways(
    ctx: Any,
    monkeypatch: pytest.MonkeyPatch,
    kind: str,
    path: Path,
    minimum_skipped: int = 30,
    **options: Any,
) -> ImportPlan:
    """The plan through the reach-limited read, checked equal to the full read's
    (which read at least ``minimum_skipped`` students more)."""
    read: list[int] = []
    load = import_state.load_course_state

    def counted(session: Any, course_id: int, reach: Any = None) -> Any:
        state = load(session, course_id, reach)
        read.append(len(state.students))
        return state

    with monkeypatch.context() as patch:
        patch.setattr(import_state, "READ_ALL_UP_TO", 0)  # the reach, whatever the sizes
        patch.setattr(imports, "load_course_state", counted)
        limited = plan_import(ctx, kind, path, course="COMP529", **options)
        patch.setattr(imports, "load_course_state", lambda s, c, _reach=None: counted(s, c))
        everyone = plan_import(ctx, kind, path, course="COMP529", **options)
    assert limited == everyone
    assert read[1] - read[0] >= minimum_skipped  # students the file cannot reach
    return limited


def _check(ctx: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    _seed(ctx)
    paths = _files(tmp_path)
    roster = _both_ways(ctx, monkeypatch, "roster", paths["roster"])
    assert [(d.row, d.kind) for d in roster.decisions] == [
        (3, DecisionKind.CONFLICT),
        (6, DecisionKind.AMBIGUOUS),
    ]
    notes = {c.student_id: c.note for c in roster.students_added}
    assert notes["900001"] == "known student, matched by student number 900001"
    assert notes["700011"] == "same name as 900005 (names never match)"
    assert notes["700012"] == "same name as 900009 (names never match)"
    gradebook = _both_ways(ctx, monkeypatch, "gradebook", paths["gradebook"])
    assert [(d.row, d.kind, len(d.candidates)) for d in gradebook.decisions] == [
        (6, DecisionKind.AMBIGUOUS, 2)
    ]
    matched = {c.student_id: c.note for c in gradebook.students_added if c.student_pk}
    assert sorted(matched) == ["900001", "900006", "900010", "900011"]
    assert any("canvas:555 is already used" in str(i) for i in gradebook.issues)
    assert "same name as 900005" in next(
        c.note for c in gradebook.students_added if c.name == "Dora Diaz"
    )
    _both_ways(ctx, monkeypatch, "gradebook", paths["gradebook"], links={6: "900004"})
    credits = _both_ways(ctx, monkeypatch, "credits", paths["credits"])
    assert {i.code for i in credits.warnings} == {ProblemCode.ROW_SKIPPED}
    links = {3: "900002", 6: "900007"}
    settled = _both_ways(ctx, monkeypatch, "roster", paths["roster"], links=links)
    assert [w.code for w in settled.warnings] == [ProblemCode.IDENTIFIER_TAKEN]
    apply_import(ctx, settled)
    # now the course holds them: enrolled students, the identifiers the roster stored
    after = _both_ways(ctx, monkeypatch, "gradebook", paths["gradebook"], new_rows=[6])
    assert not after.decisions
    _both_ways(ctx, monkeypatch, "credits", paths["credits"])


def test_reach_limited_plans_equal_full_read_sqlite(
    ctx: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    _check(ctx, monkeypatch, tmp_path)


@pytest.mark.postgres
def test_reach_limited_plans_equal_full_read_postgres(
    pg_ctx: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    _check(pg_ctx, monkeypatch, tmp_path)


def _benchmark_department(ctx: Any, tmp_path: Path) -> Path:
    """``make_data.py``'s 300-student gradebook, already imported into another
    course (so every row is a student of that course), and its COMP529 course."""
    out = tmp_path / "data"
    make_data(out, students=300)
    syllabus = out / "comp529-bench.toml"
    other = tmp_path / "other.toml"
    other.write_text(syllabus.read_text().replace('code = "COMP529"', 'code = "OTHER1"', 1))
    init_course(ctx, other)
    init_course(ctx, syllabus)
    book = out / "comp529-gradebook.csv"
    apply_import(ctx, plan_import(ctx, "gradebook", book, course="OTHER1"))
    return book


def _check_benchmark(ctx: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    book = _benchmark_department(ctx, tmp_path)
    plan = _both_ways(ctx, monkeypatch, "gradebook", book, minimum_skipped=0)
    assert len(plan.students_added) > 250  # the file's people (a few rows are not)
    assert all(c.student_pk is not None for c in plan.students_added)  # all known


def test_a_plan_reads_everyone_where_the_file_names_most_students(ctx: Any) -> None:
    """Reach and full read plan the same; the cheaper one is chosen by size."""
    records = [StudentRecord(row, student_id=f"{row}") for row in range(2, 12)]
    with ctx.read() as session:
        assert import_state.plan_reach(session, ImportKind.ROSTER, records) is None
    _seed(ctx)  # 43 students now, more than twice the file's 10
    with ctx.read() as session:
        reach = import_state.plan_reach(session, ImportKind.ROSTER, records)
        assert reach is not None and "11" in reach.values


def test_a_benchmark_gradebook_plans_the_same_both_ways_sqlite(
    ctx: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    _check_benchmark(ctx, monkeypatch, tmp_path)


@pytest.mark.postgres
def test_a_benchmark_gradebook_plans_the_same_both_ways_postgres(
    pg_ctx: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    _check_benchmark(pg_ctx, monkeypatch, tmp_path)
