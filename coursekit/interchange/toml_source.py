"""Read a TOML document strictly and point errors at ``file:line: key``.

``tomllib`` keeps no positions, so ``line_of`` finds a dotted key path
(``assessments[3].category``) by scanning the text's table headers and keys.
"""

from __future__ import annotations

import builtins
import re
import tomllib
from datetime import UTC, date, datetime
from typing import Any

_HEADER = re.compile(r"^\s*(\[\[?)\s*([A-Za-z0-9_.\-\" ]+?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(r"^\s*([A-Za-z0-9_\-\"]+)\s*=")
_INDEXED = re.compile(r"^(.*)\[(\d+)\]$")


class SourceError(ValueError):
    """One problem in a source file; ``str()`` is the one line shown to the user."""

    def __init__(self, filename: str, line: int | None, key: str | None, message: str) -> None:
        self.filename, self.line, self.key, self.message = filename, line, key, message
        where = f"{filename}:{line}" if line else filename
        super().__init__(f"{where}: {key + ': ' if key else ''}{message}")


def parse_toml(text: str, filename: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"line (\d+)", str(exc))
        raise SourceError(
            filename, int(match.group(1)) if match else None, None, str(exc)
        ) from None


def line_of(text: str, key_path: str) -> int | None:
    """Best-effort line number of a dotted key path such as ``grading.categories[1].weight``."""
    parts = key_path.split(".")
    lines = text.splitlines()
    # Try the longest table prefix that appears as a header, then the remaining key.
    for cut in range(len(parts), -1, -1):
        table, rest = parts[:cut], parts[cut:]
        start = _table_start(lines, table)
        if start is None:
            continue
        if not rest:
            return start + 1 if table else None
        key = _INDEXED.sub(r"\1", rest[0])
        for number in range(start + (1 if table else 0), len(lines)):
            if table and _HEADER.match(lines[number]) and number != start:
                break
            if not table and _HEADER.match(lines[number]):
                break
            found = _KEY.match(lines[number])
            if found and found.group(1).strip('"') == key:
                return number + 1
        return start + 1 if table else None
    return None


def _table_start(lines: list[str], table: list[str]) -> int | None:
    if not table:
        return 0
    name_parts: list[str] = []
    index: int | None = None
    for part in table:
        found = _INDEXED.match(part)
        if found:
            name_parts.append(found.group(1))
            index = int(found.group(2))
        else:
            name_parts.append(part)
    if index is not None and not _INDEXED.match(table[-1]):
        return None  # keys inside array tables are handled by the caller
    name = ".".join(name_parts)
    seen = -1
    for number, line in enumerate(lines):
        header = _HEADER.match(line)
        if header and header.group(2).replace('"', "") == name:
            seen += 1
            if index is None or seen == index:
                return number
    return None


class Reader:
    """Typed, strict access to one TOML table; every complaint names file, key and line."""

    def __init__(self, text: str, filename: str, data: dict[str, Any], path: str = "") -> None:
        self.text, self.filename, self.data, self.path = text, filename, data, path
        self._used: set[str] = set()

    def error(self, key: str | None, message: str) -> SourceError:
        full = self._full(key) if key else self.path
        return SourceError(self.filename, line_of(self.text, full) if full else None, full, message)

    def _full(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def _get(self, key: str, required: bool) -> Any:
        self._used.add(key)
        if key not in self.data:
            if required:
                raise self.error(None, f"missing required key {self._full(key)!r}")
            return None
        return self.data[key]

    def str(
        self,
        key: builtins.str,
        *,
        required: builtins.bool = True,
        default: builtins.str | None = None,
    ) -> Any:
        value = self._get(key, required)
        if value is None:
            return default
        if not isinstance(value, str) or not value.strip():
            raise self.error(key, "expected a non-empty text value")
        return value.strip()

    def number(
        self, key: builtins.str, *, required: builtins.bool = True, default: float | None = None
    ) -> Any:
        value = self._get(key, required)
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.error(key, f"expected a number, got {type(value).__name__}")
        return float(value)

    def int(
        self,
        key: builtins.str,
        *,
        required: builtins.bool = True,
        default: builtins.int | None = None,
    ) -> Any:
        value = self._get(key, required)
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.error(key, f"expected a whole number, got {value!r}")
        return value

    def bool(self, key: builtins.str, *, default: builtins.bool = False) -> builtins.bool:
        value = self._get(key, False)
        if value is None:
            return default
        if not isinstance(value, bool):
            raise self.error(key, "expected true or false")
        return value

    def date(self, key: builtins.str, *, required: builtins.bool = True) -> Any:
        value = self._get(key, required)
        if value is None:
            return None
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        if isinstance(value, str):
            try:
                return date.fromisoformat(value)
            except ValueError:
                pass
        raise self.error(key, f"expected a date like 2026-12-18, got {value!r}")

    def datetime(self, key: builtins.str, *, required: builtins.bool = False) -> datetime | None:
        """Aware UTC; a local datetime without offset is read as UTC, a date as 23:59 UTC."""
        value = self._get(key, required)
        if value is None:
            return None
        if isinstance(value, str):
            try:
                value = datetime.fromisoformat(value)
            except ValueError:
                raise self.error(key, f"expected a date-time, got {value!r}") from None
        if isinstance(value, datetime):
            return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
        if isinstance(value, date):
            return datetime(value.year, value.month, value.day, 23, 59, tzinfo=UTC)
        raise self.error(key, f"expected a date-time, got {value!r}")

    def list(
        self,
        key: builtins.str,
        item_type: type | tuple[type, ...],
        *,
        required: builtins.bool = False,
    ) -> builtins.list[Any]:
        value = self._get(key, required)
        if value is None:
            return []
        if not isinstance(value, list) or not all(
            isinstance(v, item_type) and not isinstance(v, bool) for v in value
        ):
            raise self.error(key, "expected a list of " + getattr(item_type, "__name__", "values"))
        return value

    def table(self, key: builtins.str, *, required: builtins.bool = True) -> Reader:
        value = self._get(key, required)
        if value is None:
            value = {}
        if not isinstance(value, dict):
            raise self.error(key, "expected a table")
        return Reader(self.text, self.filename, value, self._full(key))

    def tables(self, key: builtins.str, *, required: builtins.bool = True) -> builtins.list[Reader]:
        value = self._get(key, required)
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            raise self.error(key, "expected an array of tables ([[...]])")
        return [
            Reader(self.text, self.filename, item, f"{self._full(key)}[{i}]")
            for i, item in enumerate(value)
        ]

    def finish(self) -> None:
        """Reject keys nobody asked for: a typo must not be silently ignored."""
        for key in self.data:
            if key not in self._used:
                raise self.error(key, f"unknown key {key!r}")
