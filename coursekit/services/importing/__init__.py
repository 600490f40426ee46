"""Imports and student identity: plan, preview, apply, undo; matching, merge, doctor.

Use cases are re-exported lazily (``services.lazy_exports``).
"""

from __future__ import annotations

from coursekit.services.lazy_exports import lazy_attribute

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

__getattr__ = lazy_attribute(__name__, _HOMES)
