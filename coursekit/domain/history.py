"""Audited changes in a teacher's words, and which hand changes can be taken back.

The audit log stores one row per changed field with the old and new values as text
(``services/audit.py``). A *change* is the rows one edit wrote together (same record,
same person, the same time stamp); ``group_changes`` rebuilds them and ``describe``
says what they did ("points 27 → 25", "status graded → excused (EX)").
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from coursekit.domain.enums import CANVAS_MARKS

FIELD_WORDS = {
    "points": "points",
    "status": "status",
    "extended_due_at": "personal due date",
    "manual": "hand edit",
    "override_percent": "grade override",
    "section": "section",
    "name": "name",
    "sortable_name": "sortable name",
    "email": "e-mail",
    "note": "note",
    "filename": "template",
}
_STATUS_WORDS = {
    "graded": "graded",
    "missing": "no score",
    "excused": f"excused ({CANVAS_MARKS['excused']})",
    "not_assigned": f"not assigned ({CANVAS_MARKS['not_assigned']})",
    "todo": "to do",
}


@dataclass(frozen=True, slots=True)
class AuditRow:
    id: int
    at: datetime
    actor: str
    batch_id: int | None
    entity: str
    entity_id: int
    field: str
    old: str | None
    new: str | None


@dataclass(frozen=True, slots=True)
class Change:
    """One edit: its audit rows (first id names it), and what it was about."""

    id: int
    at: datetime
    actor: str
    batch_id: int | None
    entity: str
    entity_id: int
    rows: tuple[AuditRow, ...]
    student_id: str
    student_name: str
    subject: str  # "score on Lab 1 (1937901)", "checklist item lab-only-name on WebServer"

    @property
    def lines(self) -> tuple[str, ...]:
        return tuple(describe(row.field, row.old, row.new) for row in self.rows)

    def to_dict(self) -> dict[str, object]:
        return {
            "change": self.id,
            "at": self.at.isoformat(),
            "by": self.actor,
            "import_batch": self.batch_id,
            "student_id": self.student_id,
            "name": self.student_name,
            "subject": self.subject,
            "changes": [
                {
                    "field": r.field,
                    "old": r.old,
                    "new": r.new,
                    "text": describe(r.field, r.old, r.new),
                }
                for r in self.rows
            ],
        }


def value_words(field: str, value: str | None) -> str:
    """A stored audit value as a teacher reads it."""
    if value is None or value == "":
        return "—"
    if field == "status":
        return _STATUS_WORDS.get(value, value)
    if field == "manual":
        return {"True": "yes", "False": "no"}.get(value, value)
    if field in ("points", "override_percent"):
        try:
            number = float(value)
        except ValueError:
            return value
        text = f"{number:.2f}".rstrip("0").rstrip(".")
        return f"{text} %" if field == "override_percent" else text
    if field == "extended_due_at":
        try:
            return datetime.fromisoformat(value).strftime("%Y-%m-%d %H:%M %Z").strip()
        except ValueError:
            return value
    return value


def describe(field: str, old: str | None, new: str | None) -> str:
    label = FIELD_WORDS.get(field, field.replace("_", " "))
    if old is None and field == "filename":
        return f"template {new} attached"
    return f"{label}: {value_words(field, old)} → {value_words(field, new)}"


def group_changes(rows: Iterable[AuditRow]) -> list[list[AuditRow]]:
    """Audit rows (in id order) grouped into the edits that wrote them."""
    groups: list[list[AuditRow]] = []
    for row in rows:
        last = groups[-1][-1] if groups else None
        if (
            last is not None
            and (last.entity, last.entity_id, last.actor, last.batch_id)
            == (row.entity, row.entity_id, row.actor, row.batch_id)
            and row.at == last.at  # one record_changes call stamps its rows alike
            and row.field not in {r.field for r in groups[-1]}
        ):
            groups[-1].append(row)
        else:
            groups.append([row])
    return groups


def revert_refusal(change: Change, later: Sequence[AuditRow]) -> str | None:
    """Why ``change`` cannot be taken back (None: it can). ``later`` are the audit rows
    written after it on the same record."""
    if change.batch_id is not None:
        return (
            f"change {change.id} came with import batch {change.batch_id}; "
            f"undo the import instead (coursekit undo {change.batch_id})"
        )
    if change.entity == "templatesubmission":
        return f"change {change.id} attached a template; attach the earlier file again instead"
    if change.entity == "enrollment" and any(
        r.field == "status" and r.old is None for r in change.rows
    ):
        return f"change {change.id} enrolled the student; drop them instead"
    fields = {r.field for r in change.rows}
    for row in later:
        if row.field in fields:
            return (
                f"change {change.id} cannot be reverted: change {row.id} "
                f"({row.at:%Y-%m-%d %H:%M} by {row.actor or 'someone'}) changed "
                f"{FIELD_WORDS.get(row.field, row.field)} again later; revert that one first"
            )
    return None
