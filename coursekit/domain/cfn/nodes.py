"""Containers that remember the source line of themselves and their members.

The parsers build these instead of plain ``dict``/``list`` so findings can point
at a line. They compare equal to plain containers, so rules can ignore them.
"""

from __future__ import annotations

from typing import Any


class NodeDict(dict[Any, Any]):
    """A mapping from a template; ``key_lines`` maps each key to its line."""

    __slots__ = ("key_lines", "line")

    def __init__(self, line: int | None = None) -> None:
        super().__init__()
        self.line = line
        self.key_lines: dict[Any, int] = {}


class NodeList(list[Any]):
    """A sequence from a template; ``item_lines[i]`` is the line of item ``i``."""

    __slots__ = ("item_lines", "line")

    def __init__(self, line: int | None = None) -> None:
        super().__init__()
        self.line = line
        self.item_lines: list[int | None] = []


class OpaqueNode(NodeDict):
    """A value under a tag CloudFormation does not define (``!Rain::Embed x``).

    Kept as ``{tag: value}`` so the rest of the template is still analysed; a
    tool outside CloudFormation must expand it before a deploy.
    """

    __slots__ = ("tag",)

    def __init__(self, tag: str, line: int | None = None) -> None:
        super().__init__(line)
        self.tag = tag


def line_of_member(container: Any, key: Any) -> int | None:
    """The line of ``container[key]`` when the parser recorded it."""
    if isinstance(container, NodeDict):
        return container.key_lines.get(key, container.line)
    if isinstance(container, NodeList) and isinstance(key, int):
        if 0 <= key < len(container.item_lines):
            return container.item_lines[key]
        return container.line
    return None
