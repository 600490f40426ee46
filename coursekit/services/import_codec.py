"""Audit values as text and back, exactly (undo restores from these)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from typing import Any, TypeVar

from sqlalchemy import Connection, Table, bindparam

T = TypeVar("T")
CHUNK = 5_000  # rows per executemany (bounded memory, see performance.md)
IN_CHUNK = 500  # ids per IN (…) list

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


def chunks(items: list[T], size: int) -> Iterator[list[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def insert_rows(conn: Connection, table: Table, rows: Iterable[dict[str, Any]]) -> None:
    """Core executemany in bounded chunks (never ORM object-per-row)."""
    pending = list(rows)
    for part in chunks(pending, CHUNK):
        conn.execute(table.insert(), part)


def bulk_insert(
    conn: Connection, table: Table, columns: Sequence[str], rows: Iterable[Sequence[Any]]
) -> int:
    """Insert tuples (values in ``columns`` order) with one compiled statement and
    the driver's ``executemany``, chunked.

    Same result as ``conn.execute(table.insert(), dicts)`` — the columns' own
    bind processors are applied (aware UTC datetimes, JSON, booleans) — without
    SQLAlchemy's per-row parameter bookkeeping, which dominated large imports.
    Repeated values (the batch's timestamp) are processed once.
    """
    dialect = conn.dialect
    stmt = table.insert().values({c: bindparam(c, type_=table.c[c].type) for c in columns})
    compiled = stmt.compile(dialect=dialect)
    names = list(compiled.positiontup or columns) if compiled.positional else list(columns)
    index = [list(columns).index(name) for name in names]
    procs = [table.c[name].type.dialect_impl(dialect).bind_processor(dialect) for name in names]
    active = [(i, proc, {}) for i, proc in enumerate(procs) if proc is not None]
    same_order = index == list(range(len(columns)))

    def convert(row: Sequence[Any]) -> Any:
        values = list(row) if same_order else [row[i] for i in index]
        for i, proc, cache in active:
            value = values[i]
            if value is None:
                continue
            try:
                values[i] = cache[value]
            except KeyError:
                values[i] = cache[value] = proc(value)
            except TypeError:  # unhashable (JSON dicts)
                values[i] = proc(value)
        return tuple(values) if compiled.positional else dict(zip(names, values, strict=True))

    count = 0
    pending: list[Any] = []
    for row in rows:
        pending.append(convert(row))
        if len(pending) >= CHUNK:
            conn.exec_driver_sql(compiled.string, pending)
            count += len(pending)
            pending = []
    if pending:
        conn.exec_driver_sql(compiled.string, pending)
        count += len(pending)
    return count


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
