"""The course views: grades and their explanation, labs, credits, readiness, dashboard.

Use cases are re-exported lazily (``services.lazy_exports``).
"""

from __future__ import annotations

from coursekit.services.lazy_exports import lazy_attribute

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

__getattr__ = lazy_attribute(__name__, _HOMES)
