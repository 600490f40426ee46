"""The Canvas grades csv re-imports into coursekit unchanged (issue-3 importer)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from coursekit.config import Settings, default_syllabi_dir, sqlite_url
from coursekit.db import models as m
from coursekit.services.context import ServiceContext
from coursekit.services.courses import init_course
from coursekit.services.importing.imports import apply_import, plan_import
from coursekit.services.reporting.reports import write_report
from support import report_seed as seed_module

REPO = Path(__file__).resolve().parents[2]
COMP529 = REPO / "syllabi" / "comp529-cloud-computing.toml"
ROSTERS = REPO / "rosters"


def fresh_course(tmp: Path) -> ServiceContext:
    tmp.mkdir()
    ctx = ServiceContext.open(
        Settings(sqlite_url(tmp / "db.sqlite3"), tmp, default_syllabi_dir(), actor="tester")
    )
    init_course(ctx, COMP529)
    return ctx


def scores(ctx: ServiceContext) -> dict[tuple[str, str], tuple[str, float | None]]:
    """(student id, assessment key) -> (status, points), leaving out "no score yet"."""
    s, e, a, sc = m.Student, m.Enrollment, m.Assessment, m.Score
    with ctx.read() as session:
        rows = session.execute(
            select(s.student_id, a.key, sc.status, sc.points)
            .join(e, e.id == sc.enrollment_id)
            .join(s, s.id == e.student_pk)
            .join(a, a.id == sc.assessment_id)
            .where(e.status == "active")
        ).all()
    return {
        (sid, key): (status, points)
        for sid, key, status, points in rows
        if not (status == "missing" and points is None)
    }


def import_file(ctx: ServiceContext, kind: str, path: Path) -> Any:
    plan = plan_import(ctx, kind, path, course="COMP529")
    assert not plan.has_errors, plan.errors[:3]
    apply_import(ctx, plan)
    return plan


@pytest.fixture
def sample_class(tmp_path: Path) -> ServiceContext:
    """COMP529 with the sample roster and AWS Academy gradebook from rosters/."""
    ctx = fresh_course(tmp_path / "source")
    import_file(ctx, "roster", ROSTERS / "comp529-roster.xlsx")
    import_file(ctx, "gradebook", ROSTERS / "comp529-gradebook.csv")
    yield ctx
    ctx.close()


def test_export_imports_into_a_fresh_database_with_identical_scores(
    sample_class: ServiceContext, tmp_path: Path
) -> None:
    out = write_report(
        sample_class, "grades", tmp_path / "canvas.csv", course="COMP529", now=seed_module.NOW
    )
    original = scores(sample_class)
    assert len(original) > 900
    target = fresh_course(tmp_path / "target")
    try:
        plan = import_file(target, "gradebook", out)
        assert not plan.warnings
        assert scores(target) == original
    finally:
        target.close()


def test_reimporting_the_export_changes_nothing(
    sample_class: ServiceContext, tmp_path: Path
) -> None:
    out = write_report(
        sample_class, "grades", tmp_path / "canvas.csv", course="COMP529", now=seed_module.NOW
    )
    plan = plan_import(sample_class, "gradebook", out, course="COMP529")
    assert not plan.has_errors and not plan.warnings
    assert plan.students_added == () and plan.students_changed == ()
    assert plan.scores_added == () and plan.scores_changed == ()
    assert plan.scores_unchanged > 1000


def test_injected_names_round_trip_with_identical_scores(course_ctx: Any, tmp_path: Path) -> None:
    seed_module.seed(course_ctx)
    out = write_report(
        course_ctx, "grades", tmp_path / "canvas.csv", course="COMP529", now=seed_module.NOW
    )
    target = fresh_course(tmp_path / "target")
    try:
        import_file(target, "gradebook", out)
        assert scores(target) == scores(course_ctx)
    finally:
        target.close()
