"""How far a worksheet reaches (issue 17): the short way (candidate from the end of each
piece, one search for anything past it) measures exactly what the old whole-piece scan
measured, refuses exactly the files it refused, with the same messages. The old scan
is kept here as the oracle."""

from __future__ import annotations

import io
import random
import re
import zipfile
from pathlib import Path

import pytest

from coursekit.config import Limits
from coursekit.domain.columns.headers import column_letter
from coursekit.interchange import xlsx_extent
from coursekit.interchange.sheet_error import SpreadsheetError
from coursekit.interchange.xlsx_extent import SheetExtent, check_extent
from coursekit.interchange.xlsx_inspect import check_xlsx
from support.bench_data import make_data

SHEET = "xl/worksheets/sheet1.xml"

# ---- the old scan (before issue 17's item 3), verbatim -------------------------------------

_ROW_REF = re.compile(rb"<(?:\w+:)?row\b[^>]*?\sr=\"(\d{1,12})\"")
_CELL_REF = re.compile(rb"<(?:\w+:)?c\b[^>]*?\sr=\"([A-Za-z]{1,8})(\d{1,12})\"")
_DIMENSION = re.compile(
    rb"<(?:\w+:)?dimension\b[^>]*?\sref=\"[A-Za-z]{0,8}\d{0,12}:?([A-Za-z]{1,8})(\d{1,12})\""
)


def _column_number(letters: bytes) -> int:
    number = 0
    for byte in letters.upper():
        number = number * 26 + byte - 64
    return number


class OldSheet:
    def __init__(self, part: str) -> None:
        self.part = part
        self.cells = self.max_row = self.max_col = self.dim_row = self.dim_col = 0

    def add(self, body: bytes, name: str, limits: Limits) -> None:
        if not self.dim_row and (dim := _DIMENSION.search(body)):
            self.dim_col, self.dim_row = _column_number(dim.group(1)), int(dim.group(2))
            check_extent(name, self.part, self.dim_row, self.dim_col, limits, "declares")
        rows = _ROW_REF.findall(body)
        if rows:
            self.max_row = max(self.max_row, *map(int, rows))
        cells = _CELL_REF.findall(body)
        if cells:
            self.cells += len(cells)
            self.max_col = max(self.max_col, *map(_column_number, {c[0] for c in cells}))
            self.max_row = max(self.max_row, max(int(c[1]) for c in cells))
        check_extent(name, self.part, self.max_row, self.max_col, limits, "reaches")


# ---- both over the same pieces -------------------------------------------------------------


def _outcome(sheet: SheetExtent | OldSheet, pieces: list[bytes], limits: Limits) -> list[object]:
    """(row, column, dimension) after each piece, or the refusal's message."""
    seen: list[object] = []
    for piece in pieces:
        try:
            sheet.add(piece, "f.xlsx", limits)
        except SpreadsheetError as exc:
            seen.append(str(exc))
            break
        seen.append((sheet.max_row, sheet.max_col, sheet.dim_row, sheet.dim_col))
    return seen


def _same(pieces: list[bytes], limits: Limits = Limits()) -> list[object]:
    new, old = SheetExtent(SHEET, count_cells=True), OldSheet(SHEET)
    outcome = _outcome(new, pieces, limits)
    assert outcome == _outcome(old, pieces, limits)
    assert new.cells >= old.cells  # a bound from above …
    if not isinstance(outcome[-1], str):  # … and, when it matters, the exact count
        assert sum(xlsx_extent.count_cells(p) for p in pieces) == old.cells
    return outcome


def _cell(ref: str, value: str = "1") -> bytes:
    return b'<c r="%s"><v>%s</v></c>' % (ref.encode(), value.encode())


def _rows(first: int, last: int, columns: int = 12) -> bytes:
    letters = [column_letter(i) for i in range(columns)]
    return b"".join(
        b'<row r="%d" spans="1:%d">' % (r, columns)
        + b"".join(_cell(f"{c}{r}", str(r * 7 % 100)) for c in letters)
        + b"</row>"
        for r in range(first, last + 1)
    )


