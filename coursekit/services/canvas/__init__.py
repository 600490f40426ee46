"""Canvas live: connection, pull, push with read-back, compare, syllabus.

Use cases are re-exported lazily (PEP 562): importing the package costs nothing
until one is used, so start-up stays fast.
"""

from __future__ import annotations

import importlib
from typing import Any

_HOMES = {
    "check": "canvas_connection",
    "compare": "canvas_compare",
    "login": "canvas_connection",
    "logout": "canvas_connection",
    "open_canvas": "canvas_connection",
    "plan_pull": "canvas_pull",
    "plan_push_column": "canvas_column",
    "plan_push_grades": "canvas_push",
    "pull": "canvas_pull",
    "push_column": "canvas_column",
    "push_grades": "canvas_push",
    "write_syllabus": "canvas_syllabus",
}
__all__ = sorted(_HOMES)


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{home}"), name)
