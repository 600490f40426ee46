"""`coursekit demo` builds its database from syllabi/ and rosters/, once."""

from __future__ import annotations

import stat

from coursekit.services.context import ServiceContext
from coursekit.services.courses import list_courses
from coursekit.services.demo import build_demo, demo_settings
from coursekit.services.importing.imports import list_batches
from coursekit.services.roster.roster import list_roster


def test_demo_database_holds_both_courses_and_every_sample_file(settings) -> None:  # type: ignore[no-untyped-def]
    demo = demo_settings(settings)
    summary = build_demo(demo)
    assert "2 courses" in summary
    ctx = ServiceContext.open(demo)
    try:
        courses = {c.code: c for c in list_courses(ctx)}
        assert set(courses) == {"COMP529", "COMP524"}
        roster = list_roster(ctx, "COMP529")
        assert len(roster) == 40
        assert any(r.student_id.startswith("0") for r in roster)  # leading zeros kept
        kinds = sorted(b.kind for b in list_batches(ctx, "COMP529"))
        assert kinds == ["credits", "gradebook", "practice", "roster"]
    finally:
        ctx.close()
    assert "reused" in build_demo(demo)
    assert stat.S_IMODE((settings.data_dir / "demo.sqlite3").stat().st_mode) == 0o600
