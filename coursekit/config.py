"""Settings: where the database lives, where syllabi are, input limits.

Resolution order for the database URL: explicit ``--db`` → ``COURSEKIT_DB`` →
a SQLite file in the platformdirs user data directory.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

APP_NAME = "coursekit"
PACKAGE_DIR = Path(__file__).resolve().parent


@dataclass(frozen=True, slots=True)
class Limits:
    """Caps applied to untrusted input files."""

    max_file_bytes: int = 50 * 1024 * 1024
    max_rows: int = 200_000
    max_columns: int = 2_000
    max_cells: int = 20_000_000
    max_zip_entries: int = 10_000
    max_uncompressed_bytes: int = 500 * 1024 * 1024
    max_compression_ratio: float = 200.0
    max_template_bytes: int = 2 * 1024 * 1024
    # the xlsx reader's child process: address-space cap and wall-clock cap
    max_reader_memory_bytes: int = 3 * 1024 * 1024 * 1024
    max_reader_seconds: float = 300.0


@dataclass(frozen=True, slots=True)
class Settings:
    db_url: str
    data_dir: Path
    syllabi_dir: Path
    actor: str = field(default_factory=lambda: os.environ.get("USER", "instructor"))
    limits: Limits = field(default_factory=Limits)


def lock_wait_ms() -> int:
    """How long a SQLite command waits for another process's write lock (an import) before
    giving up with a clear message: ``COURSEKIT_LOCK_WAIT_S`` seconds, default 30."""
    try:
        seconds = float(os.environ.get("COURSEKIT_LOCK_WAIT_S", "30"))
    except ValueError:
        seconds = 30.0
    return max(0, int(seconds * 1000))


def default_data_dir() -> Path:
    from platformdirs import user_data_path

    return Path(os.environ.get("COURSEKIT_DATA_DIR") or user_data_path(APP_NAME))


def default_syllabi_dir() -> Path:
    """Syllabi bundled in the wheel, else the source checkout's ``syllabi/``."""
    env = os.environ.get("COURSEKIT_SYLLABI")
    if env:
        return Path(env)
    bundled = PACKAGE_DIR / "syllabi"
    if bundled.is_dir():
        return bundled
    return PACKAGE_DIR.parent / "syllabi"


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def load_settings(db: str | None = None, data_dir: Path | None = None) -> Settings:
    data = data_dir or default_data_dir()
    url = db or os.environ.get("COURSEKIT_DB") or sqlite_url(data / "coursekit.sqlite3")
    if "://" not in url:  # a bare path is a SQLite file
        url = sqlite_url(Path(url).expanduser().resolve())
    return Settings(db_url=url, data_dir=data, syllabi_dir=default_syllabi_dir())
