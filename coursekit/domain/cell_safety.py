"""Cell values that no spreadsheet will run: formula-trigger escaping and XML cleaning.

CSV (reference/data-safety.md): a text cell whose first non-space character is
``= + - @``, TAB, CR, LF, NUL or the full-width ``＝ ＋ － ＠`` gets a leading
``'``; so does a cell that already starts with ``'``, which makes the escape
reversible (``unescape(escape(s)) == s`` for every string). Numbers are never
escaped: ``-2`` the number stays a number, ``"-2"`` the name becomes ``'-2``.

xlsx: string cells are never formulas when written as strings, but XML 1.0 cannot
carry most C0 control characters (a file containing them will not open), so
they are removed (``xml_text``).
"""

from __future__ import annotations

import re

FORMULA_TRIGGERS = frozenset("=+-@\t\r\n\x00＝＋－＠")
QUOTE = "'"

# XML 1.0 Char: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def needs_escape(text: str) -> bool:
    """True when a spreadsheet could read ``text`` as a formula (or it starts with ``'``)."""
    if not text:
        return False
    if text[0] == QUOTE:
        return True
    stripped = text.lstrip(" ")
    return bool(stripped) and stripped[0] in FORMULA_TRIGGERS


def escape(text: str) -> str:
    """The csv form of a text cell: ``'`` prepended when ``needs_escape``."""
    return QUOTE + text if needs_escape(text) else text


def unescape(text: str) -> str:
    """Undo ``escape``: drop one leading ``'``."""
    return text[1:] if text.startswith(QUOTE) else text


def escape_cell(value: object) -> object:
    """``escape`` for strings; any other value (numbers, None) comes back unchanged."""
    return escape(value) if isinstance(value, str) else value


def xml_text(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot hold (C0 controls but TAB/LF/CR,
    lone surrogates, U+FFFE/U+FFFF)."""
    return _XML_ILLEGAL.sub("", text) if _XML_ILLEGAL.search(text) else text


def has_xml_illegal(text: str) -> bool:
    return _XML_ILLEGAL.search(text) is not None
