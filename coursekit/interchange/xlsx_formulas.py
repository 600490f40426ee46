"""Cells of an xlsx worksheet that hold a formula but no cached value.

A workbook written by a script (or saved without recalculating) stores the
formula only; readers then see an empty cell. The import must say so, naming
the cell, instead of importing a silent blank. Runs after the workbook passed
``xlsx_inspect.check_xlsx`` (sizes, no DTD/entities), on the one sheet read.
"""

from __future__ import annotations

import io
import re
import zipfile

from coursekit.domain.imports import RowIssue, Severity
from coursekit.domain.problems import ProblemCode
from coursekit.interchange.xlsx_inspect import FORMULA_TAG

_SHEET = re.compile(rb"<(?:\w+:)?sheet\b[^>]*>")
_ATTR = re.compile(rb'([\w:]+)="([^"]*)"')
_REL = re.compile(rb"<(?:\w+:)?Relationship\b[^>]*>")
_CELL = re.compile(rb"<(?:\w+:)?c\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?c>)", re.DOTALL)
_VALUE = re.compile(rb"<(?:\w+:)?v>[^<]+</(?:\w+:)?v>|<(?:\w+:)?is>")
_REF = re.compile(rb'\sr="([A-Za-z]{1,3})(\d{1,7})"')
MAX_LISTED = 20  # cells named one by one; the rest are counted


def _attrs(tag: bytes) -> dict[bytes, bytes]:
    return {k.split(b":")[-1] if k != b"r:id" else k: v for k, v in _ATTR.findall(tag)}


def _sheet_part(zf: zipfile.ZipFile, sheet_name: str | None) -> str | None:
    sheets = [_attrs(t) for t in _SHEET.findall(zf.read("xl/workbook.xml"))]
    if not sheets:
        return None
    wanted = next(
        (s for s in sheets if sheet_name is not None and s.get(b"name") == sheet_name.encode()),
        sheets[0],
    )
    rel_id = next((v for k, v in wanted.items() if k.endswith(b"id") and k != b"sheetId"), None)
    try:
        rels = zf.read("xl/_rels/workbook.xml.rels")
    except KeyError:
        return None
    for tag in _REL.findall(rels):
        attrs = _attrs(tag)
        if attrs.get(b"Id") == rel_id:
            target = attrs.get(b"Target", b"").decode()
            return target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    return None


def formula_warnings(data: bytes, sheet_name: str | None) -> list[RowIssue]:
    """One warning per formula cell without a cached value (the first few by name)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            part = _sheet_part(zf, sheet_name)
            if part is None or part not in zf.namelist():
                return []
            xml = zf.read(part)
    except (KeyError, zipfile.BadZipFile, OSError):
        return []
    if not FORMULA_TAG.search(xml):
        return []  # the common case: no formula at all, no per-cell scan
    found: list[tuple[int, str]] = []
    for attrs, inner in _CELL.findall(xml):
        if inner and FORMULA_TAG.search(inner) and not _VALUE.search(inner):
            ref = _REF.search(b" " + attrs)
            if ref:
                found.append((int(ref[2]), ref[1].decode().upper() + ref[2].decode()))
    issues = [
        RowIssue(
            row,
            None,
            f"cell {cell} holds a formula without a saved value (the file was not "
            "recalculated before saving); read as blank — open and save it in Excel",
            Severity.WARNING,
            code=ProblemCode.READ_AS,
        )
        for row, cell in found[:MAX_LISTED]
    ]
    if len(found) > MAX_LISTED:
        issues.append(
            RowIssue(
                None,
                None,
                f"… and {len(found) - MAX_LISTED} more formula cell(s) without a saved value",
                Severity.WARNING,
                code=ProblemCode.MORE,
            )
        )
    return issues
