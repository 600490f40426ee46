"""Core ``Table`` handles of the SQLModel tables, for bulk statements.

One home: the import writer, undo, merge and the course views use these instead of
each reaching for ``Model.__table__`` (which SQLModel does not type)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Table

from coursekit.db import models as m


def _table(model: Any) -> Table:
    table: Table = model.__table__
    return table


COURSE = _table(m.Course)
STUDENT = _table(m.Student)
STUDENT_IDENTIFIER = _table(m.StudentIdentifier)
ENROLLMENT = _table(m.Enrollment)
ASSESSMENT = _table(m.Assessment)
SCORE = _table(m.Score)
CREDIT_EVENT = _table(m.CreditEvent)
PRACTICE_ATTEMPT = _table(m.PracticeAttempt)
TEMPLATE_SUBMISSION = _table(m.TemplateSubmission)
CHECKLIST_ITEM = _table(m.ChecklistItem)
IMPORT_BATCH = _table(m.ImportBatch)
AUDIT_EVENT = _table(m.AuditEvent)
