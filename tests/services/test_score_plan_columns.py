"""The import plan's scores held as columns (``ScoreChanges``, issue 17) give the same
preview and the same database as the per-cell plan they replaced: the old diff, kept
here as the oracle, planned one ``ScoreChange`` per cell. Checked on benchmark-shaped
data (``make_data.py``, 300 students × 40 assessments): a first import, then a changed
file (new, changed, stale and unchanged cells), on SQLite and on PostgreSQL."""

from __future__ import annotations

import csv
import io
import json
from contextlib import redirect_stdout
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from coursekit.cli.import_preview import plan_json, print_preview
from coursekit.domain.import_values import same_points, score_text
from coursekit.domain.imports import GradebookFile, ImportPlan, ScoreChange
from coursekit.services.courses import init_course
from coursekit.services.importing import imports
from coursekit.services.importing.import_rows import stale_reason
from coursekit.services.importing.imports import apply_import, plan_import
from support.bench_data import make_data


@dataclass
class _OldDiff:
    added: list[ScoreChange] = field(default_factory=list)
    changed: list[ScoreChange] = field(default_factory=list)
    unchanged: int = 0


def old_diff_scores(
    book: GradebookFile,
    targets: Any,
    assessment_ids: dict[str, int],
    existing: dict[tuple[int, int], Any],  # (enrollment, assessment) -> stored score row
    file_time: datetime,
) -> _OldDiff:
    """The per-cell diff as it was before the plan was held as columns."""
    diff = _OldDiff()
    columns = [
        (c.key or "", c.title or c.header, assessment_ids[c.key or ""]) for c in book.columns
    ]
    scored = {assessment_id for _, assessment_id in existing}
    empty = {
        aid
        for j, (_, _, aid) in enumerate(columns)
        if aid not in scored and all(tuple(cells[j]) == ("missing", None) for cells in book.scores)
    }
    for record, cells, (enrollment_id, sid, name) in zip(
        book.students, book.scores, targets, strict=True
    ):
        if not sid:
            continue
        for (key, title, aid), (status, points) in zip(columns, cells, strict=True):
            old = existing.get((enrollment_id, aid)) if enrollment_id else None
            if old is None and aid in empty:
                diff.unchanged += 1
                continue
            if old is not None and old[1] == status and same_points(old[2], points):
                diff.unchanged += 1
                continue
            before = (None, "", None) if old is None else (
                score_text(old[1], old[2]), stale_reason(old[3], old[4], file_time), old[0]
            )  # fmt: skip
            (diff.added if old is None else diff.changed).append(
                ScoreChange(
                    record.row,
                    sid,
                    name,
                    key,
                    title,
                    before[0],
                    score_text(status, points),
                    status,
                    points,
                    before[1],
                    before[2],
                    enrollment_id,
                    aid,
                    sid,
                )
            )
    return diff


def _shown(plan: ImportPlan) -> tuple[str, str]:
    out = io.StringIO()
    with redirect_stdout(out):
        print_preview(plan, shown=None)
    return json.dumps(plan_json(plan), sort_keys=True, default=str), out.getvalue()


