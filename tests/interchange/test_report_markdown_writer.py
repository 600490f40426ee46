"""The Markdown report writer: tables, and untrusted text rendered as plain text."""

from __future__ import annotations

import stat
from pathlib import Path

from markdown_it import MarkdownIt

from coursekit.domain.report_model import Column, ColumnType, Report, Role, Sheet, split_by_section
from coursekit.interchange.report_markdown import md_text, render_markdown, write_markdown

NASTY = [
    '=HYPERLINK("http://x","y")',
    "[click](http://evil.example)",
    "![img](http://evil.example/x.png)",
    "<script>alert(1)</script>",
    "www.evil.example",
    "jdoe@example.edu",
    "a | b",
    "*bold* _it_ `code`",
    "line\nbreak",
    "&lt;entity&gt;",
]


def renderer() -> MarkdownIt:
    return MarkdownIt("gfm-like", {"linkify": True}).enable("table")


def sample(names: list[str]) -> Report:
    columns = (
        Column("name", "Student", role=Role.NAME),
        Column("id", "Student ID", role=Role.STUDENT_ID),
        Column("section", "Section", role=Role.SECTION),
        Column("score", "Score %", ColumnType.PERCENT),
    )
    rows = [(n, f"{i}", "A" if i % 2 else "B", 90.0 - i) for i, n in enumerate(names)]
    every = Sheet("All", columns, rows, notes=("A note.",))
    return Report(
        "t",
        "Grades [COMP529]",
        (every, *split_by_section(every, ["All"])),
        "All",
        meta=(("course", "COMP529"),),
    )


def test_table_and_metadata(tmp_path: Path) -> None:
    out = write_markdown(sample(["Ada", "Grace"]), tmp_path / "r.md")
    text = out.read_text()
    assert text.startswith("# Grades \\[COMP529\\]\n")
    assert "- course: COMP529" in text
    assert "| Student | Student ID | Section | Score % |" in text
    assert "|---|---|---|---:|" in text
    assert "| Ada | 0 | B | 90 |" in text
    assert "## All\n" in text
    assert "## A\n" not in text and "## B\n" not in text  # section copies are xlsx-only
    assert "_A note._" in text
    assert stat.S_IMODE(out.stat().st_mode) == 0o600


def test_untrusted_text_renders_as_plain_text() -> None:
    html = renderer().render(render_markdown(sample(NASTY)))
    assert "<a " not in html
    assert "<img" not in html
    assert "<script" not in html
    assert "<strong>" not in html and "<code>" not in html
    assert html.count("<em>") == 1  # the sheet's note, nothing from the data
    # one table row per student: the pipe in "a | b" did not split the cell
    assert html.count("<tr>") == len(NASTY) + 1
    for name in NASTY:
        assert renderer().renderInline(md_text(name)) == _html_escape(" ".join(name.split("\n")))


def test_untrusted_text_at_the_start_of_a_line_is_no_heading() -> None:
    # a student sheet's note and a template report's summary stand alone on their line
    html = renderer().render(md_text("# Drop the class") + "\n")
    assert html == "<p># Drop the class</p>\n"


def _html_escape(text: str) -> str:
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )
