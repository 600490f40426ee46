"""The one error type of the spreadsheet readers (its own module: the xlsx inspector and
the readers both raise it)."""

from __future__ import annotations


class SpreadsheetError(ValueError):
    """The file cannot be read at all; ``str()`` is one line naming file, row, column."""

    def __init__(
        self,
        filename: str,
        message: str,
        row: int | None = None,
        column: str | None = None,
        *,
        field: str | None = None,
    ) -> None:
        """``field``: the reading option at fault (``"sheet"``), when it is not the file."""
        self.filename, self.row, self.column, self.message = filename, row, column, message
        self.field = field
        where = ", ".join(
            part
            for part in (f"row {row}" if row else "", f"column {column}" if column else "")
            if part
        )
        super().__init__(f"{filename}: {where + ': ' if where else ''}{message}")
