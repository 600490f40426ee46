"""Untrusted text for display: ``rich.text.Text`` (never markup), control characters made visible.

Student names, e-mails and every imported string go through :func:`literal` before they reach a
widget. Textual parses markup in plain ``str`` given to Static/Label/notify, so ``[/bold]`` would
crash the app and ``[link=…]`` would become a link; a ``Text`` is shown as typed. Control characters
(ESC, BEL, CR…) and bidi overrides would corrupt the terminal or reorder the line, so they are
replaced by a visible placeholder.
"""

from __future__ import annotations

import re
import unicodedata

from rich.text import Text

REPLACEMENT = "\N{REPLACEMENT CHARACTER}"
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f")


def clean(value: object) -> str:
    """``value`` as one display line: ``None`` → ``""``, control characters → U+FFFD.

    One character for one, so the spans of a ``Text`` built on it stay valid.
    """
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    if text.isprintable():
        return text
    return "".join(
        REPLACEMENT
        if ch in _BIDI_CONTROLS or unicodedata.category(ch) in ("Cc", "Zl", "Zp")
        else ch
        for ch in text
    )


def literal(value: object, style: str = "") -> Text:
    """A ``Text`` showing ``value`` exactly as typed (no markup), on one line."""
    return Text(clean(value), style=style, no_wrap=True, end="")


_COURSE_PREFIX = re.compile(r"^[A-Za-z]{2,}[ -]?\d{2,}[A-Za-z]?\s+(?=\S)")


def section_label(section: str) -> str:
    """A section as narrow tables show it: without a leading course code ("COMP529 Section
    001" → "Section 001"); the screen title already names the course."""
    return _COURSE_PREFIX.sub("", section, count=1)
