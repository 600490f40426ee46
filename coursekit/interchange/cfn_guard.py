"""Analyse a student's template without letting a parser bug reach the user as a traceback.

``domain.cfn`` reports every parse problem it knows as ``parse_error``; an input it does
not expect (the issue-16 fuzz run found ``!!bool maybe`` → KeyError and a JSON integer of
more than 4,300 digits → ValueError) must still end as one line naming the file. The
message carries the exception's type only: its text could quote the template.
"""

from __future__ import annotations

from dataclasses import fields, is_dataclass, replace
from typing import Any

from coursekit.domain.cfn import TemplateAnalysis, analyze_template


def analyze_untrusted(
    data: str | bytes, name: str, *, size: int | None = None, target: str = "export"
) -> TemplateAnalysis:
    """``analyze_template`` that always returns; NUL characters in what it found (a JSON
    ``\u0000`` escape) become U+FFFD, since PostgreSQL text cannot hold them."""
    try:
        analysis = analyze_template(data, name, size=size, target=target)
        cleaned: TemplateAnalysis = _without_nul(analysis)  # same dataclass, NULs replaced
        return _one_line(cleaned)
    except (RecursionError, MemoryError):
        return TemplateAnalysis(name, (), (), f"{name}: too deeply nested or too large to analyse")
    except Exception as exc:  # a parser gap: one line, no template content
        return TemplateAnalysis(
            name, (), (), f"{name}: the template could not be analysed ({type(exc).__name__})"
        )


def _without_nul(value: Any) -> Any:
    if isinstance(value, str):
        return value.replace("\x00", "\ufffd") if "\x00" in value else value
    if isinstance(value, tuple):
        return tuple(_without_nul(v) for v in value)
    if isinstance(value, list):
        return [_without_nul(v) for v in value]
    if isinstance(value, dict):
        return {_without_nul(k): _without_nul(v) for k, v in value.items()}
    if is_dataclass(value) and not isinstance(value, type):
        changed = {f.name: _without_nul(getattr(value, f.name)) for f in fields(value) if f.init}
        return replace(value, **changed)
    return value


def _one_line(analysis: TemplateAnalysis) -> TemplateAnalysis:
    """A parse error may quote a key holding a line break (the fuzz run found
    ``duplicate key '\\n'``): escape control characters so it stays one line."""
    error = analysis.parse_error
    if error is None or error.isprintable():
        return analysis
    shown = "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in error)
    return replace(analysis, parse_error=shown)
