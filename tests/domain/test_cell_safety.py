"""Formula-trigger escaping for csv cells and XML cleaning for xlsx cells."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coursekit.domain.cell_safety import (
    escape,
    escape_cell,
    has_xml_illegal,
    needs_escape,
    unescape,
    xml_text,
)

DANGEROUS = {  # test id: text
    "hyperlink": '=HYPERLINK("http://x","y")',
    "plus": "+1",
    "minus": "-2",
    "at": "@SUM(A1)",
    "tab-equals": "\t=1+1",
    "cr-equals": "\r=1+1",
    "lf-equals": "\n=1+1",
    "nul-equals": "\x00=1",
    "fullwidth-equals": "＝1+1",
    "fullwidth-plus": "＋1",
    "fullwidth-minus": "－1",
    "fullwidth-at": "＠SUM(A1)",
    "spaces-equals": "   =1+1",  # leading spaces do not hide the trigger
    "quote": "'quoted",  # already starts with the escape character
}
HARMLESS = {
    "name": "Ada Lovelace",
    "apostrophe": "O'Brien, Pat",
    "digits": "1937925",
    "empty": "",
    "leading-space": " plain",
    "equals-inside": "a=b",
    "accent": "José",
}


@pytest.mark.parametrize("text", list(DANGEROUS.values()), ids=list(DANGEROUS))
def test_dangerous_text_gets_a_leading_quote(text: str) -> None:
    assert needs_escape(text)
    assert escape(text) == "'" + text
    assert unescape(escape(text)) == text


@pytest.mark.parametrize("text", list(HARMLESS.values()), ids=list(HARMLESS))
def test_harmless_text_is_left_alone(text: str) -> None:
    assert escape(text) == text


def test_numbers_stay_numbers() -> None:
    assert escape_cell(-2) == -2
    assert escape_cell(-2.5) == -2.5
    assert escape_cell(None) is None
    assert escape_cell("-2") == "'-2"


@given(st.text())
def test_escape_is_reversible_and_never_leaves_a_trigger(text: str) -> None:
    escaped = escape(text)
    assert unescape(escaped) == text
    first = escaped.lstrip(" ")[:1]
    assert first not in set("=+-@\t\r\n\x00＝＋－＠")


def test_xml_text_removes_only_illegal_characters() -> None:
    assert xml_text("a\x00b\x07c\x1fd\tE\nF\rG") == "abcd\tE\nF\rG"
    assert xml_text("\ufffeok\uffff") == "ok"
    assert has_xml_illegal("x\x0by") and not has_xml_illegal("x\ty")
    assert xml_text("Zoë 🎓") == "Zoë 🎓"
