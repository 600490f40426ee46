"""Fuzzing stays in the project (issue 16): every reader gets hostile csv and xlsx files,
the template analysis hostile YAML/JSON. A short, seeded run here (``FUZZ_EXAMPLES``
scales it); ``tests/fuzz/run_fuzz.py`` is the long run that reports counts."""

from __future__ import annotations

import os
from pathlib import Path

from hypothesis import HealthCheck, given, settings

from support import fuzz_targets as targets

SCALE = int(os.environ.get("FUZZ_EXAMPLES", "0"))
CHECKS = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture]


def budget(default: int) -> settings:
    return settings(
        max_examples=SCALE or default,
        derandomize=not SCALE,  # seeded in the test command; random in the long run
        deadline=None,
        database=None,
        suppress_health_check=CHECKS,
    )


@budget(60)
@given(data=targets.csv_bytes())
def test_csv_readers_never_crash(data: bytes, tmp_path_factory) -> None:  # type: ignore[no-untyped-def]
    targets.check_spreadsheet(data, ".csv", _folder(tmp_path_factory))


@budget(20)
@given(data=targets.xlsx_bytes())
def test_xlsx_readers_never_crash(data: bytes, tmp_path_factory) -> None:  # type: ignore[no-untyped-def]
    targets.check_spreadsheet(data, ".xlsx", _folder(tmp_path_factory))


@budget(200)
@given(data=targets.template_text())
def test_template_analysis_never_crashes(data: str | bytes) -> None:
    targets.check_template(data)


_FOLDERS: dict[int, Path] = {}


def _folder(factory) -> Path:  # type: ignore[no-untyped-def]
    key = id(factory)
    if key not in _FOLDERS:
        _FOLDERS[key] = factory.mktemp("fuzz")
    return _FOLDERS[key]


def teardown_module() -> None:
    """The long run (``run_fuzz.py``) reads the tally of each pytest process."""
    import json
    from dataclasses import asdict

    report = os.environ.get("FUZZ_REPORT")
    if report:
        Path(report).write_text(json.dumps(asdict(targets.TALLY)), encoding="utf-8")
