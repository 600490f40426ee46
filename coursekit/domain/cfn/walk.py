"""Traversal helpers: resources (incl. ``Fn::ForEach`` bodies) and scalar sites."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from .nodes import line_of_member

PathPart = str | int
Path = tuple[PathPart, ...]

#: ``${Name}`` (not ``${!Literal}``). The body excludes braces and ``$`` and is
#: possessive, so a scan from one ``${`` stops at the next one: linear in the
#: text even for 100,000 unclosed ``${`` in a row.
_PSEUDO_OR_VAR = re.compile(r"\$\{(?!!)[^{}$]*+\}")

#: Sections that only document the template; nothing there breaks a deploy.
_DOC_SECTIONS = frozenset({"AWSTemplateFormatVersion", "Description", "Metadata"})
#: Parameter/output keys holding help text or validation regexes, not values.
_DOC_KEYS = frozenset({"Description", "ConstraintDescription", "AllowedPattern"})


def format_path(path: Path) -> str:
    """``("Resources", "A", "Tags", 0)`` -> ``Resources.A.Tags[0]``."""
    out: list[str] = []
    for part in path:
        if isinstance(part, int):
            out.append(f"[{part}]")
        else:
            out.append(("." if out else "") + str(part))
    return "".join(out)


@dataclass(frozen=True, slots=True)
class ResourceSite:
    """A resource body found under ``Resources`` (possibly inside a ForEach)."""

    logical_id: str
    type: Any  # normally a str; anything when the template is malformed
    body: Any
    path: Path
    line: int | None


def iter_resources(resources: Any, base: Path = ("Resources",)) -> Iterator[ResourceSite]:
    """Yield resources; ``Fn::ForEach`` bodies are yielded with templated ids."""
    if not isinstance(resources, dict):
        return
    for key, body in resources.items():
        name = str(key)
        line = line_of_member(resources, key)
        if name.startswith("Fn::ForEach::") and isinstance(body, list) and len(body) == 3:
            yield from iter_resources(body[2], (*base, name, 2))
            continue
        rtype = body.get("Type") if isinstance(body, dict) else None
        yield ResourceSite(name, rtype, body, (*base, name), line)


@dataclass(frozen=True, slots=True)
class Site:
    """One scalar value with its location and owner."""

    value: Any
    path: Path
    line: int | None
    section: str
    resource: str | None  # logical id, or the section name outside Resources


def _walk(node: Any, path: Path, line: int | None) -> Iterator[tuple[Any, Path, int | None]]:
    stack: list[tuple[Any, Path, int | None]] = [(node, path, line)]
    while stack:
        value, where, at = stack.pop()
        if isinstance(value, dict):
            for key in reversed(list(value)):
                stack.append((value[key], (*where, str(key)), line_of_member(value, key)))
        elif isinstance(value, list):
            for index in range(len(value) - 1, -1, -1):
                stack.append((value[index], (*where, index), line_of_member(value, index)))
        else:
            yield value, where, at


def iter_sites(template: dict[str, Any]) -> Iterator[Site]:
    """Every scalar worth checking (documentation sections and keys skipped)."""
    for section, content in template.items():
        name = str(section)
        start = line_of_member(template, section)
        if name in _DOC_SECTIONS:
            continue
        if name == "Resources":
            for res in iter_resources(content):
                for value, path, at in _walk(res.body, res.path, res.line):
                    yield Site(value, path, at, name, res.logical_id)
            continue
        for value, path, at in _walk(content, (name,), start):
            if name in ("Parameters", "Outputs") and len(path) == 3 and path[2] in _DOC_KEYS:
                continue
            yield Site(value, path, at, name, name)


def strip_substitutions(text: str) -> str:
    """Replace ``${...}`` with ``${}`` so ``${AWS::Region}`` no longer has colons."""
    return _PSEUDO_OR_VAR.sub("${}", text)


def is_constant(value: Any) -> bool:
    """True when a property value is a literal (or an intrinsic that adds nothing).

    ``!Sub 'name'`` without ``${...}`` and ``!Join`` of literals are literals too.
    """
    if value is None or isinstance(value, str | int | float | bool):
        return True
    if isinstance(value, dict) and len(value) == 1:
        ((fn, arg),) = value.items()
        if fn == "Fn::Sub":
            text = arg[0] if isinstance(arg, list) and arg else arg
            return isinstance(text, str) and _PSEUDO_OR_VAR.search(text) is None
        if fn == "Fn::Join" and isinstance(arg, list) and len(arg) == 2:
            parts = arg[1]
            return isinstance(parts, list) and all(is_constant(p) for p in parts)
    return False


def constant_text(value: Any) -> str | None:
    """The literal text of a constant value (None if it is not constant)."""
    if not is_constant(value):
        return None
    if isinstance(value, dict):
        ((fn, arg),) = value.items()
        if fn == "Fn::Sub":
            return str(arg[0] if isinstance(arg, list) else arg)
        sep, parts = arg
        return str(sep).join(constant_text(p) or "" for p in parts)
    if value is None:
        return None
    return str(value)
