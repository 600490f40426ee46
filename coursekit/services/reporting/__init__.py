"""Reports out: grades, readiness, credits, labs, checklists; registrar sheet; digests.

Use cases are re-exported lazily (PEP 562): importing the package costs nothing
until one is used, so start-up stays fast.
"""

from __future__ import annotations

import importlib
from typing import Any

_HOMES = {
    "compose_messages": "student_digests",
    "fill_final_grades": "registrar",
    "output_format": "reports",
    "unknown_section_warning": "reports",
    "write_report": "reports",
    "write_student_sheets": "student_digests",
}
__all__ = sorted(_HOMES)


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{home}"), name)
