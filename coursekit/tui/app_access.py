"""``course_app(node)``: the running app with the attributes coursekit gives it; the
``CourseAppAccess`` mixin gives a screen or widget the same as ``ck`` and ``ctx``."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.dom import DOMNode

if TYPE_CHECKING:
    from coursekit.services.context import ServiceContext
    from coursekit.tui.app import CoursekitApp


def course_app(node: DOMNode) -> CoursekitApp:
    """``node.app`` as ``CoursekitApp``: Textual types it as ``App[Any]``, but every coursekit
    widget and screen runs inside the one ``CoursekitApp``."""
    return cast("CoursekitApp", node.app)


class CourseAppAccess:
    """Mixin for a coursekit screen or widget (a ``DOMNode``): ``ck``, the app, and
    ``ctx``, its service context."""

    @property
    def ck(self) -> CoursekitApp:
        return course_app(cast("DOMNode", self))

    @property
    def ctx(self) -> ServiceContext:
        return self.ck.ctx
