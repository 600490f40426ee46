"""The course views: grades and their explanation, labs, credits, readiness, dashboard.

Use cases are re-exported lazily (PEP 562): importing the package costs nothing
until one is used, so start-up stays fast.
"""

from __future__ import annotations

import importlib
from typing import Any

_HOMES = {
    "ScoreLine": "class_tables",
    "credit_ledger": "class_tables",
    "credit_rows": "credits",
    "dashboard": "course_dashboard",
    "exam_warning": "readiness",
    "explain_grade": "grade_explanation",
    "explain_student": "grade_explanation",
    "grade_rows": "grades",
    "lab_matrix": "labs",
    "nudges": "labs",
    "readiness_rows": "readiness",
    "score_lines": "class_tables",
    "set_override": "grades",
    "student_credits": "credits",
    "student_grades": "grades",
    "student_lab_matrix": "student_labs",
    "student_readiness": "readiness",
}
__all__ = sorted(_HOMES)


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{home}"), name)
