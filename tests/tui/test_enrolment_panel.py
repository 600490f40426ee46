"""The dashboard's Enrolment panel tells sections apart however long their names are:
a class merged from a university roster ("COMP529 Section 001") and a gradebook of
another department's section ("MATH 140") once showed two rows "COMP529 Sect"."""

from __future__ import annotations

from types import SimpleNamespace
from typing import cast

from coursekit.domain.dashboard import Dashboard, SectionCount
from coursekit.tui.screens.dashboard_panels import enrolment_panel


def _panel(*sections: tuple[str, int]) -> list[str]:
    board = SimpleNamespace(
        active=sum(n for _, n in sections),
        dropped=1,
        sections=tuple(SectionCount(name, n, 0) for name, n in sections),
    )
    return enrolment_panel(cast(Dashboard, board)).plain.splitlines()


def test_sections_named_after_the_course_are_shown_as_the_tables_show_them() -> None:
    lines = _panel(("COMP529 Section 001", 20), ("COMP529 Section 002", 19), ("MATH 140", 3))
    assert lines[0] == "42 active · 1 dropped"
    labels = [line.split("█")[0].rstrip() for line in lines[1:]]
    assert labels == ["Section 001 20", "Section 002 19", "MATH 140     3"]


def test_a_shared_prefix_is_said_once_above_the_bars() -> None:
    lines = _panel(("Tuesday evening lab A", 10), ("Tuesday evening lab B", 12))
    assert lines[1] == "sections Tuesday evening lab …"
    assert lines[2].startswith("A ") and lines[3].startswith("B ")
