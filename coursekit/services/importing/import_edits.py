"""Fields edited by hand after a file was exported: an import must not roll
them back silently (``apply_import`` refuses unless forced, naming them).

A hand edit is an audit row written outside any import batch (``batch_id`` NULL)
— the roster form, `coursekit student edit`, ... — later than the file's time.
Scores have their own rule (``manual`` / ``updated_at``, see ``diff_scores``).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlmodel import Session, col

from coursekit.db import models as m
from coursekit.domain.imports import HandEdit, RowChange, StudentChange

STUDENT_FIELDS = frozenset({"student_id", "name", "sortable_name", "email", "lms_id", "login"})
_NOT_EDITS = ("created", "deleted", "restored", "scores_created", "scores_deleted", "batch_id")


def _edits(session: Session, since: datetime) -> dict[tuple[str, int, str], datetime]:
    a = m.AuditEvent
    rows = session.execute(
        select(col(a.entity), col(a.entity_id), col(a.field), func.max(col(a.at)))
        .where(col(a.batch_id).is_(None), col(a.at) > since, col(a.field).not_in(_NOT_EDITS))
        .group_by(col(a.entity), col(a.entity_id), col(a.field))
    )
    return {(entity, eid, field): at for entity, eid, field, at in rows}


def hand_edits(
    session: Session,
    since: datetime,
    students: list[StudentChange],
    rows: list[RowChange],
    row_entity: str,
) -> list[HandEdit]:
    """The planned changes that would overwrite a field edited by hand after ``since``."""
    edits = _edits(session, since)
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
