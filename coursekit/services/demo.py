"""The demo database: both syllabi plus the sample files in ``rosters/``."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

from coursekit.config import Settings, sqlite_url
from coursekit.db.engine import sqlite_path
from coursekit.domain.enums import ImportKind
from coursekit.domain.problems import ProblemCode
from coursekit.services.context import ServiceContext, ServiceError
from coursekit.services.courses import init_course, list_courses

DEMO_COURSE = "COMP529"
DEMO_FILES = (  # (kind, file in rosters/), applied in this order
    (ImportKind.ROSTER, "comp529-roster.xlsx"),
    (ImportKind.GRADEBOOK, "comp529-gradebook.csv"),
    (ImportKind.CREDITS, "comp529-credits.csv"),
    (ImportKind.PRACTICE, "comp529-practice.csv"),
)


def rosters_dir(settings: Settings) -> Path:
    env = os.environ.get("COURSEKIT_ROSTERS")
    if env:
        return Path(env)
    bundled = settings.syllabi_dir.parent / "rosters"
    return bundled


def demo_settings(settings: Settings) -> Settings:
    """The demo lives in its own SQLite file in the data directory."""
    return replace(settings, db_url=sqlite_url(settings.data_dir / "demo.sqlite3"))


def build_demo(settings: Settings, *, fresh: bool = False) -> str:
    """Create (or reuse) the demo database; returns a one-line summary."""
    from coursekit.services.importing.imports import apply_import, plan_import

    db_file = sqlite_path(settings.db_url)
    if fresh and db_file is not None:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db_file}{suffix}").unlink(missing_ok=True)
    ctx = ServiceContext.open(settings)
    try:
        if any(c.code == DEMO_COURSE and c.students for c in list_courses(ctx)):
            return f"demo database: {db_file} (reused)"
        for syllabus in sorted(settings.syllabi_dir.glob("*.toml")):
            init_course(ctx, syllabus)
        source = rosters_dir(settings)
        for kind, name in DEMO_FILES:
            plan = plan_import(ctx, kind, source / name, course=DEMO_COURSE)
            if plan.has_errors:
                raise ServiceError(
                    f"demo file {name} has problems: {plan.issues[0]}",
                    code=ProblemCode.FILE_ERRORS,
                )
            apply_import(ctx, plan)
        courses = list_courses(ctx)
    finally:
        ctx.close()
    students = sum(c.students for c in courses)
    return f"demo database: {db_file} ({len(courses)} courses, {students} enrolments)"
