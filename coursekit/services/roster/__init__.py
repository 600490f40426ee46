"""Hand edits of students and scores: edit, drop, reactivate, score verbs, history, revert.

Use cases are re-exported lazily (PEP 562): importing the package costs nothing
until one is used, so start-up stays fast.
"""

from __future__ import annotations

import importlib
from typing import Any

_HOMES = {
    "ScoreChange": "score_edits",
    "StudentEdit": "roster",
    "add_student": "roster",
    "clear_score": "score_edits",
    "drop_student": "roster",
    "edit_student": "roster",
    "excuse_score": "score_edits",
    "extend": "score_edits",
    "extend_all_future": "score_edits",
    "find_student": "student_status",
    "get_roster_row": "roster",
    "list_roster": "roster",
    "revert": "history",
    "set_enrolled": "student_status",
    "set_score": "score_edits",
}
__all__ = sorted(_HOMES)


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{home}"), name)
