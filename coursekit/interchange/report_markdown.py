"""Write a ``Report`` as Markdown (GitHub-flavoured tables).

Untrusted text is neutralised for Markdown renderers: the punctuation that
starts links, images, emphasis, HTML, entities, code or table cells
(``[ ] ! < > & * _ ` | ~ $ \\``), ``@`` (e-mail autolinks) and the ``:`` of ``://``
and ``.`` of ``www.`` (URL autolinks) are backslash-escaped, so
``[x](http://evil)`` or ``www.evil.com`` render as plain text, never a link;
line breaks inside a cell become spaces and control characters are dropped.
Per-section copies of a sheet are left out (they repeat the class sheet's rows).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

from coursekit.domain.report_model import NUMERIC_TYPES, Report, Sheet
from coursekit.interchange.atomic import atomic_path
from coursekit.interchange.report_csv import plain_value

Progress = Callable[[int], None]
_SPECIAL = re.compile(r"([\\`*_\[\]<>|#!&~$@])")
_AUTOLINK = re.compile(r"(?i)(?<=www)\.|:(?=//)")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_BREAKS = re.compile(r"[\t\r\n]+")


def md_text(text: str) -> str:
    """``text`` as inert Markdown inline content (one line)."""
    text = _CONTROL.sub("", text)
    text = _BREAKS.sub(" ", text)
    text = _SPECIAL.sub(r"\\\1", text)
    return _AUTOLINK.sub(lambda match: "\\" + match.group(0), text)


def _lines(report: Report) -> Iterator[str]:
    yield f"# {md_text(report.title)}"
    yield ""
    for key, value in report.meta:
        yield f"- {md_text(key)}: {md_text(value)}"
    for sheet in report.sheets:
        if sheet.section_copy:
            continue
        yield ""
        yield from _sheet_lines(sheet)


def _sheet_lines(sheet: Sheet) -> Iterator[str]:
    yield f"## {md_text(sheet.name)}"
    yield ""
    columns = sheet.columns
    if not sheet.rows:
        yield "_No rows._"
    else:
        yield "| " + " | ".join(md_text(c.header) for c in columns) + " |"
        yield "|" + "|".join("---:" if c.type in NUMERIC_TYPES else "---" for c in columns) + "|"
        for row in sheet.rows:
            cells = []
            for column, value in zip(columns, row, strict=True):
                text = plain_value(column, value)
                numeric = column.type in NUMERIC_TYPES and isinstance(value, (int, float))
                cells.append(text if numeric else md_text(text))
            yield "| " + " | ".join(cells) + " |"
    for note in sheet.notes:
        yield ""
        yield f"_{md_text(note)}_"


def render_markdown(report: Report) -> str:
    return "\n".join(_lines(report)) + "\n"


def write_markdown(report: Report, path: Path, *, progress: Progress | None = None) -> Path:
    """Write ``report`` to ``path`` atomically (0600)."""
    with atomic_path(path) as tmp, open(tmp, "w", encoding="utf-8", newline="\n") as fh:
        for count, line in enumerate(_lines(report), start=1):
            fh.write(line)
            fh.write("\n")
            if progress is not None and count % 2_000 == 0:
                progress(2_000)  # about one line per row
    return path
