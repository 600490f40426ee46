"""An import process killed (SIGKILL) in the middle of its transaction leaves the
database exactly as it was, and consistent."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from coursekit.services.importing.imports import apply_import, plan_import
from support import import_seed as seed

CHILD = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from coursekit.config import Settings, default_syllabi_dir, sqlite_url
    from coursekit.services.importing import import_apply
    from coursekit.services.context import ServiceContext
    from coursekit.services.importing.imports import apply_import, plan_import

    db, grades = Path(sys.argv[1]), Path(sys.argv[2])
    ctx = ServiceContext.open(Settings(sqlite_url(db), db.parent, default_syllabi_dir()))
    plan = plan_import(ctx, "gradebook", grades)

    def hook(stage):
        if stage == "written":  # every row is written, nothing committed yet
            print("WRITTEN", flush=True)
            time.sleep(120)

    import_apply._TEST_HOOK = hook
    apply_import(ctx, plan)
    print("COMMITTED", flush=True)
""")


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_sigkill_mid_import_leaves_the_database_unchanged(course_ctx: Any, tmp_path: Path) -> None:
    apply_import(
        course_ctx, plan_import(course_ctx, "roster", seed.roster_xlsx(tmp_path / "r.xlsx"))
    )
    grades = seed.gradebook_csv(
        tmp_path / "g.csv", {"11": ["1", "2", "3"], "12": ["4", "EX", ""], "13": ["", "", "7"]}
    )
    before = seed.dump(course_ctx)
    batches = seed.scalar(course_ctx, "SELECT COUNT(*) FROM importbatch")
    audits = seed.scalar(course_ctx, "SELECT COUNT(*) FROM auditevent")
    db = Path(course_ctx.engine.url.database)
    course_ctx.engine.dispose()
    env = {**os.environ, "PYTHONPATH": str(seed.TESTS.parent)}
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(db), str(grades)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert child.stdout is not None
        line = child.stdout.readline()
        assert line.strip() == "WRITTEN", child.stderr.read() if child.stderr else ""
        os.kill(child.pid, signal.SIGKILL)
        assert child.wait(timeout=30) == -signal.SIGKILL
    finally:
        if child.poll() is None:
            child.kill()
    assert seed.dump(course_ctx) == before
    assert seed.scalar(course_ctx, "SELECT COUNT(*) FROM importbatch") == batches
    assert seed.scalar(course_ctx, "SELECT COUNT(*) FROM auditevent") == audits
    with course_ctx.engine.connect() as conn:
        assert conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"
        assert conn.execute(text("PRAGMA foreign_key_check")).all() == []
    batch = apply_import(course_ctx, plan_import(course_ctx, "gradebook", grades))
    assert batch.counts["scores_added"] == 9
