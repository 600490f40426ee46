"""Reports out: grades, readiness, credits, labs, checklists; registrar sheet; digests.

Use cases are re-exported lazily (``services.lazy_exports``).
"""

from __future__ import annotations

from coursekit.services.lazy_exports import lazy_attribute

_HOMES = {
    "compose_messages": "student_digests",
    "fill_final_grades": "registrar",
    "output_format": "reports",
    "unknown_section_warning": "reports",
    "write_report": "reports",
    "write_student_sheets": "student_digests",
}
__all__ = sorted(_HOMES)

__getattr__ = lazy_attribute(__name__, _HOMES)
