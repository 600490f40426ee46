"""``course_app(node)``: the running app with the attributes coursekit gives it."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.dom import DOMNode

if TYPE_CHECKING:
    from coursekit.tui.app import CoursekitApp


def course_app(node: DOMNode) -> CoursekitApp:
    """``node.app`` as ``CoursekitApp``: Textual types it as ``App[Any]``, but every coursekit
    widget and screen runs inside the one ``CoursekitApp``."""
    return cast("CoursekitApp", node.app)