def _cut(stream: bytes, rng: random.Random, low: int = 20_000, high: int = 70_000) -> list[bytes]:
    """Pieces at arbitrary places (inside tags too): the measure holds for any bytes."""
    pieces, at = [], 0
    while at < len(stream):
        step = rng.randint(low, high)
        pieces.append(stream[at : at + step])
        at += step
    return [*pieces, b""]


HOSTILE = [
    _cell("XFD1048576"),  # the farthest cell Excel allows
    b'<c r="XFD1"/>',  # self-closing, far column
    b'<x:c r="A300000"><x:v>1</x:v></x:c>',  # namespaced
    b'<row r="250000" spans="1:1"/>',  # a far empty row
    b'<c r="zz5"><v>1</v></c>',  # lower-case letters
    b'<c r="z5"/>',  # lower-case, the last letter
    b'<c r="Z5"/>',
    b'<c r="ae7"/>',  # lower-case, one column past AD
    b'<c r="A000000300000"/>',  # leading zeros (12 digits)
    b'<c r="A0000000300000"/>',  # 13 digits: not a reference the scan counts
    b'<c r="ABCDEFGHI5"/>',  # 9 letters: not counted either
    b'<col min="1" max="16384" r="XFD999999"/>',  # <col, not <c
    b'<rowBreaks count="1" r="999999"><brk id="5"/></rowBreaks>',  # <rowBreaks, not <row
    b'<c t="n" s="1" r="CV120"><v>2</v></c>',  # r after other attributes
    b'<c\tr="CW121"><v>2</v></c>',  # a tab before r
    b'<hyperlink ref="A1" r:id="rId9" r="ZZZ1"/>',  # an r attribute on another tag
    b'<c xr="ZZ99999" r="B7"/>',  # only " r=" counts
    b'<c r="B7" r="ZZ99999"/>',  # the first r= of the tag counts
    b'<dimension ref="A1:CZ600"/>',  # a declared extent, after the data
    b'<c r="AB12345"/>',
    b'<row r="9999">' + _cell("A9999") + b"</row>",
]


@pytest.mark.parametrize("seed", range(20))
def test_the_short_way_measures_what_the_old_scan_measured(seed: int) -> None:
    """A sorted sheet with a hostile reference or two anywhere: at a piece's start, just
    before the exactly measured end of a piece, inside it, split across two pieces."""
    rng = random.Random(seed)
    rows = _rows(1, rng.choice([300, 900, 1500]), rng.choice([3, 12, 30, 60]))
    for _ in range(rng.randint(0, 2)):
        at = rows.find(b"<", rng.randrange(len(rows)))
        rows = rows[:at] + rng.choice(HOSTILE) + rows[at:]
    stream = b'<worksheet><dimension ref="A1:B2"/><sheetData>' + rows + b"</sheetData></worksheet>"
    _same(_cut(stream, rng))
    _same(_cut(stream, rng), Limits(max_rows=1_000, max_columns=40, max_cells=20_000))


@pytest.mark.parametrize("hostile", HOSTILE)
@pytest.mark.parametrize("where", [-1, -200, -17_000, -40_000, 30])
@pytest.mark.parametrize("columns", [20, 30])
def test_each_hostile_reference_at_each_place(hostile: bytes, where: int, columns: int) -> None:
    """Near the end of a piece (inside the exactly measured end or just before it), at its
    start, and split across the boundary between two pieces."""
    body = _rows(1, 400, columns)
    at = body.find(b"<", len(body) + where if where < 0 else where)
    body = body[:at] + hostile + body[at:]
    split = at + len(hostile) // 2
    for pieces in ([body, _rows(401, 800, columns)], [body[:split], body[split:]]):
        _same(pieces)
        _same(pieces, Limits(max_rows=1_000, max_columns=40, max_cells=20_000))


