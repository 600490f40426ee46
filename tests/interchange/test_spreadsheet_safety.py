"""Opening untrusted csv/xlsx files: every hostile or odd file gives one clear error
(or a warning), never a traceback or a memory blow-up. Fixture files are built here."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime
from pathlib import Path

import pytest

from coursekit.config import Limits
from coursekit.domain.imports import Severity
from coursekit.interchange.spreadsheet import SpreadsheetError, read_sheet
from support import import_files as files

make_xlsx, rewrite_zip = files.make_xlsx, files.rewrite_zip
LIMITS = Limits()


def error_of(path: Path, limits: Limits = LIMITS) -> str:
    with pytest.raises(SpreadsheetError) as caught:
        read_sheet(path, limits)
    message = str(caught.value)
    assert "\n" not in message and message.startswith(path.name)
    return message


@pytest.fixture
def simple_xlsx(tmp_path: Path) -> Path:
    return make_xlsx(
        tmp_path / "roster.xlsx",
        [
            ["Student Number", "Name", "Score", "Date"],
            ["000123", "Zoë Müller", 8.5, datetime(2026, 9, 14)],
            ["000124", "[/bold]", 10, 46280],
        ],
    )


def test_xlsx_cells_come_back_as_text(simple_xlsx: Path) -> None:
    sheet = read_sheet(simple_xlsx, LIMITS)
    assert sheet.header == ["Student Number", "Name", "Score", "Date"]
    assert sheet.rows == [
        ["000123", "Zoë Müller", "8.5", "2026-09-14"],
        ["000124", "[/bold]", "10", "46280"],
    ]
    assert sheet.row_numbers == [2, 3]
    assert sheet.format == "xlsx" and len(sheet.sha256) == 64


def test_sheet_selection(tmp_path: Path) -> None:
    path = make_xlsx(tmp_path / "two.xlsx", [["ID", "Name"], ["1", "A"]], sheet="Roster")
    assert read_sheet(path, LIMITS, sheet="Roster").rows == [["1", "A"]]
    with pytest.raises(SpreadsheetError, match=r"no sheet named 'Grades'.*Roster"):
        read_sheet(path, LIMITS, sheet="Grades")


def test_non_spreadsheet_bytes_renamed_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "grades.xlsx"
    path.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 4)
    assert "not an xlsx file" in error_of(path)


def test_old_xls_signature(tmp_path: Path) -> None:
    path = tmp_path / "grades.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    assert ".xls" in error_of(path)


def test_truncated_zip(simple_xlsx: Path, tmp_path: Path) -> None:
    data = simple_xlsx.read_bytes()
    path = tmp_path / "cut.xlsx"
    path.write_bytes(data[: len(data) // 2])
    assert "damaged or truncated" in error_of(path)


def test_zip_that_is_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "archive.xlsx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("hello.txt", "hi")
    assert "not an Excel workbook" in error_of(path)


def test_zip_bomb_ratio_and_size(simple_xlsx: Path, tmp_path: Path) -> None:
    padding = b"<!-- " + b" " * (8 * 1024 * 1024) + b" -->"
    bomb = rewrite_zip(
        simple_xlsx,
        tmp_path / "bomb.xlsx",
        "xl/styles.xml",
        lambda d: d.replace(b"?>", b"?>" + padding, 1),
    )
    assert "compression ratio" in error_of(bomb)
    small = Limits(max_uncompressed_bytes=4 * 1024 * 1024, max_compression_ratio=1e9)
    assert "MiB limit" in error_of(bomb, small)
    few = Limits(max_zip_entries=3)
    assert "entries" in error_of(simple_xlsx, few)


def test_lying_zip_sizes_are_caught(simple_xlsx: Path, tmp_path: Path) -> None:
    """An entry whose header claims fewer bytes than its data holds fails the CRC check."""
    data = bytearray(simple_xlsx.read_bytes())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as zf:
        info = zf.getinfo("xl/worksheets/sheet1.xml")
    # shrink the declared uncompressed size in the central directory and local header
    real = info.file_size.to_bytes(4, "little")
    fake = (info.file_size // 2).to_bytes(4, "little")
    assert data.count(real) >= 2
    path = tmp_path / "liar.xlsx"
    path.write_bytes(bytes(data).replace(real, fake))
    assert "damaged zip entries" in error_of(path)


def test_xml_entities_and_xxe_refused(simple_xlsx: Path, tmp_path: Path) -> None:
    doctype = (
        b'<!DOCTYPE sst [<!ENTITY a "AAAAAAAAAA"><!ENTITY b "&a;&a;&a;&a;&a;&a;">'
        b'<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    )
    path = rewrite_zip(
        simple_xlsx,
        tmp_path / "xxe.xlsx",
        "xl/sharedStrings.xml",
        lambda d: d.replace(b"?>", b"?>" + doctype, 1).replace(b">Name<", b">&b;&xxe;<"),
    )
    message = error_of(path)
    assert "DTD or XML entities" in message and "passwd" not in message


def test_forged_far_cell_is_refused_before_parsing(simple_xlsx: Path, tmp_path: Path) -> None:
    """python-calamine allocates a dense grid up to the farthest cell: refuse first."""
    far = b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>'
    path = rewrite_zip(
        simple_xlsx,
        tmp_path / "far.xlsx",
        "xl/worksheets/sheet1.xml",
        lambda d: d.replace(b"</sheetData>", far),
    )
    assert "rows (limit)" in error_of(path)
    forged_dimension = rewrite_zip(
        simple_xlsx,
        tmp_path / "dim.xlsx",
        "xl/worksheets/sheet1.xml",
        lambda d: d.replace(b'<dimension ref="A1:D3"/>', b'<dimension ref="A1:XFD1048576"/>'),
    )
    # the declared extent is checked too (issue 16): a reader may reserve memory from it
    assert "declares row 1048576" in error_of(forged_dimension)


def test_over_limit_rows_and_columns(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    path.write_text("a,b\n" + "1,2\n" * 30, encoding="utf-8")
    assert "more than 20 rows" in error_of(path, Limits(max_rows=20))
    wide = tmp_path / "wide.csv"
    wide.write_text(",".join(f"c{i}" for i in range(12)) + "\n", encoding="utf-8")
    message = error_of(wide, Limits(max_columns=10))
    assert "row 1" in message and "columns" in message
    wide_xlsx = make_xlsx(tmp_path / "wide.xlsx", [[f"c{i}" for i in range(12)]])
    assert "columns (limit)" in error_of(wide_xlsx, Limits(max_columns=10))
    long_xlsx = make_xlsx(tmp_path / "long.xlsx", [["a"]] + [["1"]] * 30)
    assert "rows (limit)" in error_of(long_xlsx, Limits(max_rows=20))


def test_file_size_cap_and_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_bytes(b"a,b\n" * 1000)
    assert "MiB limit" in error_of(path, Limits(max_file_bytes=1000))
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"\n\n")
    assert "empty" in error_of(empty)


def test_utf8_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.csv"
    path.write_bytes("\ufeffStudent ID,Name\n007,José\n".encode())
    sheet = read_sheet(path, LIMITS)
    assert sheet.header == ["Student ID", "Name"] and sheet.rows == [["007", "José"]]
    assert not sheet.issues


def test_cp1252_falls_back_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "win.csv"
    path.write_bytes("Student ID,Name\n1,Ana\n2,José Müller\n".encode("cp1252"))
    sheet = read_sheet(path, LIMITS)
    assert sheet.rows[1] == ["2", "José Müller"]
    assert [(i.severity, i.row) for i in sheet.issues] == [(Severity.WARNING, 3)]
    assert "Windows-1252" in sheet.issues[0].message


def test_undecodable_bytes(tmp_path: Path) -> None:
    path = tmp_path / "bin.csv"
    path.write_bytes(b"a,b\n1,\x81\x8d\x90\n")  # invalid in UTF-8 and undefined in cp1252
    assert "row 2" in error_of(path)


def test_nul_bytes(tmp_path: Path) -> None:
    path = tmp_path / "nul.csv"
    path.write_bytes(b"a,b\n1,2\n3,\x004\n")
    assert "row 3" in error_of(path)


def test_semicolons_and_decimal_commas(tmp_path: Path) -> None:
    path = tmp_path / "eu.csv"
    path.write_text('Student;ID;Score\n"Doe; Jane";1;8,5\n', encoding="utf-8")
    sheet = read_sheet(path, LIMITS)
    assert sheet.decimal_comma and sheet.rows == [["Doe; Jane", "1", "8,5"]]


def test_utf16_tab_separated(tmp_path: Path) -> None:
    path = tmp_path / "unicode.csv"
    path.write_bytes("Student ID\tName\n1\tÅsa\n".encode("utf-16"))
    assert read_sheet(path, LIMITS).rows == [["1", "Åsa"]]


def test_cr_only_line_endings(tmp_path: Path) -> None:
    path = tmp_path / "mac.csv"
    path.write_bytes(b'Student,ID\r"Doe, Jane",1\r"Roe, Rick",2\r')
    sheet = read_sheet(path, LIMITS)
    assert sheet.rows == [["Doe, Jane", "1"], ["Roe, Rick", "2"]]
    assert sheet.row_numbers == [2, 3]


def test_blank_rows_keep_row_numbers(tmp_path: Path) -> None:
    path = tmp_path / "gaps.csv"
    path.write_text("a,b\n\n1,2\n,\n3,4\n", encoding="utf-8")
    sheet = read_sheet(path, LIMITS)
    assert sheet.row_numbers == [3, 5]


def test_head_reads_only_the_top(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("a,b\n" + "1,2\n" * 100, encoding="utf-8")
    assert len(read_sheet(path, LIMITS, head=3).rows) == 2


def test_missing_file(tmp_path: Path) -> None:
    assert "no such file" in error_of(tmp_path / "nope.csv")


def test_defusedxml_is_active_for_openpyxl() -> None:
    """Other modules read xlsx with openpyxl: it refuses entities only with defusedxml."""
    from openpyxl.xml import DEFUSEDXML

    assert DEFUSEDXML


def test_a_formula_without_a_saved_value_is_a_warning_naming_the_cell(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()  # openpyxl saves formulas without cached values, like a script would
    sheet = book.active
    sheet.title = "Roster"
    sheet.append(["Student Number", "Name", "Section"])
    sheet.append(["0001", "Ada Lovelace", "S1"])
    sheet.append(["0002", "Grace Hopper", '="S"&1'])
    path = tmp_path / "formula.xlsx"
    book.save(path)
    found = read_sheet(path, Limits())
    assert found.rows[1][:2] == ["0002", "Grace Hopper"]
    assert [(i.row, i.severity, i.message) for i in found.issues] == [
        (
            3,
            Severity.WARNING,
            "cell C3 holds a formula without a saved value (the file was not recalculated "
            "before saving); read as blank — open and save it in Excel",
        )
    ]
