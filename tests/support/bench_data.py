"""Benchmark-shaped data for tests: ``benchmarks/make_data.py`` run as the benchmarks run it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

MAKE_DATA = Path(__file__).resolve().parents[2] / "benchmarks" / "make_data.py"


def make_data(out: Path, *, students: int, xlsx: bool = False) -> Path:
    """COMP529 spreadsheets for ``students`` × 40 assessments in ``out`` (with the gradebook
    also as xlsx when ``xlsx``): the syllabus ``comp529-bench.toml``, the roster, the
    gradebook ``comp529-gradebook.csv``, credits and practice files. Returns ``out``."""
    command = [sys.executable, str(MAKE_DATA), "--students", str(students)]
    command += ["--assessments", "40", "--out", str(out)]
    if xlsx:
        command.append("--xlsx-gradebook")
    subprocess.run(command, check=True, capture_output=True)
    return out
