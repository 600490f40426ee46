"""The worksheet names of an xlsx file (the import wizard offers a choice when there are several).

The same safety checks as ``spreadsheet.read_sheet`` run before python-calamine opens the zip
(size caps, zip-bomb and DTD checks); only the workbook's sheet list is read, no cells.
"""

from __future__ import annotations

import io
from pathlib import Path

from coursekit.config import Limits
from coursekit.interchange.spreadsheet import SpreadsheetError, _check_xlsx, _read_capped


def sheet_names(path: Path, limits: Limits) -> list[str]:
    """Visible worksheets in workbook order; ``[]`` for a csv (or anything not a zip)."""
    data = _read_capped(path, limits)
    if not data.startswith(b"PK\x03\x04"):
        return []
    _check_xlsx(data, path.name, limits)
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        metadata = list(getattr(workbook, "sheets_metadata", None) or [])
        names = [
            str(meta.name)
            for meta in metadata
            if str(getattr(meta, "typ", "")).endswith("WorkSheet")
            and str(getattr(meta, "visible", "")).endswith("Visible")
        ]
        return names or [str(n) for n in workbook.sheet_names]
    except Exception as exc:  # calamine's errors: XmlError, CalamineError, ZipError, …
        kind = type(exc).__name__
        raise SpreadsheetError(path.name, f"not a readable xlsx file ({kind})") from None
