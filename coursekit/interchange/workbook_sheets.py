"""The worksheet names of an xlsx file (the import wizard offers a choice when there are several).

The same safety checks as ``spreadsheet.read_sheet`` run before python-calamine opens the zip
(size caps, zip-bomb and DTD checks), and calamine runs in the same isolated child process;
only the workbook's sheet list is read, no cells.
"""

from __future__ import annotations

from pathlib import Path

from coursekit.config import Limits
from coursekit.interchange.spreadsheet import read_capped, read_xlsx_cells


def sheet_names(path: Path, limits: Limits) -> list[str]:
    """Visible worksheets in workbook order; ``[]`` for a csv (or anything not a zip)."""
    data = read_capped(path, limits)
    if not data.startswith(b"PK\x03\x04"):
        return []
    return read_xlsx_cells(data, path.name, limits, names_only=True).sheet_names
