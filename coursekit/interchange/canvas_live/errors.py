"""The one error the Canvas adapter raises."""

from __future__ import annotations


class CanvasError(Exception):
    """A one-line, user-facing problem talking to Canvas (never holds the token
    or a response body, which may carry student data)."""
