"""Fields edited by hand after a file was exported: an import must not roll
them back silently (``apply_import`` refuses unless forced, naming them).

A hand edit is an audit row written outside any import batch (``batch_id`` NULL)
— the roster form, `coursekit student edit`, ... — later than the file's time.
Scores have their own rule (``manual`` / ``updated_at``, see ``diff_scores``).
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from coursekit.db.queries.import_state import hand_edit_times
from coursekit.db.queries.import_write import STUDENT_FIELDS
from coursekit.domain.imports import HandEdit, RowChange, StudentChange


def hand_edits(
    session: Session,
    since: datetime,
    students: list[StudentChange],
    rows: list[RowChange],
    row_entity: str,
) -> list[HandEdit]:
    """The planned changes that would overwrite a field edited by hand after ``since``."""
    edits = hand_edit_times(session, since=since)
    if not edits:
        return []
    found: list[HandEdit] = []
    for change in students:
        for f in change.changes:
            if f.field in STUDENT_FIELDS:
                key = ("student", change.student_pk or 0, f.field)
            else:
                key = ("enrollment", change.enrollment_id or 0, f.field)
            if key in edits:
                found.append(HandEdit(change.row, change.student_id, f.field, edits[key]))
    for row in rows:
        for name in row.values:
            key = (row_entity, row.entity_id or 0, name)
            if key in edits:
                found.append(HandEdit(row.row, row.student_id, name, edits[key]))
    return found
