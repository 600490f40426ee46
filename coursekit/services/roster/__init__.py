"""Hand edits of students and scores: edit, drop, reactivate, score verbs, history, revert.

Use cases are re-exported lazily (``services.lazy_exports``).
"""

from __future__ import annotations

from coursekit.services.lazy_exports import lazy_attribute

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

__getattr__ = lazy_attribute(__name__, _HOMES)