@pytest.mark.parametrize(
    "refs",
    [
        b"".join(b'<row r="%d"/>' % r for r in range(10, 60)),  # empty rows only
        _rows(10, 60, 3),
        _rows(10, 60, 3).replace(b'<row r="', b'<row s="'),  # cells only
        _rows(10, 60, 3).replace(b'<row r="', b'<row s="').lower(),  # lower-case columns
    ],
)
def test_a_piece_whose_end_names_no_reference(refs: bytes) -> None:
    """The end of the piece is a long text: nothing to take a candidate from but the
    sheet so far."""
    text = b'<c t="inlineStr"><is><t>' + b"y" * 40_000 + b"</t></is></c>"
    _same([refs + text, b"<x/>" * 5_000, refs + text])
    _same([b"<x/>" * 5_000 + text, refs + text], Limits(max_rows=30))
    empty_rows = b"".join(b'<row r="%d"/>' % r for r in range(10, 80))
    _same([empty_rows, refs + text])  # rows so far, no column yet


def test_rows_out_of_order_and_unsorted_columns() -> None:
    rng = random.Random(7)
    rows = [_rows(r, r, 30) for r in range(1, 2_000)]
    rng.shuffle(rows)
    for limits in (Limits(), Limits(max_rows=1_500), Limits(max_cells=50_000)):
        _same(_cut(b"".join(rows), rng), limits)
    reversed_cells = b"".join(
        b'<row r="%d">' % r + b"".join(_cell(f"{chr(90 - c)}{r}") for c in range(26)) + b"</row>"
        for r in range(1, 1_500)
    )
    _same(_cut(reversed_cells, rng))


