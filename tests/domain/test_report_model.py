"""Report model rules: pseudonyms, anonymisation, small-group suppression, sheet names."""

from __future__ import annotations

import re

from coursekit.domain.report_model import (
    MIN_GROUP,
    ColorScale,
    Column,
    ColumnType,
    Pseudonyms,
    Report,
    Role,
    Sheet,
    anonymise,
    filter_section,
    pseudonym,
    sheet_name,
    split_by_section,
)

KEY = b"k" * 32


def students_sheet() -> Sheet:
    columns = (
        Column("name", "Student", role=Role.NAME),
        Column("id", "Student ID", role=Role.STUDENT_ID),
        Column("email", "Email", role=Role.EMAIL),
        Column("section", "Section", role=Role.SECTION),
        Column("file", "Template file", role=Role.FREE_TEXT),
        Column("score", "Score %", ColumnType.PERCENT),
    )
    rows = [
        ("Lovelace, Ada", "00012345", "ada@uni.edu", "A", "ada.yaml", 91.0),
        ("Hopper, Grace", "00067890", "grace@uni.edu", "B", "grace.yaml", 78.5),
    ]
    return Sheet("All", columns, rows, conditional_formats=(ColorScale(("score", "email")),))


def summary_sheet() -> Sheet:
    columns = (
        Column("section", "Section"),
        Column("n", "Students", ColumnType.INTEGER),
        Column("mean", "Mean %", ColumnType.PERCENT),
    )
    return Sheet(
        "Sections",
        columns,
        [("A", 9, 80.0), ("B", MIN_GROUP, 70.0)],
        per_student=False,
        group_size="n",
        suppress=("mean",),
    )


def test_pseudonym_is_keyed_stable_and_never_shows_digit_runs() -> None:
    first = pseudonym("00012345", KEY)
    assert first == pseudonym("00012345", KEY)
    assert first != pseudonym("00012345", b"other key")
    assert re.fullmatch(r"S-(\d[A-Z]){4}", first)
    assert not re.search(r"\d\d", first)


def test_collisions_get_a_longer_pseudonym(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import coursekit.domain.report_model as rm

    real = rm.pseudonym

    def fake(sid: str, key: bytes, length: int = 8) -> str:
        return "S-SAME" if length == 8 else real(sid, key, length)

    monkeypatch.setattr(rm, "pseudonym", fake)
    alias = Pseudonyms(KEY)
    a, b = alias("1"), alias("2")
    assert a == "S-SAME" and b != a and len(b) == 2 + 10
    assert alias("1") == a


def test_anonymise_removes_identifiers_and_sorts_by_pseudonym() -> None:
    report = Report(
        "grades", "t", (students_sheet(), summary_sheet()), "All", meta=(("course", "C"),)
    )
    anon = anonymise(report, KEY)
    sheet = anon.sheet("All")
    assert [c.header for c in sheet.columns] == ["Student (pseudonym)", "Section", "Score %"]
    names = [r[0] for r in sheet.rows]
    assert names == sorted(names)
    assert set(names) == {pseudonym("00012345", KEY), pseudonym("00067890", KEY)}
    flat = repr(sheet.rows)
    for secret in ("Ada", "Grace", "uni.edu", "yaml", "1234", "6789"):
        assert secret not in flat
    assert [f.columns for f in sheet.conditional_formats] == [("score",)]
    assert anon.anonymised and ("anonymised", "yes") in anon.meta


def test_small_groups_lose_their_statistics() -> None:
    anon = anonymise(Report("g", "t", (summary_sheet(),), "Sections"), KEY)
    rows = anon.sheet("Sections").rows
    assert rows == [("A", 9, None), ("B", MIN_GROUP, 70.0)]
    assert any("smaller than 10" in n for n in anon.sheet("Sections").notes)


def test_sections_split_and_filter() -> None:
    sheet = students_sheet()
    parts = split_by_section(sheet, taken=["All"])
    assert [(p.name, len(p.rows), p.section_copy) for p in parts] == [
        ("A", 1, True),
        ("B", 1, True),
    ]
    assert [r[0] for r in filter_section(sheet, "B").rows] == ["Hopper, Grace"]


def test_sheet_names_are_excel_safe_and_unique() -> None:
    assert sheet_name("Sec: A/B [x]*?'") == "Sec_ A_B _x____"
    assert sheet_name("a" * 40) == "a" * 31
    assert sheet_name("all", ["All"]) == "all (2)"
    assert sheet_name("history") == "History_"
    assert sheet_name("  ") == "Sheet"
