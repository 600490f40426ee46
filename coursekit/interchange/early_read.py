"""Reads begun ahead of need, in a background thread, each taken once by its key.

``spreadsheet.start_reading`` uses it so that an xlsx file's inspection and its reader
child (python-calamine parsing the sheet in another process, on another core) run while
the command that will need the sheet is still importing its modules and opening the
database. The thread mostly waits on the child's pipe (no GIL held).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

T = TypeVar("T")


class EarlyRead(threading.Thread, Generic[T]):
    """One read running in a daemon thread: ``result`` waits for it and returns its value
    or raises its exception, as the call itself would have."""

    def __init__(self, read: Callable[[], T]) -> None:
        super().__init__(name="coursekit-early-read", daemon=True)
        self._read = read
        self._value: T | None = None
        self._error: BaseException | None = None

    def run(self) -> None:
        try:
            self._value = self._read()
        except BaseException as exc:  # handed to the caller of result()
            self._error = exc

    def result(self) -> T:
        self.join()
        if self._error is not None:
            error, self._error = self._error, None
            raise error
        assert self._value is not None
        return self._value


_STARTED: dict[Hashable, EarlyRead[object]] = {}
_LOCK = threading.Lock()


def start(key: Hashable, read: Callable[[], object]) -> None:
    """Run ``read`` in the background unless a read under ``key`` is already waiting."""
    with _LOCK:
        if key in _STARTED:
            return
        early: EarlyRead[object] = EarlyRead(read)
        _STARTED[key] = early
    early.start()


def pending() -> bool:
    """Whether any read is waiting to be taken."""
    return bool(_STARTED)


def take(key: Hashable) -> EarlyRead[object] | None:
    """The read started under ``key`` (once), or ``None``."""
    with _LOCK:
        return _STARTED.pop(key, None)
