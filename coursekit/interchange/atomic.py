"""Atomic, owner-only file output: a reader never sees half a report, nobody else reads it.

The content goes to a temporary file in the target's directory (so the final
``os.replace`` is a rename on one file system), is flushed to disk, made 0600
and renamed over the target; the directory entry is then synced. On any error
the temporary file is removed and the target is left as it was.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

OWNER_ONLY = stat.S_IRUSR | stat.S_IWUSR  # 0600


@contextlib.contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """Yield a temporary path next to ``target``; on success it replaces ``target``.

    The caller (or a library such as XlsxWriter) writes the temporary path by name.
    """
    target = Path(target)
    directory = target.parent if str(target.parent) else Path(".")
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=directory)
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        _fsync_file(tmp)
        os.chmod(tmp, OWNER_ONLY)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _fsync_dir(directory)


@contextlib.contextmanager
def atomic_text(target: Path, *, newline: str | None = None) -> Iterator[TextIO]:
    """An open text file (utf-8) that atomically becomes ``target`` when the block ends."""
    with atomic_path(target) as tmp, open(tmp, "w", encoding="utf-8", newline=newline) as fh:
        yield fh


def _fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(directory: Path) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:  # pragma: no cover - platforms without directory fds
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover
        pass
    finally:
        os.close(fd)
