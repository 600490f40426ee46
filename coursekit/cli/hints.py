"""The command line's words for a problem's hint: which option or command to use.

Services and readers say *what* the user can do (``domain.problems.HintKind``) and which
input it concerns (``field``); this module is the one place that spells it as CLI options.
The TUI words the same hints with its keys (``coursekit.tui.hints``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from coursekit.domain.problems import HintKind, ProblemCode

if TYPE_CHECKING:
    # annotations only: every command imports this module at start-up and most need no
    # import rules (domain.imports, ≈ 20 ms)
    from coursekit.domain.imports import RowIssue
    from coursekit.services.context import ServiceError


class Problem(Protocol):
    """A service error or a row issue: what went wrong, which input, what to do."""

    @property
    def code(self) -> ProblemCode: ...
    @property
    def field(self) -> str | None: ...
    @property
    def hint(self) -> HintKind | None: ...


# a field as the services name it -> the option that gives it, where the two differ
_OPTIONS: dict[str, str] = {"links": "--link", "new_rows": "--new", "mapping": "--map"}


def option_for(field: str) -> str:
    """The CLI option that gives the service input ``field``."""
    return _OPTIONS.get(field, "--" + field.replace("_", "-"))


def hint_text(hint: HintKind | None, field: str | None = None, row: int | None = None) -> str:
    """What to do, as a suffix to the problem's message ("" without a hint)."""
    match hint:
        case None:
            return ""
        case HintKind.FIX_VALUE:
            return f" (check {option_for(field)})" if field else ""
        case HintKind.MAP_COLUMN:
            return f' (use --map "Header={field}")' if field else " (or use --map)"
        case HintKind.FORCE:
            return ", or use --force to let the file win"
        case HintKind.OVERWRITE:
            return " (use --force to overwrite)"
        case HintKind.SETTLE_DECISION:
            return ": settle each with --link ROW=STUDENT or --new ROW"
        case HintKind.LINK_ROW:
            return f"; link the row with --link {row if row is not None else 'ROW'}=STUDENT"
        case HintKind.PICK_COURSE:
            return "; pick one with --course"
        case HintKind.LIST_COURSES:
            return " (see `coursekit courses`)"
        case HintKind.CREATE_COURSE:
            return ": run `coursekit init syllabi/<course>.toml`"
        case HintKind.INCLUDE_DROPPED:
            return "; attach with --include-dropped to store it anyway"
        case HintKind.CANVAS_LOGIN:
            return ": run `coursekit canvas login --url URL --canvas-course ID`"
        case HintKind.MERGE_STUDENTS:
            return " (if they are one person, see `coursekit doctor`)"


def error_line(exc: ServiceError) -> str:
    """A service error as the CLI prints it: the message and what to do."""
    return exc.message + hint_text(exc.hint, exc.field)


def issue_text(issue: RowIssue) -> str:
    """A row issue's message with what to do (without its location)."""
    return issue.message + hint_text(issue.hint, issue.field, issue.row)


def issue_line(issue: RowIssue) -> str:
    """A row issue as one line: where, the message and what to do."""
    return str(issue) + hint_text(issue.hint, issue.field, issue.row)


def problem_json(problem: Problem) -> dict[str, str | None]:
    """The structured part of a problem for ``--json`` output."""
    return {
        "code": problem.code.value,
        "field": problem.field,
        "hint": problem.hint.value if problem.hint is not None else None,
    }
