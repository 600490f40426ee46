"""Canvas itself, over its REST API (canvasapi): the connection, what a pull
reads (returned as the same records the spreadsheet readers produce) and what a
push writes. Errors are ``CanvasError`` with one line that never holds the token."""

from coursekit.interchange.canvas_live.errors import CanvasError

__all__ = ["CanvasError"]