def _both_plans(
    ctx: Any, book: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[ImportPlan, ImportPlan]:
    new = plan_import(ctx, "gradebook", book, course="COMP529")
    with monkeypatch.context() as patch:
        patch.setattr(imports, "diff_scores", old_diff_scores)
        old = plan_import(ctx, "gradebook", book, course="COMP529")
    return new, old


def _database(ctx: Any) -> tuple[list[Any], list[Any]]:
    with ctx.engine.connect() as conn:
        scores = conn.execute(
            text(
                "SELECT s.student_id, a.key, sc.points, sc.status, sc.manual, sc.batch_id "
                "FROM score sc JOIN enrollment e ON e.id = sc.enrollment_id "
                "JOIN student s ON s.id = e.student_pk "
                "JOIN assessment a ON a.id = sc.assessment_id ORDER BY s.student_id, a.key"
            )
        ).all()
        audit = conn.execute(
            text(
                "SELECT s.student_id, au.entity, au.field, au.old, au.new, au.batch_id "
                "FROM auditevent au LEFT JOIN student s ON s.id = au.student_pk "
                "WHERE au.field IN ('scores_created', 'points', 'status', 'manual', 'batch_id') "
                "ORDER BY s.student_id, au.batch_id, au.field, au.new"
            )
        ).all()
    return [tuple(r) for r in scores], [tuple(r) for r in audit]


def _expected_created(old: ImportPlan, batch_id: int) -> list[tuple[Any, ...]]:
    """The audit rows the old apply wrote for created scores: one per student."""
    by_student: dict[str, dict[str, str]] = {}
    for c in old.scores_added:
        by_student.setdefault(c.student_id, {})[c.assessment_key] = c.new
    return [
        (sid, "enrollment", "scores_created", None, json.dumps(v, sort_keys=True), batch_id)
        for sid, v in by_student.items()
    ]


def _changed_file(book: Path, out: Path) -> Path:
    """Every 7th score cell changed (numbers +1, some excused), every 11th blanked."""
    rows = list(csv.reader(book.open(newline="", encoding="utf-8")))
    first_score = rows[0].index("Student") + 4
    for r, row in enumerate(rows[3:], start=3):
        for c in range(first_score, first_score + 40):
            cell = row[c]
            if (r * 40 + c) % 7 == 0 and cell.replace(".", "", 1).isdigit():
                row[c] = "EX" if (r + c) % 3 == 0 else str(float(cell) + 1)
            elif (r * 40 + c) % 11 == 0:
                row[c] = ""
    with out.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    return out


def _same_plans_and_database(ctx: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = tmp_path / "data"
    make_data(data, students=300)
    book = data / "comp529-gradebook.csv"
    init_course(ctx, data / "comp529-bench.toml")
    new, old = _both_plans(ctx, book, monkeypatch)
    assert len(old.scores_added) > 300 * 30 and not old.scores_changed
    assert list(new.scores_added) == old.scores_added and new.scores_changed == ()
    assert _shown(new) == _shown(old)
    first = apply_import(ctx, new)
    scores, audit = _database(ctx)
    assert sorted(((s[0], s[1], s[2], s[3]) for s in scores), key=repr) == sorted(
        ((c.student_id, c.assessment_key, c.points, c.status.value) for c in old.scores_added),
        key=repr,
    )
    assert sorted(audit, key=repr) == sorted(_expected_created(old, first.id), key=repr)

    with ctx.engine.begin() as conn:  # one hand edit (stale), some scores gone (added again)
        conn.execute(text("UPDATE score SET manual = :t WHERE id % 97 = 0"), {"t": True})
        conn.execute(text("DELETE FROM score WHERE id % 13 = 0"))
    changed = _changed_file(book, tmp_path / "changed.csv")
    new, old = _both_plans(ctx, changed, monkeypatch)
    assert old.scores_changed and old.stale and old.scores_added
    assert list(new.scores_added) == old.scores_added
    assert list(new.scores_changed) == old.scores_changed
    assert new.stale == old.stale and new.counts == old.counts
    assert _shown(new) == _shown(old)
    second = apply_import(ctx, new, force=True)
    scores, audit = _database(ctx)
    written = {(s[0], s[1]): (s[2], s[3], s[4], s[5]) for s in scores}
    for c in (*old.scores_added, *old.scores_changed):
        assert written[(c.student_id, c.assessment_key)] == (
            c.points,
            c.status.value,
            False,
            second.id,
        )
    mine = [a for a in audit if a[5] == second.id]
    assert sorted((a for a in mine if a[2] == "scores_created"), key=repr) == sorted(
        _expected_created(old, second.id), key=repr
    )
    assert sum(a[2] == "batch_id" for a in mine) == len(old.scores_changed)


def test_columns_plan_the_same_as_cells_on_sqlite(
    ctx: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _same_plans_and_database(ctx, tmp_path, monkeypatch)


@pytest.mark.postgres
def test_columns_plan_the_same_as_cells_on_postgres(
    pg_ctx: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _same_plans_and_database(pg_ctx, tmp_path, monkeypatch)
