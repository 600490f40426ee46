"""How far a worksheet reaches, measured on its XML as it is inflated (``xlsx_inspect``).

python-calamine allocates a dense grid up to the farthest cell, so the largest row and
column that any ``<row r="…">`` or ``<c r="…">`` names, and the declared ``<dimension>``,
must fit the limits. The exact measure (``_ROW_REF`` / ``_CELL_REF`` over every tag) costs
a Python object per cell; most pieces of a real sheet take a shorter way to the same
numbers:

1. the exact measure of the piece's last few KiB (starting after a ``>``, so it sees
   exactly the references the whole-piece measure would see there) and the sheet so far
   give a candidate (largest row, largest column);
2. one regex search (``_beyond``) looks for any ``r="…"`` attribute naming a row or a
   column past the candidate, with no object per cell. It matches a superset of what the
   exact measure counts: when it finds nothing, the candidate *is* the exact measure;
   when it finds something, the piece is measured exactly.

Cells are counted from above (every counted cell holds ``r="``); ``xlsx_inspect`` counts
them exactly only when that bound matters.
"""

from __future__ import annotations

import re

from coursekit.config import Limits
from coursekit.domain.columns.headers import column_letter
from coursekit.interchange.sheet_error import SpreadsheetError

ROW_REF = re.compile(rb"<(?:\w+:)?row\b[^>]*?\sr=\"(\d{1,12})\"")
CELL_REF = re.compile(rb"<(?:\w+:)?c\b[^>]*?\sr=\"([A-Za-z]{1,8})(\d{1,12})\"")
_DIMENSION = re.compile(
    rb"<(?:\w+:)?dimension\b[^>]*?\sref=\"[A-Za-z]{0,8}\d{0,12}:?([A-Za-z]{1,8})(\d{1,12})\""
)
_SUFFIX = 1 << 14  # bytes at a piece's end measured exactly for the candidate


def column_number(letters: bytes) -> int:
    number = 0
    for byte in letters.upper():
        number = number * 26 + byte - 64
    return number


def check_extent(
    name: str, part: str, max_row: int, max_col: int, limits: Limits, what: str
) -> None:
    if max_row > limits.max_rows + 1:
        raise SpreadsheetError(
            name, f"{part} {what} row {max_row}: more than {limits.max_rows} rows (limit)"
        )
    if max_col > limits.max_columns:
        raise SpreadsheetError(
            name,
            f"{part} {what} column {column_letter(max_col - 1)}"
            f": more than {limits.max_columns} columns (limit)",
        )
    if max_row * max_col > limits.max_cells:
        raise SpreadsheetError(
            name, f"{part} spans {max_row} × {max_col} cells (over the cell limit)"
        )


def _greater_number(number: int) -> bytes:
    """Digits (no leading zero) of a number above ``number``."""
    if number <= 0:
        return rb"[1-9]\d*"
    digits = str(number)
    size = len(digits)
    options = [rb"[1-9]\d{%d,}" % size]
    for i, digit in enumerate(digits):
        if digit != "9":
            options.append(b"%s[%d-9]\\d{%d}" % (digits[:i].encode(), int(digit) + 1, size - i - 1))
    return b"(?:" + b"|".join(options) + b")"


def _letter_class(letter: str, *, above: bool) -> bytes:
    """``letter`` itself, or every letter after it, in either case."""
    if not above:
        return b"[%s%s]" % (letter.encode(), letter.lower().encode())
    if letter == "Z":
        return b""
    after = chr(ord(letter) + 1)
    return b"[%s-Z%s-z]" % (after.encode(), after.lower().encode())


def _greater_letters(column: int) -> bytes:
    """The letters (the whole run) of a column after ``column`` (1 = A)."""
    if column <= 0:
        return rb"[A-Za-z]+"
    letters = column_letter(column - 1)
    size = len(letters)
    options = [rb"[A-Za-z]{%d,}" % (size + 1)]
    for i, letter in enumerate(letters):
        above = _letter_class(letter, above=True)
        if above:
            same = b"".join(_letter_class(c, above=False) for c in letters[:i])
            options.append(same + above + rb"[A-Za-z]{%d}" % (size - i - 1))
    return b"(?:" + b"|".join(options) + b")"


def _beyond(row: int, column: int) -> re.Pattern[bytes]:
    """Finds an ``r="…"`` attribute (of any tag) whose row is above ``row`` or whose
    column is after ``column``: every reference ``ROW_REF`` / ``CELL_REF`` would count past
    them is one (leading zeros included), and so are some they would not count."""
    return re.compile(
        rb'r="(?:[A-Za-z]{0,8}+0*+'
        + _greater_number(row)
        + rb'"|'
        + _greater_letters(column)
        + rb"\d)"
    )


class SheetExtent:
    """How far one worksheet reaches, as its complete tags stream past."""

    __slots__ = ("cells", "count_cells", "dim_col", "dim_row", "max_col", "max_row", "part")

    def __init__(self, part: str, *, count_cells: bool) -> None:
        self.part = part
        self.count_cells = count_cells
        self.cells = self.max_row = self.max_col = self.dim_row = self.dim_col = 0

    def add(self, body: bytes, name: str, limits: Limits) -> None:
        """Measure the rows and cells of ``body``; refuse as soon as a limit is passed
        (a sheet of a million short rows stops at row 200,002, before any cell is read).
        ``cells`` grows by a bound from above (when ``count_cells``)."""
        if not self.dim_row and b"dimension" in body and (dim := _DIMENSION.search(body)):
            self.dim_col, self.dim_row = column_number(dim.group(1)), int(dim.group(2))
            check_extent(name, self.part, self.dim_row, self.dim_col, limits, "declares")
        if self.count_cells:
            self.cells += body.count(b'r="')
        start = 0
        if len(body) > _SUFFIX:
            cut = body.find(b">", len(body) - _SUFFIX)
            start = cut + 1 if cut >= 0 else len(body)
        row, column = measure(body, start, self.max_row, self.max_col)
        if start and _beyond(row, column).search(body):
            row, column = measure(body, 0, self.max_row, self.max_col)
        self.max_row, self.max_col = row, column
        check_extent(name, self.part, self.max_row, self.max_col, limits, "reaches")


def measure(body: bytes, start: int, max_row: int, max_col: int) -> tuple[int, int]:
    """The exact measure: the largest row and column that the references of ``body``
    from ``start`` name, with those so far."""
    rows = ROW_REF.findall(body, start)
    if rows:
        max_row = max(max_row, *map(int, rows))
    cells = CELL_REF.findall(body, start)
    if cells:
        max_col = max(max_col, *map(column_number, {c[0] for c in cells}))
        max_row = max(max_row, max(int(c[1]) for c in cells))
    return max_row, max_col


def count_cells(body: bytes) -> int:
    """The exact count of cell references in ``body``."""
    return len(CELL_REF.findall(body))
