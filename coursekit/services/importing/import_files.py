"""What the import wizard needs to know about a file before planning: its kind and its sheets.

``plan_import`` reads the whole file; ``inspect_file`` only the first rows, so the wizard can
pre-select the kind (auto-detected from the header) and offer a sheet choice for workbooks.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from coursekit.domain.columns.kind import detect_kind_from_header
from coursekit.domain.enums import ImportKind
from coursekit.domain.problems import ProblemCode
from coursekit.interchange.spreadsheet import SpreadsheetError, read_sheet
from coursekit.interchange.workbook_sheets import sheet_names
from coursekit.services.context import ServiceContext, ServiceError


def unreadable(exc: SpreadsheetError) -> ServiceError:
    """A file the readers refuse, as a service error (a reading option at fault names it)."""
    if exc.field is not None:
        return ServiceError.bad_input(str(exc), exc.field)
    return ServiceError(str(exc), code=ProblemCode.FILE_UNREADABLE)


@dataclass(frozen=True, slots=True)
class FileFacts:
    path: Path
    kind: ImportKind | None  # None: the header does not say
    sheets: tuple[str, ...]  # visible worksheets of an xlsx; () for a csv
    sheet: str | None  # the sheet ``kind`` was detected on (None: a csv, or nothing detected)
    header: tuple[str, ...]  # the header row of that sheet
    guessed: bool = False  # ``sheet`` was picked by detection, not asked for


def inspect_file(ctx: ServiceContext, path: Path, *, sheet: str | None = None) -> FileFacts:
    """Kind, sheets and header of ``path``; a file that cannot be read raises ``ServiceError``
    with the reader's one-line message (file, and row/column when known).

    Without ``sheet``, a workbook's sheets are tried in order until one has a header that
    says what it is (a roster behind a "Notes" sheet is still found)."""
    path = Path(path)
    limits = ctx.settings.limits
    try:
        head = read_sheet(path, limits, sheet=sheet, head=3)
        sheets = sheet_names(path, limits) if head.format == "xlsx" else []
        kind = detect_kind_from_header(head.header)
        chosen, guessed = sheet, False
        if kind is None and sheet is None and len(sheets) > 1:
            for name in sheets[1:]:
                other = read_sheet(path, limits, sheet=name, head=3)
                found = detect_kind_from_header(other.header)
                if found is not None:
                    head, kind, chosen, guessed = other, found, name, True
                    break
        elif sheet is None and sheets:
            chosen, guessed = sheets[0], True
    except SpreadsheetError as exc:
        raise unreadable(exc) from None
    return FileFacts(
        path=path,
        kind=kind,
        sheets=tuple(sheets),
        sheet=chosen,
        header=tuple(head.header),
        guessed=guessed,
    )
