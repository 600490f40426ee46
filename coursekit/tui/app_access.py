"""``CourseHost``: what screens and widgets use of the running app; ``course_app(node)``.

Screens and widgets depend on this leaf module, never on ``coursekit.tui.app``: the app
imports the screens it opens, so a screen importing the app would close an import cycle
(an import-linter contract in ``pyproject.toml`` keeps it out). ``CoursekitApp`` satisfies
the protocol structurally; ``coursekit.cli.build_app`` has mypy check that it does. The
``CourseAppAccess`` mixin gives a screen or widget the same as ``ck`` and ``ctx``.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Protocol, cast

from textual.dom import DOMNode

if TYPE_CHECKING:
    from coursekit.domain.records import RosterRow
    from coursekit.services.context import ServiceContext


class CourseHost(Protocol):
    """The coursekit app as its screens see it: services, the course, the clock, reloads."""

    ctx: ServiceContext

    @property
    def course_code(self) -> str | None:
        """The course every screen shows (a reactive on the app: screens watch it)."""

    def now(self) -> datetime:
        """The instant views are computed for (pinned in tests and snapshots)."""

    def today(self) -> date: ...

    def data_changed(self) -> None:
        """Call after a service changed data: views reload."""

    def open_student(self, enrollment_id: int, row: RosterRow | None = None) -> None:
        """Push the student screen."""


def course_app(node: DOMNode) -> CourseHost:
    """``node.app`` as ``CourseHost``: Textual types it as ``App[Any]``, but every coursekit
    widget and screen runs inside the one ``CoursekitApp``."""
    return cast("CourseHost", node.app)


class CourseAppAccess:
    """Mixin for a coursekit screen or widget (a ``DOMNode``): ``ck``, the app, and
    ``ctx``, its service context."""

    @property
    def ck(self) -> CourseHost:
        return course_app(cast("DOMNode", self))

    @property
    def ctx(self) -> ServiceContext:
        return self.ck.ctx
