"""Values already stored that no course can hold (from before the import bounds, or
written by another tool) never break a view: no InvalidOperation, no OverflowError,
no ``Infinity`` in JSON (issue 16)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest
from sqlalchemy import update

from coursekit.config import Settings, default_syllabi_dir
from coursekit.db import models as m
from coursekit.services.context import ServiceContext

_spec = importlib.util.spec_from_file_location(
    "engine_cli_fixture", Path(__file__).with_name("test_engine_cli.py")
)
assert _spec is not None and _spec.loader is not None
engine_cli = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(engine_cli)
db_url = engine_cli.db_url  # the fixture: one student, two scores, two credit snapshots
run, AS_OF = engine_cli.run, engine_cli.AS_OF


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
