"""Find SQL in service modules: statement builders imported from SQLAlchemy or
SQLModel, and calls that run statements (``.execute(``, ``.exec(`` …).

Services own the use case and the transaction; every query lives in
``coursekit/db/queries/``. Allowed in a service: the ``Session``, ``Connection``
and ``Engine`` types, exception classes, and anything imported only for typing
(under ``if TYPE_CHECKING:``). Each finding is ``path:line: what``.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from pathlib import Path

SQL_MODULES = ("sqlalchemy", "sqlmodel")
ALLOWED_NAMES = frozenset({"Session", "Connection", "Engine"})
RUNS_SQL = frozenset({"execute", "exec", "exec_driver_sql", "scalar", "scalars", "scalar_one"})


def _is_sql_module(name: str | None) -> bool:
    return name is not None and name.split(".")[0] in SQL_MODULES


def _allowed(module: str, name: str) -> bool:
    return (
        name in ALLOWED_NAMES
        or module.startswith("sqlalchemy.exc")
        or name.endswith(("Error", "Exception"))
    )


def _typing_only(tree: ast.Module) -> set[int]:
    """Line numbers of the statements under ``if TYPE_CHECKING:``."""
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If):
            test = node.test
            name = test.id if isinstance(test, ast.Name) else getattr(test, "attr", None)
            if name == "TYPE_CHECKING":
                for stmt in node.body:
                    lines.update(range(stmt.lineno, (stmt.end_lineno or stmt.lineno) + 1))
    return lines


def scan_source(source: str, path: str) -> list[str]:
    """The findings in one module's source."""
    tree = ast.parse(source, filename=path)
    typing_only = _typing_only(tree)
    found: list[str] = []
    for node in ast.walk(tree):
        if getattr(node, "lineno", None) in typing_only:
            continue
        if isinstance(node, ast.ImportFrom) and _is_sql_module(node.module):
            module = node.module or ""
            for alias in node.names:
                if not _allowed(module, alias.name):
                    found.append(f"{path}:{node.lineno}: imports {alias.name} from {module}")
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if _is_sql_module(alias.name) and not alias.name.startswith("sqlalchemy.exc"):
                    found.append(f"{path}:{node.lineno}: imports {alias.name}")
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in RUNS_SQL
        ):
            found.append(f"{path}:{node.lineno}: calls .{node.func.attr}(")
    return sorted(found, key=lambda f: (f.split(":")[0], int(f.split(":")[1])))


def scan_packages(root: Path, packages: Iterable[str]) -> list[str]:
    """The findings in every module under each package (paths relative to ``root``)."""
    found: list[str] = []
    for package in packages:
        for module in sorted((root / package).rglob("*.py")):
            found += scan_source(module.read_text(encoding="utf-8"), str(module.relative_to(root)))
    return found
