"""Regenerate docs/dashboard.svg: the dashboard of the demo course at a fixed date, 120×40.

PYTHONPATH=. python docs/make_dashboard_svg.py
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from coursekit.config import Settings, default_syllabi_dir, sqlite_url  # noqa: E402
from coursekit.services.context import ServiceContext  # noqa: E402
from coursekit.services.demo import build_demo  # noqa: E402
from coursekit.tui.app import CoursekitApp  # noqa: E402

NOW = datetime(2026, 11, 16, 10, tzinfo=UTC)  # mid-term in the demo's Fall 2026


async def shoot(ctx: ServiceContext, target: Path) -> None:
    app = CoursekitApp(ctx, course_code="COMP529", now=NOW)
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(10):
            await app.workers.wait_for_complete()
            await pilot.pause()
        app.save_screenshot(filename=target.name, path=str(target.parent))


def main() -> None:
    target = REPO / "docs" / "dashboard.svg"
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(
            sqlite_url(Path(tmp) / "demo.sqlite3"), Path(tmp), default_syllabi_dir(), actor="docs"
        )
        build_demo(settings, fresh=True)
        ctx = ServiceContext.open(settings)
        try:
            asyncio.run(shoot(ctx, target))
        finally:
            ctx.close()
    print(f"wrote {target}")


if __name__ == "__main__":
    main()
