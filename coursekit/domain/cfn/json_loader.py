"""A JSON reader that rejects duplicate keys and deep nesting and keeps key lines.

The standard library's C scanner cannot report where keys are, so objects are
parsed by a small copy of ``json.decoder.JSONObject`` that records each key's
offset; arrays and scalars still use the stock pure-Python scanner.
"""

from __future__ import annotations

import bisect
import json
import json.decoder
import json.scanner
import re
from collections.abc import Callable
from typing import Any

from .errors import MAX_DEPTH, MAX_NODES, TemplateError, value_error_message
from .nodes import NodeDict, NodeList

_WS = json.decoder.WHITESPACE.match  # type: ignore[attr-defined]
_stock_scanstring = json.decoder.scanstring  # type: ignore[attr-defined]
_BAD_CHAR = re.compile("[\x00\ud800-\udfff]")


class _BadString(ValueError):
    def __init__(self, offset: int, char: str) -> None:
        super().__init__(offset, char)
        self.offset = offset
        self.char = char


def _scanstring(s: str, end: int, strict: bool = True) -> tuple[str, int]:
    """The stock scanner, refusing NUL and lone surrogates (``"\\u0000"``, ``"\\ud800"``)."""
    value, new_end = _stock_scanstring(s, end, strict)
    bad = _BAD_CHAR.search(value)
    if bad is not None:
        raise _BadString(end, bad.group(0))
    return value, new_end


class _LineDecoder(json.JSONDecoder):
    def __init__(self, text: str, filename: str) -> None:
        super().__init__(strict=False)
        self.filename = filename
        self._newlines = [m.start() for m in re.finditer("\n", text)]
        self._depth = 0
        self._nodes = 0
        self.parse_object = self._parse_object
        self.parse_array = self._parse_array
        self.parse_string = _scanstring
        self.scan_once = json.scanner.py_make_scanner(self)  # type: ignore[attr-defined]

    def line(self, offset: int) -> int:
        return bisect.bisect_left(self._newlines, offset) + 1

    def _count(self, offset: int, values: int) -> None:
        self._nodes += values
        if self._nodes > MAX_NODES:
            raise TemplateError(
                self.filename, self.line(offset), f"more than {MAX_NODES:,} values in one template"
            )

    def _enter(self, offset: int) -> None:
        self._count(offset, 1)
        self._depth += 1
        if self._depth > MAX_DEPTH:
            raise TemplateError(
                self.filename, self.line(offset), f"nesting deeper than {MAX_DEPTH} levels"
            )

    def _parse_array(
        self, s_and_end: tuple[str, int], scan_once: Callable[..., Any]
    ) -> tuple[NodeList, int]:
        end = s_and_end[1]
        self._enter(end)
        try:
            values, new_end = json.decoder.JSONArray(s_and_end, scan_once)  # type: ignore[attr-defined]
        finally:
            self._depth -= 1
        self._count(end, len(values))
        result = NodeList(self.line(end - 1))
        result.extend(values)
        result.item_lines.extend([None] * len(values))
        return result, new_end

    def _parse_object(
        self,
        s_and_end: tuple[str, int],
        strict: bool,
        scan_once: Callable[..., Any],
        *_hooks: Any,
    ) -> tuple[NodeDict, int]:
        s, end = s_and_end
        self._enter(end)
        try:
            return self._object_body(s, end, strict, scan_once)
        finally:
            self._depth -= 1

    def _object_body(
        self, s: str, end: int, strict: bool, scan_once: Callable[..., Any]
    ) -> tuple[NodeDict, int]:
        result = NodeDict(self.line(end - 1))
        end = _WS(s, end).end()
        if s[end : end + 1] == "}":
            return result, end + 1
        while True:
            if s[end : end + 1] != '"':
                raise json.JSONDecodeError(
                    "Expecting property name enclosed in double quotes", s, end
                )
            key_line = self.line(end)
            key, end = _scanstring(s, end + 1, strict)
            end = _WS(s, end).end()
            if s[end : end + 1] != ":":
                raise json.JSONDecodeError("Expecting ':' delimiter", s, end)
            end = _WS(s, end + 1).end()
            try:
                value, end = scan_once(s, end)
            except StopIteration as err:
                raise json.JSONDecodeError("Expecting value", s, err.value) from None
            if key in result:
                raise TemplateError(self.filename, key_line, f"duplicate key '{key}'")
            result[key] = value
            result.key_lines[key] = key_line
            self._count(end, 1)
            end = _WS(s, end).end()
            nextchar = s[end : end + 1]
            end += 1
            if nextchar == "}":
                return result, end
            if nextchar != ",":
                raise json.JSONDecodeError("Expecting ',' delimiter", s, end - 1)
            end = _WS(s, end).end()


def _fill_item_lines(decoder: _LineDecoder, value: Any) -> None:
    """Arrays get their own line only; items inherit it (JSONArray hides offsets)."""
    stack = [value]
    while stack:
        node = stack.pop()
        if isinstance(node, NodeList):
            node.item_lines[:] = [decoder.line(0) if node.line is None else node.line] * len(node)
            stack.extend(node)
        elif isinstance(node, NodeDict):
            stack.extend(node.values())


def load_json(text: str, filename: str) -> Any:
    """Parse a JSON template; raise TemplateError (with a line) on any problem."""
    decoder = _LineDecoder(text, filename)
    try:
        value, end = decoder.raw_decode(text, _WS(text, 0).end())
        end = _WS(text, end).end()
        if end != len(text):
            raise json.JSONDecodeError("Extra data", text, end)
    except json.JSONDecodeError as exc:
        raise TemplateError(filename, exc.lineno, f"invalid JSON: {exc.msg}") from None
    except RecursionError:
        raise TemplateError(filename, None, "template is nested too deeply") from None
    except _BadString as exc:
        kind = "a NUL character" if exc.char == "\x00" else "a lone surrogate"
        raise TemplateError(
            filename, decoder.line(exc.offset), f"{kind} (U+{ord(exc.char):04X}) in a value"
        ) from None
    except ValueError as exc:  # a 5,000-digit integer
        if isinstance(exc, TemplateError):
            raise
        raise TemplateError(filename, None, value_error_message(exc)) from None
    _fill_item_lines(decoder, value)
    return value
