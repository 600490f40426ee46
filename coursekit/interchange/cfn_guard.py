"""Analyse a student's template without letting a parser bug reach the user as a traceback.

``domain.cfn`` reports every parse problem it knows as ``parse_error``; an input it does
not expect (the issue-16 fuzz run found ``!!bool maybe`` → KeyError and a JSON integer of
more than 4,300 digits → ValueError) must still end as one line naming the file. The
message carries the exception's type only: its text could quote the template.
"""

from __future__ import annotations

from coursekit.domain.cfn import TemplateAnalysis, analyze_template


def analyze_untrusted(data: str | bytes, name: str) -> TemplateAnalysis:
    try:
        return analyze_template(data, name)
    except (RecursionError, MemoryError):
        return TemplateAnalysis(name, (), (), f"{name}: too deeply nested or too large to analyse")
    except Exception as exc:  # a parser gap: one line, no template content
        return TemplateAnalysis(
            name, (), (), f"{name}: the template could not be analysed ({type(exc).__name__})"
        )
