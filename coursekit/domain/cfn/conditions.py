"""Which conditions hold when a template is deployed with its default parameters.

Used to tell a lab-only value that is always deployed from one reachable only
through a condition that is off by default (``!If [IsLab, LabRole, !Ref
Role]`` with ``Env: prod``): the latter is a warning naming the condition.
Three-valued: ``None`` when a condition depends on something unknown (a
parameter without a default, a pseudo parameter, an import).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .walk import Path

_MAX_DEPTH = 50  # condition chains; also stops cycles


class DefaultConditions:
    def __init__(self, template: dict[str, Any]) -> None:
        params = template.get("Parameters")
        conds = template.get("Conditions")
        self._params = params if isinstance(params, dict) else {}
        self._conds = conds if isinstance(conds, dict) else {}
        self._cache: dict[str, bool | None] = {}
        self._template = template

    def value(self, name: Any, depth: int = 0) -> bool | None:
        if not isinstance(name, str) or name not in self._conds or depth > _MAX_DEPTH:
            return None
        if name not in self._cache:
            self._cache[name] = None  # a cycle evaluates to unknown
            self._cache[name] = self._eval(self._conds[name], depth + 1)
        return self._cache[name]

    def _scalar(self, expr: Any) -> str | None:
        if isinstance(expr, bool):
            return "true" if expr else "false"
        if isinstance(expr, str | int | float):
            return str(expr)
        if isinstance(expr, dict) and set(expr) == {"Ref"}:
            spec = self._params.get(expr["Ref"])
            default = spec.get("Default") if isinstance(spec, dict) else None
            return None if default is None else self._scalar(default)
        return None

    def _eval(self, expr: Any, depth: int) -> bool | None:
        if not isinstance(expr, dict) or len(expr) != 1:
            return None
        ((fn, arg),) = expr.items()
        if fn == "Condition":
            return self.value(arg, depth)
        if fn == "Fn::Equals" and isinstance(arg, list) and len(arg) == 2:
            left, right = self._scalar(arg[0]), self._scalar(arg[1])
            return None if left is None or right is None else left == right
        if fn == "Fn::Not" and isinstance(arg, list) and len(arg) == 1:
            inner = self._eval(arg[0], depth + 1)
            return None if inner is None else not inner
        if fn in ("Fn::And", "Fn::Or") and isinstance(arg, list) and arg:
            values = [self._eval(a, depth + 1) for a in arg]
            decisive: bool = fn == "Fn::Or"  # True decides an Or, False decides an And
            if decisive in values:
                return decisive
            return None if None in values else not decisive
        return None

    def gate(self, path: Path) -> tuple[str, bool] | None:
        """``(condition, needed)`` when ``path`` is reached only through a condition
        whose default value is the opposite of ``needed``; else None."""
        node: Any = self._template
        for index, part in enumerate(path):
            if index == 2 and path[0] in ("Resources", "Outputs") and isinstance(node, dict):
                cond = node.get("Condition")
                if self.value(cond) is False:
                    return str(cond), True
            if part == "Fn::If" and isinstance(node, dict) and index + 1 < len(path):
                arg = node.get(part)
                branch = path[index + 1]
                if isinstance(arg, list) and len(arg) == 3 and branch in (1, 2):
                    needed = branch == 1
                    value = self.value(arg[0])
                    if value is not None and value != needed:
                        return str(arg[0]), needed
            node = _child(node, part)
            if node is _MISSING:
                return None
        return None


_MISSING = object()


def _child(node: Any, part: str | int) -> Any:
    if isinstance(node, dict):
        return node.get(part, _MISSING)
    if isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
        return node[part]
    return _MISSING


Gate = Callable[[Path], "tuple[str, bool] | None"]
