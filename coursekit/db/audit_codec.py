"""Audit values as text and back, exactly (undo restores from these), and whole
rows as JSON snapshots (a row a merge deletes; undo inserts it back)."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from sqlalchemy import Table

_FLOAT = {
    ("score", "points"),
    ("creditevent", "amount_usd"),
    ("practiceattempt", "percent"),
    ("practiceattempt", "scaled_score"),
    ("practiceattempt", "minutes"),
}
_INT = {
    ("score", "batch_id"),
    ("creditevent", "batch_id"),
    ("practiceattempt", "batch_id"),
    ("practiceattempt", "questions"),
    ("score", "enrollment_id"),
    ("creditevent", "enrollment_id"),
    ("practiceattempt", "enrollment_id"),
    ("templatesubmission", "enrollment_id"),
    ("checklistitem", "enrollment_id"),
    ("enrollment", "student_pk"),
    ("studentidentifier", "student_pk"),
    ("auditevent", "student_pk"),
}
_BOOL = {("score", "manual")}
_DATETIME = {("enrollment", "dropped_at")}
_JSON = {("practiceattempt", "domain_percents")}


def encode(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, dict | list):
        return json.dumps(value, sort_keys=True)
    return str(value)


def decode(entity: str, field: str, text: str | None) -> Any:
    if text is None:
        return None
    key = (entity, field)
    if key in _FLOAT:
        return float(text)
    if key in _INT:
        return int(text)
    if key in _BOOL:
        return text == "true"
    if key in _DATETIME:
        return datetime.fromisoformat(text)
    if key in _JSON:
        return json.loads(text)
    return text


def snapshot(table: Table, row: Any) -> str:
    """A whole row as JSON text (a row a merge deletes; undo inserts it back)."""
    return json.dumps({k: encode(v) for k, v in dict(row).items()}, sort_keys=True)


def from_snapshot(table: Table, text: str) -> dict[str, Any]:
    """The row of ``snapshot`` with its column types back."""
    from sqlalchemy import JSON, Boolean, Date, DateTime, Float, Integer

    values: dict[str, Any] = {}
    for name, raw in json.loads(text).items():
        kind = table.c[name].type
        impl = getattr(kind, "impl", kind)
        if raw is None:
            values[name] = None
        elif isinstance(impl, DateTime):
            values[name] = datetime.fromisoformat(raw)
        elif isinstance(impl, Date):
            values[name] = date.fromisoformat(raw)
        elif isinstance(impl, Boolean):
            values[name] = raw == "true"
        elif isinstance(impl, Integer):
            values[name] = int(raw)
        elif isinstance(impl, Float):
            values[name] = float(raw)
        elif isinstance(impl, JSON):
            values[name] = json.loads(raw)
        else:
            values[name] = raw
    return values
