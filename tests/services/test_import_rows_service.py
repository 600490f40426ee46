"""Credit-usage and practice-exam imports: rows added/changed, budgets as grants,
unknown students skipped with a warning, idempotence, undo; also on PostgreSQL."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from coursekit.services.courses import init_course
from coursekit.services.importing.imports import apply_import, plan_import, undo_batch
from support import import_files as files
from support import import_seed as seed


def _roster(ctx: Any, tmp_path: Path) -> None:
    apply_import(ctx, plan_import(ctx, "roster", seed.roster_xlsx(tmp_path / "roster.xlsx")))


def test_credit_snapshots_and_budget_grants(course_ctx: Any, tmp_path: Path) -> None:
    _roster(course_ctx, tmp_path)
    rows = [
        ["Student ID", "Email", "Date", "Spent (USD)", "Budget (USD)"],
        ["000101", "", "2026-09-07", "3.10", "100"],
        ["", "grace@example.edu", "2026-09-07", "0", "100"],
        ["000101", "", "2026-09-14", "12.55", "150"],
        ["999999", "", "2026-09-14", "1", ""],
    ]
    path = files.write_csv(tmp_path / "credits.csv", rows)
    plan = plan_import(course_ctx, "credits", path)
    assert [(r.student_id, r.summary) for r in plan.rows_added] == [
        ("000101", "spent 3.10 USD by 2026-09-07"),
        ("000101", "budget 100.00 USD (grant +100.00)"),
        ("000102", "spent 0.00 USD by 2026-09-07"),
        ("000102", "budget 100.00 USD (grant +100.00)"),
        ("000101", "spent 12.55 USD by 2026-09-14"),
        ("000101", "budget 150.00 USD (grant +50.00)"),
        ("lab:999999", "spent 1.00 USD by 2026-09-14"),
    ]
    # nobody carries 999999: the row is kept under a provisional student, shown in
    # the preview, that a roster row with that number will join
    assert [(c.row, c.student_id, c.note) for c in plan.students_added] == [
        (
            5,
            "lab:999999",
            "known only by student number 999999 so far: the roster row carrying it will join them",
        )
    ]
    assert plan.warnings == ()
    batch = apply_import(course_ctx, plan)
    assert (
        seed.scalar(course_ctx, "SELECT SUM(amount_usd) FROM creditevent WHERE kind = 'grant'")
        == 250
    )
    assert plan_import(course_ctx, "credits", path).is_empty
    rows[3][3] = "13.00"
    plan = plan_import(course_ctx, "credits", files.write_csv(tmp_path / "credits2.csv", rows))
    assert [[str(c) for c in r.changes] for r in plan.rows_changed] == [
        ["amount_usd: 12.55 → 13.00"]
    ]
    second = apply_import(course_ctx, plan)
    undo_batch(course_ctx, second.id)
    assert (
        seed.scalar(
            course_ctx, "SELECT MAX(amount_usd) FROM creditevent WHERE kind = 'usage_snapshot'"
        )
        == 12.55
    )
    undo_batch(course_ctx, batch.id)
    assert seed.scalar(course_ctx, "SELECT COUNT(*) FROM creditevent") == 0


def test_practice_attempts(course_ctx: Any, tmp_path: Path) -> None:
    _roster(course_ctx, tmp_path)
    rows = [
        ["Student ID", "Exam", "Date", "Score", "1", "2", "Minutes", "Questions"],
        ["000101", "SAA-C03", "2026-10-01", "780", "70", "81.5", "120", "65"],
        ["000102", "SAA-C03", "10/02/2026", "64.5", "", "", "", "20"],
    ]
    path = files.write_csv(tmp_path / "practice.csv", rows)
    plan = plan_import(course_ctx, "practice", path)
    assert [r.summary for r in plan.rows_added] == [
        "SAA-C03 on 2026-10-01: 780 scaled",
        "SAA-C03 on 2026-10-02: 64.5 %",
    ]
    batch = apply_import(course_ctx, plan)
    assert (
        seed.scalar(
            course_ctx, "SELECT domain_percents FROM practiceattempt WHERE scaled_score = 780"
        )
        == '{"1": 70.0, "2": 81.5}'
    )
    assert plan_import(course_ctx, "practice", path).is_empty
    rows[1][5] = "85"
    plan = plan_import(course_ctx, "practice", files.write_csv(tmp_path / "p2.csv", rows))
    assert [[str(c) for c in r.changes] for r in plan.rows_changed] == [
        ["domain_percents: D1 70, D2 81.5 → D1 70, D2 85"]
    ]
    apply_import(course_ctx, plan)
    with pytest.raises(Exception, match="cannot undo batch"):
        undo_batch(course_ctx, batch.id)


def test_committed_sample_files_import_cleanly(course_ctx: Any) -> None:
    rosters = seed.TESTS.parent / "rosters"
    expected = {
        "roster": ("students_added", 40),
        "gradebook": ("scores_added", 39 * 35),
        "credits": ("rows_added", None),
        "practice": ("rows_added", None),
    }
    names = {
        "roster": "comp529-roster.xlsx",
        "gradebook": "comp529-gradebook.csv",
        "credits": "comp529-credits.csv",
        "practice": "comp529-practice.csv",
    }
    for kind, (key, count) in expected.items():
        plan = plan_import(course_ctx, kind, rosters / names[kind])
        assert not plan.has_errors and not plan.warnings, kind
        assert plan.counts[key] == count if count is not None else plan.counts[key] > 0
        apply_import(course_ctx, plan)
    assert seed.scalar(course_ctx, "SELECT COUNT(*) FROM enrollment WHERE status='dropped'") == 1


@pytest.mark.postgres
def test_gradebook_apply_and_undo_on_postgres(pg_ctx: Any, tmp_path: Path) -> None:
    init_course(pg_ctx, seed.TESTS.parent / "syllabi" / "comp529-cloud-computing.toml")
    initial = seed.dump(pg_ctx)
    roster = apply_import(
        pg_ctx, plan_import(pg_ctx, "roster", seed.roster_xlsx(tmp_path / "r.xlsx"))
    )
    book = apply_import(
        pg_ctx,
        plan_import(
            pg_ctx,
            "gradebook",
            seed.gradebook_csv(
                tmp_path / "a.csv", {"11": ["27.5", "EX", ""], "12": ["-", "N/A", "44"]}
            ),
        ),
    )
    assert seed.scalar(pg_ctx, "SELECT COUNT(*) FROM score") == 6
    later = seed.gradebook_csv(
        tmp_path / "b.csv", {"11": ["28", "EX", ""], "12": ["-", "N/A", "44"]}
    )
    plan = plan_import(pg_ctx, "gradebook", later)
    assert [(c.old, c.new) for c in plan.scores_changed] == [("27.5", "28")]
    change = apply_import(pg_ctx, plan)
    for batch in (change, book, roster):
        undo_batch(pg_ctx, batch.id)
    assert seed.dump(pg_ctx) == initial


@pytest.mark.postgres
def test_credits_and_practice_on_postgres(pg_ctx: Any, tmp_path: Path) -> None:
    init_course(pg_ctx, seed.TESTS.parent / "syllabi" / "comp529-cloud-computing.toml")
    _roster(pg_ctx, tmp_path)
    credits = files.write_csv(
        tmp_path / "c.csv",
        [["Student ID", "Date", "Spent", "Budget"], ["000101", "2026-09-07", "3.10", "100"]],
    )
    practice = files.write_csv(
        tmp_path / "p.csv",
        [["Student ID", "Date", "Score", "Domain 1"], ["000101", "2026-10-01", "700", "66"]],
    )
    first = apply_import(pg_ctx, plan_import(pg_ctx, "credits", credits))
    second = apply_import(pg_ctx, plan_import(pg_ctx, "practice", practice))
    assert plan_import(pg_ctx, "practice", practice).is_empty
    assert plan_import(pg_ctx, "credits", credits).is_empty
    undo_batch(pg_ctx, second.id)
    undo_batch(pg_ctx, first.id)
    assert seed.scalar(pg_ctx, "SELECT COUNT(*) FROM creditevent") == 0
    assert seed.scalar(pg_ctx, "SELECT COUNT(*) FROM practiceattempt") == 0
