"""The Canvas round trip in a course with roster, gradebook, credits and practice
data (tests/data/identity, imported roster last): export the grades csv, import
it, and nothing changes — no student, identifier, score or decision."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from coursekit.services.courses import init_course
from coursekit.services.importing.imports import apply_import, plan_import
from coursekit.services.reporting.reports import write_report

DATA = Path(__file__).resolve().parent.parent / "data" / "identity"
COMP529 = Path(__file__).resolve().parents[2] / "syllabi" / "comp529-cloud-computing.toml"


def test_grades_csv_reimports_unchanged_with_four_sources(ctx: Any, tmp_path: Path) -> None:
    init_course(ctx, COMP529)
    for kind, name in (
        ("gradebook", "gradebook.csv"),
        ("credits", "credits.csv"),
        ("practice", "practice.csv"),
        ("roster", "roster.xlsx"),
    ):
        apply_import(ctx, plan_import(ctx, kind, DATA / name))
    out = write_report(ctx, "grades", tmp_path / "grades.csv", course="COMP529")
    plan = plan_import(ctx, "gradebook", out)
    assert not plan.has_errors and not plan.warnings and not plan.decisions
    assert plan.students_added == () and plan.students_changed == ()
    assert plan.identifiers_added == () and plan.absorbed == ()
    assert plan.scores_added == () and plan.scores_changed == ()
    # 4 students × the 35 assessments of COMP529: 12 scored cells, 128 never graded
    assert plan.students_unchanged == 4 and plan.scores_unchanged == 4 * 35
    assert plan.is_empty
