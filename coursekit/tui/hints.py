"""The TUI's words for a problem's hint: the key or control that does it here.

Services and readers say *what* the user can do (``domain.problems.HintKind``); the CLI
spells it as options (``coursekit.cli.hints``), this module as the keys the TUI binds
(import wizard ``m`` map column, the preview's "Let the file win" checkbox, enter on a
decision, ``s`` switch course). Where the TUI has no such action it says so plainly and
names the command that has it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from coursekit.domain.imports import RowIssue
from coursekit.domain.problems import HintKind

if TYPE_CHECKING:  # the hints are worded without loading the services (startup time)
    from coursekit.services.context import ServiceError


def hint_text(hint: HintKind | None, field: str | None = None) -> str:
    """What to do in the TUI, as a suffix to the problem's message ("" without a hint)."""
    match hint:
        case None:
            return ""
        case HintKind.FIX_VALUE:
            return f" (check {field.replace('_', ' ')})" if field else ""
        case HintKind.MAP_COLUMN:
            return f" (press m to map a column to {field})" if field else " (press m to map it)"
        case HintKind.FORCE:
            return ", or tick 'Let the file win' in the preview and apply again"
        case HintKind.OVERWRITE:
            return (
                " (the TUI does not fill the registrar's sheet; "
                "`coursekit report final-grades --force` overwrites)"
            )
        case HintKind.SETTLE_DECISION:
            return ": settle each with enter on its row of the Decisions tab"
        case HintKind.LINK_ROW:
            return (
                " (the TUI cannot link such a row to a stored student; "
                "the CLI's `coursekit import … --link ROW=STUDENT` can)"
            )
        case HintKind.PICK_COURSE:
            return "; press s to switch to one of them"
        case HintKind.LIST_COURSES:
            return " (press s to see the courses)"
        case HintKind.CREATE_COURSE:
            return ": create one with 'New course' in the command palette (ctrl+p)"
        case HintKind.INCLUDE_DROPPED:
            return (
                " (the TUI does not attach templates for dropped students; "
                "`coursekit checklist attach --include-dropped` does)"
            )
        case HintKind.CANVAS_LOGIN:
            return (
                " (the TUI has no Canvas login; run `coursekit canvas login --url URL "
                "--canvas-course ID` in a terminal)"
            )
        case HintKind.MERGE_STUDENTS:
            return " (if they are one person, merge them: r for the Roster, highlight one, M)"


def error_text(exc: ServiceError) -> str:
    """A service error as the TUI shows it: the message and what to do here."""
    return exc.message + hint_text(exc.hint, exc.field)


def issue_text(issue: RowIssue) -> str:
    """A row issue's message with what to do here (without its location)."""
    return issue.message + hint_text(issue.hint, issue.field)
