"""What the import wizard needs to know about a file before planning: its kind and its sheets.

``plan_import`` reads the whole file; ``inspect_file`` only the first rows, so the wizard can
pre-select the kind (auto-detected from the header) and offer a sheet choice for workbooks.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from coursekit.domain.enums import ImportKind
from coursekit.domain.import_columns import detect_kind_from_header
from coursekit.interchange.spreadsheet import SpreadsheetError, read_sheet
from coursekit.interchange.workbook_sheets import sheet_names
from coursekit.services.context import ServiceContext, ServiceError


@dataclass(frozen=True, slots=True)
class FileFacts:
    path: Path
    kind: ImportKind | None  # None: the header does not say
    sheets: tuple[str, ...]  # visible worksheets of an xlsx; () for a csv
    sheet: str | None  # the sheet ``kind`` was detected on (None: the first / a csv)
    header: tuple[str, ...]  # the header row of that sheet


def inspect_file(ctx: ServiceContext, path: Path, *, sheet: str | None = None) -> FileFacts:
    """Kind, sheets and header of ``path``; a file that cannot be read raises ``ServiceError``
    with the reader's one-line message (file, and row/column when known)."""
    path = Path(path)
    try:
        head = read_sheet(path, ctx.settings.limits, sheet=sheet, head=3)
        sheets = sheet_names(path, ctx.settings.limits) if head.format == "xlsx" else []
    except SpreadsheetError as exc:
        raise ServiceError(str(exc)) from None
    return FileFacts(
        path=path,
        kind=detect_kind_from_header(head.header),
        sheets=tuple(sheets),
        sheet=sheet,
        header=tuple(head.header),
    )
