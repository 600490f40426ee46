"""Atomic, owner-only file output: a reader never sees half a report, nobody else reads it.

The content goes to a temporary ``.NAME.*.part`` file in the target's directory (so the
final ``os.replace`` is a rename on one file system), is flushed to disk, optionally
verified, made 0600 and renamed over the target; the directory entry is then synced.
On any error the temporary file is removed and the target is left as it was.

A process killed mid-write cannot remove its ``.part`` file, and it may hold student
data: every temporary file is recorded in a journal (``<data dir>/pending/``) while it
exists, and ``clean_stale_parts()`` (run at every CLI start) removes those whose
writer is gone.

Targets that are symbolic links, pipes, devices or folders are refused: a report or a
backup is never written *through* a link to somewhere the user did not name, and a
FIFO would block forever.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TextIO

OWNER_ONLY = stat.S_IRUSR | stat.S_IWUSR  # 0600


class UnsafeOutput(OSError):
    """The output path is a link or a special file: ``filename`` and ``strerror`` say why."""


def check_output_target(target: Path) -> None:
    """Refuse a symbolic link, folder, pipe or device as an output file."""
    try:
        info = os.lstat(target)
    except FileNotFoundError:
        return
    if stat.S_ISLNK(info.st_mode):
        raise UnsafeOutput(
            errno.ELOOP, "is a symbolic link; refusing to write through it", str(target)
        )
    if stat.S_ISDIR(info.st_mode):
        raise UnsafeOutput(errno.EISDIR, "is a folder, not a file", str(target))
    if not stat.S_ISREG(info.st_mode):
        raise UnsafeOutput(errno.EINVAL, "is a pipe or device, not a regular file", str(target))


def check_input_file(path: Path) -> None:
    """Refuse a pipe or device as an input (opening a FIFO blocks forever)."""
    info = os.stat(path)  # FileNotFoundError for the caller
    if stat.S_ISDIR(info.st_mode):
        raise UnsafeOutput(errno.EISDIR, "is a folder, not a file", str(path))
    if not stat.S_ISREG(info.st_mode):
        raise UnsafeOutput(errno.EINVAL, "is a pipe or device, not a regular file", str(path))


@contextlib.contextmanager
def atomic_path(target: Path, *, verify: Callable[[Path], None] | None = None) -> Iterator[Path]:
    """Yield a temporary path next to ``target``; on success (and after ``verify(tmp)``,
    which raises to refuse) it replaces ``target``.

    The caller (or a library such as XlsxWriter) writes the temporary path by name.
    """
    target = Path(target)
    check_output_target(target)
    directory = target.parent if str(target.parent) else Path(".")
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=directory)
    os.close(fd)
    tmp = Path(name)
    entry = _journal_add(tmp)
    try:
        yield tmp
        _fsync_file(tmp)
        if verify is not None:
            verify(tmp)
        os.chmod(tmp, OWNER_ONLY)
        check_output_target(target)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    finally:
        _journal_remove(entry)
    _fsync_dir(directory)


@contextlib.contextmanager
def atomic_text(target: Path, *, newline: str | None = None) -> Iterator[TextIO]:
    """An open text file (utf-8) that atomically becomes ``target`` when the block ends."""
    with atomic_path(target) as tmp, open(tmp, "w", encoding="utf-8", newline=newline) as fh:
        yield fh


# ---- the journal of temporary files --------------------------------------------------------


def journal_dir() -> Path:
    from coursekit.config import default_data_dir

    return default_data_dir() / "pending"


def _journal_add(tmp: Path) -> Path | None:
    """Record ``tmp`` (best effort: a journal that cannot be written never stops a write)."""
    folder = journal_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, name = tempfile.mkstemp(prefix=f"{os.getpid()}-", suffix=".entry", dir=folder)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(str(tmp.resolve()))
    except OSError:
        return None
    return Path(name)


def _journal_remove(entry: Path | None) -> None:
    if entry is not None:
        with contextlib.suppress(OSError):
            entry.unlink()


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def clean_stale_parts(folder: Path | None = None) -> list[Path]:
    """Remove the ``.part`` files of writers that died; returns what was removed."""
    folder = folder or journal_dir()
    removed: list[Path] = []
    try:
        entries = list(folder.glob("*.entry"))
    except OSError:
        return removed
    for entry in entries:
        try:
            pid = int(entry.name.split("-", 1)[0])
        except ValueError:
            continue
        if _alive(pid):
            continue
        with contextlib.suppress(OSError):
            part = Path(entry.read_text(encoding="utf-8").strip())
            # only ever a file this module names: ``.NAME.xxxx.part``, never a link
            if part.name.startswith(".") and part.name.endswith(".part"):
                info = os.lstat(part)
                if stat.S_ISREG(info.st_mode):
                    part.unlink()
                    removed.append(part)
        with contextlib.suppress(OSError):
            entry.unlink()
    return removed


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
