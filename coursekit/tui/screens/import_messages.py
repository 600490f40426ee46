"""What the import wizard's steps tell their screen (messages up; the screen calls the steps'
methods, attributes down). Each step posts these from its own handlers and workers; the
screen (``import_wizard.py``) routes them: which step shows, the progress line, the next call.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from textual.message import Message

from coursekit.domain.enums import ImportKind
from coursekit.domain.imports import BatchInfo, ImportPlan

if TYPE_CHECKING:
    from coursekit.services.importing.import_files import FileFacts


@dataclass(frozen=True, slots=True)
class Source:
    """What the pick step hands on to be planned: the file, its kind and its worksheet."""

    path: Path
    kind: ImportKind
    sheet: str | None


Stage = Literal["inspect", "plan", "apply", "undo"]  # the service call a step was making


class SourceChanged(Message):
    """Another file (``"file"``), kind or worksheet was chosen: a plan's settings for the old
    one (column mapping; for another file also the decisions and options) no longer apply."""

    def __init__(self, what: Literal["file", "kind", "sheet"]) -> None:
        super().__init__()
        self.what = what


class FileInspected(Message):
    """The pick step read the file: its kind (``None`` if the header did not tell), worksheets
    and header (its columns). ``ready``: nothing is left to ask, go on to the preview."""

    def __init__(self, facts: FileFacts, *, ready: bool) -> None:
        super().__init__()
        self.facts = facts
        self.ready = ready


class PlanReady(Message):
    """The preview step planned the import and shows its preview."""

    def __init__(self, plan: ImportPlan) -> None:
        super().__init__()
        self.plan = plan


class MappingChanged(Message):
    """A column of the file was mapped (``target``, or automatic again): plan again."""

    def __init__(self, header: str, target: str | None) -> None:
        super().__init__()
        self.header = header
        self.target = target


class DecisionSettled(Message):
    """The user said which student a row is (``how`` = "link") or that it is a new one."""

    def __init__(self, row: int, how: str, student_id: str) -> None:
        super().__init__()
        self.row = row
        self.how = how
        self.student_id = student_id


class DropMissingChanged(Message):
    """ "Drop students missing from the file" was ticked or cleared: plan again."""

    def __init__(self, drop: bool) -> None:
        super().__init__()
        self.drop = drop


class ApplyStarted(Message):
    """The apply step runs the plan (after any confirmation)."""


class BatchApplied(Message):
    """The apply committed: ``batch`` is the new import batch."""

    def __init__(self, batch: BatchInfo) -> None:
        super().__init__()
        self.batch = batch


class BatchUndone(Message):
    """A batch (the one just applied or one of the past imports) was undone."""

    def __init__(self, batch: BatchInfo) -> None:
        super().__init__()
        self.batch = batch


class StepFailed(Message):
    """A service refused (unreadable file, stale plan, later batches): its one-line message."""

    def __init__(
        self, message: str, *, during: Literal["inspect", "plan", "apply", "undo"]
    ) -> None:
        super().__init__()
        self.message = message
        self.during = during
