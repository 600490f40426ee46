"""A locked-down YAML loader for CloudFormation templates.

Composition runs in Python (``yaml.composer.Composer``) so it can be
intercepted; scanning and parsing use libyaml's ``CParser`` when PyYAML has it
(about 2.5x faster) and the pure-Python ``SafeLoader`` otherwise:

* anchors and aliases are rejected while composing, before anything is
  expanded, so "billion laughs" and recursive aliases never grow;
* the CloudFormation short-form tags and the core scalar/collection tags are
  accepted; any other local tag (``!Rain::Embed``) becomes an ``OpaqueNode``
  that is reported but not interpreted; ``!!python/...`` and every other
  global tag is an error;
* NUL characters and lone surrogates in scalars (``"\\0"``, ``"\\ud800"``)
  are errors: no database or terminal downstream can hold them;
* duplicate keys and ``<<`` merge keys are errors;
* nesting deeper than ``MAX_DEPTH`` is an error (checked while composing, so
  the recursive composer/constructor never reach Python's recursion limit);
* timestamps stay strings (``AWSTemplateFormatVersion: 2010-09-09``).

Plain YAML 1.1 still turns ``no`` into ``False`` and ``0777`` into ``511``:
consumers must never assume a scalar is a ``str``.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, cast

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.events import AliasEvent, Event, NodeEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.parser import Parser
from yaml.resolver import Resolver

from .errors import MAX_DEPTH, MAX_NODES, TemplateError, value_error_message
from .nodes import NodeDict, NodeList, OpaqueNode

_CORE = "tag:yaml.org,2002:"
_MERGE_TAG = _CORE + "merge"

#: Short-form tag -> long-form key. ``Ref`` and ``Condition`` stay bare.
SHORT_FORMS: dict[str, str] = {
    "!Ref": "Ref",
    "!Condition": "Condition",
    **{
        f"!{name}": f"Fn::{name}"
        for name in (
            "Sub",
            "GetAtt",
            "If",
            "Select",
            "GetAZs",
            "Join",
            "FindInMap",
            "Base64",
            "ImportValue",
            "Split",
            "Equals",
            "And",
            "Or",
            "Not",
            "Cidr",
            "Transform",
            "ToJsonString",
            "Length",
            # Rules-section functions.
            "Contains",
            "EachMemberEquals",
            "EachMemberIn",
            "RefAll",
            "ValueOf",
            "ValueOfAll",
        )
    },
}

#: Characters no scalar may hold (a NUL, or half of a surrogate pair).
_BAD_CHAR = re.compile("[\x00\ud800-\udfff]")

_ALLOWED_TAGS = frozenset(
    {*SHORT_FORMS, *(_CORE + t for t in ("str", "int", "float", "bool", "null", "seq", "map"))}
)


def _is_local(tag: str) -> bool:
    """``!Name`` tags (kept as opaque nodes); ``!!x`` expands to ``tag:yaml.org,2002:x``."""
    return tag.startswith("!") and len(tag) > 1


def _line(node: Node) -> int:
    return node.start_mark.line + 1


if TYPE_CHECKING:
    # What the mixin's ``self`` and ``super()`` are in both loaders; at run time the
    # loaders supply these classes themselves, after ``_Guards`` in the MRO.
    class _LoaderParts(Parser, Composer, SafeConstructor):
        def peek_event(self) -> Event: ...  # untyped in the PyYAML stubs

else:
    _LoaderParts = object


class _Guards(_LoaderParts):
    """The checks shared by both loaders; must precede ``Composer`` in the MRO."""

    filename: str
    _depth: int
    _nodes: int

    def _fail(self, line: int | None, message: str) -> TemplateError:
        return TemplateError(self.filename, line, message)

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        # Composer calls compose_node only when the next event starts a node.
        event = cast(NodeEvent, self.peek_event())
        line = event.start_mark.line + 1 if event.start_mark is not None else None
        if isinstance(event, AliasEvent):
            raise self._fail(line, f"YAML aliases are not allowed (*{event.anchor})")
        if event.anchor is not None:
            raise self._fail(line, f"YAML anchors are not allowed (&{event.anchor})")
        tag = getattr(event, "tag", None)
        if tag not in (None, "!") and tag not in _ALLOWED_TAGS and not _is_local(tag):
            raise self._fail(line, f"unknown tag '{tag}'")
        self._nodes += 1
        if self._nodes > MAX_NODES:
            raise self._fail(line, f"more than {MAX_NODES:,} values in one template")
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise self._fail(line, f"nesting deeper than {MAX_DEPTH} levels")
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_scalar(self, node: ScalarNode | MappingNode) -> Any:
        value = super().construct_scalar(node)
        if isinstance(value, str):
            bad = _BAD_CHAR.search(value)
            if bad is not None:
                kind = "a NUL character" if bad.group(0) == "\x00" else "a lone surrogate"
                raise self._fail(_line(node), f"{kind} (U+{ord(bad.group(0)):04X}) in a value")
        return value


class CfnLoader(_Guards, yaml.SafeLoader):
    """Pure-Python loader; build with ``CfnLoader(text, filename)``."""

    def __init__(self, stream: str, filename: str) -> None:
        yaml.SafeLoader.__init__(self, stream)
        self.filename = filename
        self._depth = 0
        self._nodes = 0

    def fetch_flow_collection_start(self, token_class: Any) -> None:
        # Checked in the scanner too: it keeps one possible key per open
        # bracket, so a megabyte of "[" would cost quadratic time before composing.
        super().fetch_flow_collection_start(token_class)
        if self.flow_level > MAX_DEPTH:
            raise self._fail(self.line + 1, f"nesting deeper than {MAX_DEPTH} levels")


CfnCLoader: type | None = None
if yaml.__with_libyaml__:  # pragma: no branch
    from yaml._yaml import CParser  # what yaml.cyaml builds its loaders on

    class CfnCLoader(_Guards, Composer, CParser, SafeConstructor, Resolver):  # type: ignore[no-redef]
        """libyaml events, Python composition with the same guards."""

        def __init__(self, stream: str, filename: str) -> None:
            CParser.__init__(self, stream)
            SafeConstructor.__init__(self)
            Resolver.__init__(self)
            Composer.__init__(self)
            self.filename = filename
            self._depth = 0
            self._nodes = 0


def _construct_map(loader: Any, node: MappingNode) -> NodeDict:
    result = NodeDict(_line(node))
    for key_node, value_node in node.value:
        line = _line(key_node)
        if key_node.tag == _MERGE_TAG:
            raise loader._fail(line, "merge keys ('<<') are not supported by CloudFormation")
        if (
            not isinstance(key_node, ScalarNode)
            or key_node.tag in SHORT_FORMS
            or _is_local(str(key_node.tag))
        ):
            raise loader._fail(line, "mapping keys must be plain scalars")
        key = loader.construct_object(key_node, deep=True)
        if key in result:
            raise loader._fail(line, f"duplicate key '{key}'")
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = line
    return result


def _construct_seq(loader: Any, node: SequenceNode) -> NodeList:
    result = NodeList(_line(node))
    for child in node.value:
        result.append(loader.construct_object(child, deep=True))
        result.item_lines.append(_line(child))
    return result


def _construct_short_form(loader: Any, node: Node) -> NodeDict:
    key = SHORT_FORMS[str(node.tag)]
    value: Any
    if isinstance(node, ScalarNode):
        value = loader.construct_scalar(node)
        if key == "Fn::GetAtt":
            # !GetAtt A.B.C -> [A, "B.C"]: attribute names may contain dots.
            logical_id, _, attribute = str(value).partition(".")
            value = NodeList(_line(node))
            value.extend([logical_id, attribute])
            value.item_lines.extend([_line(node), _line(node)])
    elif isinstance(node, SequenceNode):
        value = _construct_seq(loader, node)
    else:
        value = _construct_map(loader, node)  # type: ignore[arg-type]
    result = NodeDict(_line(node))
    result[key] = value
    result.key_lines[key] = _line(node)
    return result


def _construct_opaque(loader: Any, suffix: str, node: Node) -> OpaqueNode:
    tag = "!" + suffix
    value: Any
    if isinstance(node, ScalarNode):
        value = loader.construct_scalar(node)
    elif isinstance(node, SequenceNode):
        value = _construct_seq(loader, node)
    else:
        value = _construct_map(loader, node)  # type: ignore[arg-type]
    result = OpaqueNode(tag, _line(node))
    result[tag] = value
    result.key_lines[tag] = _line(node)
    return result


_Guards.yaml_multi_constructors = {"!": _construct_opaque}
_Guards.yaml_constructors = {
    **SafeConstructor.yaml_constructors,
    _CORE + "map": _construct_map,
    _CORE + "seq": _construct_seq,
    **dict.fromkeys(SHORT_FORMS, _construct_short_form),
}
# Timestamps and the odd "=" value tag stay strings; everything else as SafeLoader.
_Guards.yaml_implicit_resolvers = {  # type: ignore[attr-defined]
    first: [
        (tag, regexp)
        for tag, regexp in resolvers
        if tag not in (_CORE + "timestamp", _CORE + "value")
    ]
    for first, resolvers in Resolver.yaml_implicit_resolvers.items()
}

#: The loader ``load_yaml`` uses unless told otherwise (tests run both).
DEFAULT_LOADER: type = CfnCLoader or CfnLoader


def load_yaml(text: str, filename: str, loader_class: type | None = None) -> Any:
    """Parse one YAML document; raise TemplateError with a line on any problem."""
    loader: Any = None
    try:
        loader = (loader_class or DEFAULT_LOADER)(text, filename)
        return loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = str(exc.problem or exc.context or "invalid YAML")
        if "nesting depth" in problem:  # libyaml's own limit (1000) can trip first
            problem = f"nesting deeper than {MAX_DEPTH} levels"
            raise TemplateError(filename, line, problem) from None
        raise TemplateError(filename, line, f"invalid YAML: {problem}") from None
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, max(exc.position, 0)) + 1
        raise TemplateError(
            filename, line, f"invalid character U+{exc.character:04X} in YAML"
        ) from None
    except yaml.YAMLError as exc:
        raise TemplateError(filename, None, f"invalid YAML: {exc}") from None
    except TemplateError:
        raise
    except KeyError:  # !!bool maybe; the value is template content, so it is not quoted
        raise TemplateError(filename, None, "a value is invalid for its tag") from None
    except (ValueError, TypeError, OverflowError) as exc:  # e.g. a 5,000-digit integer
        raise TemplateError(filename, None, value_error_message(exc)) from None
    finally:
        if loader is not None:
            loader.dispose()
