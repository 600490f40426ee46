"""Imports and student identity: plan, preview, apply, undo; matching, merge, doctor.

Use cases are re-exported lazily (PEP 562): importing the package costs nothing
until one is used, so start-up stays fast.
"""

from __future__ import annotations

import importlib
from typing import Any

_HOMES = {
    "apply_import": "imports",
    "diagnose": "doctor",
    "inspect_file": "import_files",
    "list_batches": "imports",
    "merge_students": "student_merge",
    "plan_import": "imports",
    "undo_batch": "imports",
}
__all__ = sorted(_HOMES)


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{home}"), name)
