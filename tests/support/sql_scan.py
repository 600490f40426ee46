"""Find SQL in modules that must not hold any: the `db/` layer owns every query.

``sql_findings(paths)`` parses each file (``ast``, nothing is imported) and names
``file:line`` for every import of a statement builder from SQLAlchemy or SQLModel and
every ``.execute(`` / ``.exec(`` call. Imports under ``if TYPE_CHECKING:`` are not
counted, and the allowed names (sessions, connections, engines, exception classes)
may be imported anywhere.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator
from pathlib import Path

SQL_PACKAGES = ("sqlalchemy", "sqlmodel")
SQL_CALLS = frozenset({"execute", "exec"})
ALLOWED_NAMES = frozenset({"Session", "Connection", "Engine"})


def _allowed(name: str, module: str) -> bool:
    """Plumbing and error types are fine; statement builders are not."""
    if name in ALLOWED_NAMES:
        return True
    return module.startswith("sqlalchemy.exc") or name.endswith(("Error", "Exception"))


def _is_sql_module(module: str) -> bool:
    return any(module == pkg or module.startswith(pkg + ".") for pkg in SQL_PACKAGES)


def _type_checking_lines(tree: ast.Module) -> set[int]:
    """Line numbers inside ``if TYPE_CHECKING:`` blocks."""
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If):
            test = node.test
            name = test.id if isinstance(test, ast.Name) else getattr(test, "attr", None)
            if name == "TYPE_CHECKING":
                for child in node.body:
                    for sub in ast.walk(child):
                        if hasattr(sub, "lineno"):
                            lines.add(sub.lineno)
    return lines


def findings_in_source(source: str, label: str) -> Iterator[str]:
    """``label:line: what`` for each SQL statement builder or execute call in ``source``."""
    tree = ast.parse(source, filename=label)
    typing_only = _type_checking_lines(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and _is_sql_module(node.module):
            if node.lineno in typing_only:
                continue
            for alias in node.names:
                if not _allowed(alias.name, node.module):
                    yield f"{label}:{node.lineno}: imports {alias.name} from {node.module}"
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if _is_sql_module(alias.name) and node.lineno not in typing_only:
                    yield f"{label}:{node.lineno}: imports the module {alias.name}"
        elif isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Attribute) and func.attr in SQL_CALLS:
                yield f"{label}:{node.lineno}: calls .{func.attr}("


def sql_findings(paths: Iterable[Path], root: Path) -> list[str]:
    """Every finding in the given Python files, labelled relative to ``root``."""
    out: list[str] = []
    for path in sorted(paths):
        label = path.relative_to(root).as_posix()
        out.extend(findings_in_source(path.read_text(encoding="utf-8"), label))
    return out
