"""Unexpected errors: the traceback goes to an owner-only log file, the user gets one line.

A traceback can quote student data (SQL parameters, cell values), so it is never printed;
it is written to ``<data dir>/logs/error-<UTC time>-<pid>.log`` (folder 0700, file 0600)
for the instructor to read or send.
"""

from __future__ import annotations

import os
import traceback
from datetime import UTC, datetime
from pathlib import Path


def log_folder() -> Path:
    from coursekit.config import default_data_dir

    return default_data_dir() / "logs"


def write_crash_log(exc: BaseException, folder: Path | None = None) -> Path | None:
    """Write ``exc``'s traceback to a new 0600 file; None if even that fails."""
    folder = folder or log_folder()
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    path = folder / f"error-{stamp}-{os.getpid()}.log"
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(f"coursekit error at {stamp}\n")
            handle.write("".join(traceback.format_exception(exc)))
    except OSError:
        return None
    return path


def unexpected_error_line(exc: BaseException) -> str:
    path = write_crash_log(exc)
    where = f"details in {path}" if path else "the error log could not be written"
    return f"unexpected error ({type(exc).__name__}); {where}"