def test_benchmark_shaped_sheets_take_the_short_way(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A ``make_data.py`` gradebook (sorted, as Excel and every writer store it): the same
    measure, and no piece measured whole (the short way is what is being compared)."""
    make_data(tmp_path, students=2000, xlsx=True)
    with zipfile.ZipFile(tmp_path / "comp529-gradebook.xlsx") as zf:
        stream = zf.read(SHEET)
    pieces = [stream[i : i + 2**20] for i in range(0, len(stream), 2**20)]
    assert len(pieces) > 3
    whole: list[int] = []
    real = xlsx_extent.measure

    def counting(body: bytes, start: int, row: int, column: int) -> tuple[int, int]:
        if start == 0 and body:
            whole.append(len(body))
        return real(body, start, row, column)

    monkeypatch.setattr(xlsx_extent, "measure", counting)
    row, column, declared_row, declared_column = _same(pieces)[-1]  # type: ignore[misc]
    assert (row, column) == (declared_row, declared_column) and row > 1_900 and column == 68
    assert whole == []


# ---- whole workbooks: the same refusals, the same messages ----------------------------------


def _workbook(sheet_data: bytes, shared: bytes | None = None) -> bytes:
    """A minimal xlsx whose sheet holds ``sheet_data`` (and a shared-strings part)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", b"<Types/>")
        zf.writestr("xl/workbook.xml", b'<workbook><sheets><sheet name="S" r:id="rId1"/></sheets>')
        zf.writestr(  # stored: inflate pieces end at every MiB exactly
            SHEET,
            b'<worksheet><dimension ref="A1"/><sheetData>'
            + sheet_data
            + b"</sheetData></worksheet>",
            compress_type=zipfile.ZIP_STORED,
        )
        if shared is not None:
            zf.writestr("xl/sharedStrings.xml", shared)
    return buffer.getvalue()


def _verdict(data: bytes, limits: Limits = Limits()) -> str:
    try:
        return f"accepted, formulas: {check_xlsx(data, 'f.xlsx', limits)}"
    except SpreadsheetError as exc:
        return str(exc)


PIECE = 2**20


def _around_the_first_piece(tag: bytes) -> bytes:
    """Rows up to just past 1 MiB of XML, ``tag`` placed across the 1 MiB boundary."""
    head = len(b'<worksheet><dimension ref="A1"/><sheetData>')
    rows = _rows(1, 6_000, 10)
    start = PIECE - head - len(tag) // 2
    at = rows.rfind(b"<", 0, start)  # text between two tags up to where the tag starts
    return rows[:at] + b"x" * (start - at) + tag + rows[at:]


@pytest.mark.parametrize(
    ("sheet_data", "expected"),
    [
        (
            _around_the_first_piece(b'<c r="A250000"/>'),
            "f.xlsx: xl/worksheets/sheet1.xml reaches row 250000: more than 200000 rows (limit)",
        ),
        (
            _around_the_first_piece(b'<c r="ZZZ9"><v>1</v></c>'),
            "f.xlsx: xl/worksheets/sheet1.xml reaches column ZZZ: more than 2000 columns (limit)",
        ),
        (
            _around_the_first_piece(b'<x:c r="BX9000"/>'),
            "f.xlsx: xl/worksheets/sheet1.xml spans 9000 × 76 cells (over the cell limit)",
        ),
        (_around_the_first_piece(b'<col min="1" r="XFD9"/>'), "accepted, formulas: False"),
        (_around_the_first_piece(b'<rowBreaks r="999999"/>'), "accepted, formulas: False"),
        (_around_the_first_piece(b"<x:f>A1</x:f>"), "accepted, formulas: True"),
        (_around_the_first_piece(b"<f>A1</f>"), "accepted, formulas: True"),
        (_around_the_first_piece(b"<font/><fx/>f<b>:fa</b>"), "accepted, formulas: False"),
        (
            _rows(1, 3_000, 10) + b"<!DOCTYPE x>",
            "f.xlsx: xl/worksheets/sheet1.xml declares a DTD or XML entities"
            " (refused: entity-expansion/XXE risk)",
        ),
        (_rows(1, 3_000, 10), "accepted, formulas: False"),
    ],
)
def test_the_same_verdict_across_the_first_piece(sheet_data: bytes, expected: str) -> None:
    """A tag split across the first two inflate pieces (the verdicts and messages are the
    old scan's, checked against it when this test was written)."""
    limits = Limits(max_cells=600_000)
    assert _verdict(_workbook(sheet_data), limits) == expected


def test_formulas_among_many_f_bytes() -> None:
    """More ``f`` bytes than are looked at one by one: the whole piece is searched."""
    text = b'<c r="A1" t="inlineStr"><is><t>' + b"f" * 10_000 + b"</t></is></c>"
    assert _verdict(_workbook(b'<row r="1">' + text + b"</row>")) == "accepted, formulas: False"
    formula = b'<row r="1">' + text + b'<c r="B1"><f>A1</f></c></row>'
    assert _verdict(_workbook(formula)) == "accepted, formulas: True"


def _shared_strings(longest: int) -> bytes:
    return b'<sst count="1" uniqueCount="1"><si><t>%s</t></si></sst>' % (b"x" * longest)


def test_shared_string_expansion_counts_cells_exactly_when_the_bound_is_over() -> None:
    """Cells × the longest shared string against twice the size limit: the bound (every
    ``r="``, rows included) is over it, the exact count is not — accepted, as before;
    with a few more cells the exact count is over too — refused, as before."""
    limits = Limits(max_uncompressed_bytes=100_000)
    longest = len(b"<si><t></t></si>") + 1_984  # 2,000 bytes
    rows = b"".join(b'<row r="%d">' % r + _cell(f"A{r}") + b"</row>" for r in range(1, 91))
    assert 2 * 90 * 2_000 > 2 * 100_000 > 90 * 2_000
    assert _verdict(_workbook(rows, _shared_strings(longest - 16)), limits).startswith("accepted")
    more = rows + b'<row r="91">' + b"".join(_cell(f"{c}91") for c in "BCDEFGHIJKL") + b"</row>"
    assert _verdict(_workbook(more, _shared_strings(longest - 16)), limits) == (
        "f.xlsx: shared strings would expand beyond the size limit"
    )
