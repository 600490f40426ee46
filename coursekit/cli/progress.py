"""The progress bar of a long CLI command (an import, a Canvas pull or push): a
transient rich bar on stderr's console, fed by the ``progress(done, total)``
callbacks the services take."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import nullcontext
from typing import Any


def progress_bar(enabled: bool) -> Any:
    """A context manager giving a rich ``Progress``, or ``None`` when not ``enabled``."""
    if not enabled:
        return nullcontext(None)
    from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn

    return Progress(
        TextColumn("{task.description}"), BarColumn(), TaskProgressColumn(), transient=True
    )


def progress_callback(bar: Any, description: str) -> Callable[[int, int], None] | None:
    """A task on ``bar`` and the callback that advances it (``None`` without a bar);
    an unknown total (0) shows a pulsing bar."""
    if bar is None:
        return None
    task = bar.add_task(description, total=None)

    def update(done: int, total: int) -> None:
        bar.update(task, completed=done, total=total or None)

    return update
