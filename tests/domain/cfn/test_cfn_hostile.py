"""Hostile input: every case is a TemplateError with the file name, never a hang,
an expansion, an object construction or a RecursionError.

The size check runs before any parsing and aliases are refused while
composing, so these stay fast by construction; no timings are asserted.
"""

from __future__ import annotations

import pytest

from coursekit.domain.cfn import (
    MAX_DEPTH,
    MAX_TEMPLATE_BYTES,
    TemplateError,
    analyze_template,
    parse_template,
)

BILLION_LAUGHS = """\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
"""

pytestmark = pytest.mark.usefixtures("yaml_backend")


def _error(text: str | bytes, name: str = "evil.yaml") -> TemplateError:
    with pytest.raises(TemplateError) as info:
        parse_template(text, name)
    assert info.value.filename == name
    assert str(info.value).startswith(name)
    return info.value


def test_billion_laughs_is_refused_at_the_first_anchor() -> None:
    err = _error(BILLION_LAUGHS)
    assert err.line == 1
    assert "anchors are not allowed" in err.message


def test_recursive_alias() -> None:
    assert "anchors are not allowed" in _error("a: &a [*a]\n").message


def test_alias_without_anchor() -> None:
    assert "aliases are not allowed" in _error("a: 1\nb: *x\n").message


def test_anchor_on_a_mapping_is_refused_too() -> None:
    assert "anchors" in _error("Resources: &r\n  A: {Type: X}\n").message


@pytest.mark.parametrize(
    "text",
    [
        'a: !!python/object/apply:os.system ["echo hacked"]\n',
        "a: !!python/object:builtins.dict {}\n",
        "a: !!python/name:os.system\n",
    ],
    ids=["object-apply-os-system", "object-builtins-dict", "name-os-system"],
)
def test_python_tags_are_refused(text: str) -> None:
    assert "unknown tag" in _error(text).message


@pytest.mark.parametrize("tag", ["!!binary", "!!set", "!!timestamp", "!!python/tuple"])
def test_unknown_global_tags_are_refused(tag: str) -> None:
    err = _error(f"A: 1\nB: {tag} x\n")
    assert err.line == 2
    assert "unknown tag" in err.message


def test_duplicate_keys_yaml() -> None:
    err = _error("Resources:\n  A:\n    Type: X\n    Type: Y\n")
    assert err.line == 4
    assert err.message == "duplicate key 'Type'"


def test_duplicate_keys_json() -> None:
    err = _error('{\n "Resources": {},\n "Resources": {}\n}', "evil.json")
    assert err.line == 3
    assert err.message == "duplicate key 'Resources'"


def test_duplicate_keys_in_flow_yaml() -> None:
    assert "duplicate key" in _error("{a: 1, a: 2}").message


def test_merge_keys_are_refused() -> None:
    assert "merge keys" in _error("a: 1\n<<: {b: 2}\n").message


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("[" * 5000 + "]" * 5000, "deep.yaml"),
        ("{a: " * 5000 + "1" + "}" * 5000, "deep.yaml"),
        ('{"a": ' * 5000 + "1" + "}" * 5000, "deep.json"),
        ("[" * 5000 + "]" * 5000, "deep.json"),
        ("a:\n" + "".join(" " * i + "a:\n" for i in range(1, 400)), "deep.yaml"),
        ("- " * 5000 + "x\n", "deep.yaml"),
        ("[" * 900_000, "deep.yaml"),  # unbalanced, within the size limit
    ],
    ids=[
        "yaml-flow-lists-5000",
        "yaml-flow-maps-5000",
        "json-objects-5000",
        "json-arrays-5000",
        "yaml-block-maps-400",
        "yaml-block-lists-5000",
        "yaml-unbalanced-900k",
    ],
)
def test_deep_nesting(text: str, name: str) -> None:
    err = _error(text, name)
    assert f"nesting deeper than {MAX_DEPTH} levels" in err.message


def test_fifty_megabytes_is_refused_before_parsing() -> None:
    huge = "a: " + "x" * (50 * 1024 * 1024)
    err = _error(huge)
    assert "limit" in err.message
    err = _error(huge.encode())
    assert "limit" in err.message


def test_size_limit_counts_bytes_for_multibyte_text() -> None:
    text = "a: " + "€" * (MAX_TEMPLATE_BYTES // 3 + 10)  # fewer chars than bytes
    assert "limit" in _error(text).message


def test_not_utf8() -> None:
    err = _error(b"A: 1\nB: \xff\xfe\n")
    assert err.line == 2
    assert "UTF-8" in err.message


def test_control_characters() -> None:
    assert "invalid character U+0000" in _error("A: 1\nB: \x00\n").message


def test_huge_integer() -> None:
    assert "invalid value" in _error("A: 1" + "0" * 5000 + "\n").message


def test_analyze_returns_parse_errors_instead_of_raising() -> None:
    analysis = analyze_template(BILLION_LAUGHS, "evil.yaml")
    assert analysis.parse_error == "evil.yaml:1: YAML anchors are not allowed (&a)"
    assert analysis.resources == ()
    assert analysis.findings == ()
    assert not analysis.ok
