"""Values already stored that no course can hold (from before the import bounds, or
written by another tool) never break a view: no InvalidOperation, no OverflowError,
no ``Infinity`` in JSON (issue 16)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import update

from coursekit.config import Settings, default_syllabi_dir
from coursekit.db import models as m
from coursekit.services.context import ServiceContext
from support.engine_cli import AS_OF, run  # db_url: the fixture in tests/cli/conftest.py


def _store(url: str, tmp_path: Path, points: float, usd: float) -> None:
    ctx = ServiceContext.open(Settings(url, tmp_path, default_syllabi_dir(), actor="t"))
    with ctx.transaction() as s:
        s.execute(update(m.Score).where(m.Score.points == 27.0).values(points=points))
        s.execute(
            update(m.CreditEvent).where(m.CreditEvent.amount_usd == 28.0).values(amount_usd=usd)
        )
    ctx.close()


@pytest.mark.parametrize("points", [1e30, 1.8e306, 1e308])
def test_huge_stored_values_keep_every_view_working(
    db_url: str, tmp_path: Path, points: float
) -> None:
    _store(db_url, tmp_path, points, 1e308)
    for view in ("grades", "labs", "credits", "readiness", "nudges"):
        code, out = run(view, "--json", "--as-of", AS_OF)
        assert code == 0, (view, out)
        assert "Infinity" not in out and "NaN" not in out
        json.loads(out)
        code, out = run(view, "--as-of", AS_OF)
        assert code == 0, (view, out)
