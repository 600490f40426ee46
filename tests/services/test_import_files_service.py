"""``inspect_file``: what the import wizard learns about a file before planning."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from coursekit.domain.enums import ImportKind
from coursekit.services.context import ServiceError
from coursekit.services.importing.import_files import inspect_file

ROSTERS = Path(__file__).resolve().parents[2] / "rosters"


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("comp529-roster.xlsx", ImportKind.ROSTER),
        ("comp529-gradebook.csv", ImportKind.GRADEBOOK),
        ("comp529-credits.csv", ImportKind.CREDITS),
        ("comp529-practice.csv", ImportKind.PRACTICE),
    ],
)
def test_the_sample_files_are_recognised(ctx: Any, name: str, kind: ImportKind) -> None:
    facts = inspect_file(ctx, ROSTERS / name)
    assert facts.kind == kind
    assert facts.sheets == (("Roster",) if name.endswith(".xlsx") else ())


def test_a_roster_behind_another_sheet_is_found(ctx: Any, tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "Read me"
    book.active.append(["nothing to see"])
    hidden = book.create_sheet("Old")
    hidden.append(["Student Number", "Name"])
    hidden.sheet_state = "hidden"
    roster = book.create_sheet("Students")
    roster.append(["Student Number", "Name", "Email"])
    roster.append(["0001", "Ada Lovelace", "ada@uni.edu"])
    path = tmp_path / "book.xlsx"
    book.save(path)
    facts = inspect_file(ctx, path)
    assert facts.sheets == ("Read me", "Students")  # hidden sheets are not offered
    assert (facts.kind, facts.sheet, facts.guessed) == (ImportKind.ROSTER, "Students", True)
    asked = inspect_file(ctx, path, sheet="Read me")
    assert (asked.kind, asked.sheet, asked.guessed) == (None, "Read me", False)


def test_unreadable_files_raise_one_line(ctx: Any, tmp_path: Path) -> None:
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"plain text, not a workbook")
    with pytest.raises(ServiceError) as raised:
        inspect_file(ctx, bad)
    assert str(raised.value) == (
        "bad.xlsx: not an xlsx file (no zip signature): the file is damaged or is not a spreadsheet"
    )
    with pytest.raises(ServiceError, match=r"^missing\.csv: no such file$"):
        inspect_file(ctx, tmp_path / "missing.csv")
