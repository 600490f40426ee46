"""Canvas live: connection, pull, push with read-back, compare, syllabus.

Use cases are re-exported lazily (``services.lazy_exports``).
"""

from __future__ import annotations

from coursekit.services.lazy_exports import lazy_attribute

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

__getattr__ = lazy_attribute(__name__, _HOMES)
