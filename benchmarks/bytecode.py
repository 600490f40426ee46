"""Bytecode for coursekit's own modules before whole-process timings.

A user's coursekit runs from cached bytecode: pip compiles a package when it installs it,
and Python writes ``__pycache__`` on the first run of an editable install. This machine
sets ``PYTHONDONTWRITEBYTECODE=1``, so without this step every timed process compiled
coursekit's modules from source (≈ 0.01 s for ``coursekit courses``, more for the TUI,
which imports a hundred of them) while the floors' libraries, installed by pip, had their
``.pyc``. Python still *reads* bytecode under that setting, so compiling once is enough.
"""

from __future__ import annotations

import compileall
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "coursekit"


def compile_coursekit() -> None:
    """Write ``__pycache__`` for every coursekit module (quietly; up to date is a no-op)."""
    if not compileall.compile_dir(str(PACKAGE), quiet=1):
        raise SystemExit(f"could not compile {PACKAGE}")
