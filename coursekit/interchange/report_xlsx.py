"""Write a ``Report`` as an xlsx workbook (XlsxWriter, constant-memory mode).

Safety: every text value is written as a string cell (never ``write()``, which
guesses), with ``strings_to_formulas``/``strings_to_urls``/``strings_to_numbers``
off as a second line of defence; XML-illegal characters are removed. XlsxWriter
writes a string that starts with ``<r>`` and ends with ``</r>`` as raw rich-text
XML (unescaped!), so such a value is wrapped in an escaped rich-text run
(``_guard_rich``) and shows exactly as typed.

Layout: header row frozen (and the first column on student sheets), autofilter,
column number formats, conditional formats and native charts from the model, and
an "About" sheet with the report's metadata and notes.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, cast
from xml.sax.saxutils import escape as xml_escape

import xlsxwriter

from coursekit.domain.cell_safety import has_xml_illegal, xml_text
from coursekit.domain.report_model import (
    NUMERIC_TYPES,
    CellRule,
    Chart,
    ColorScale,
    ColumnType,
    Report,
    Role,
    Sheet,
    TextRule,
    sheet_name,
)
from coursekit.interchange.atomic import atomic_path

WORKBOOK_OPTIONS: dict[str, Any] = {
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
    "constant_memory": True,
    "remove_timezone": True,  # aware UTC datetimes are written as UTC wall-clock times
    "default_date_format": "yyyy-mm-dd",
}
PROGRESS_EVERY = 2_000
_TEXT, _NUMBER, _DATE = 0, 1, 2
_INFINITIES = (float("inf"), float("-inf"))
_ID_ROLES = (Role.STUDENT_ID, Role.LMS_ID, Role.LOGIN)

Progress = Callable[[int], None]


def safe_text(value: object) -> str:
    """A string XlsxWriter will store literally: XML-legal, never raw rich-text XML."""
    text = value if isinstance(value, str) else str(value)
    if has_xml_illegal(text):
        text = xml_text(text)
    if text.startswith("<r>") and text.endswith("</r>"):
        return _guard_rich(text)
    return text


def _guard_rich(text: str) -> str:
    return f'<r><t xml:space="preserve">{xml_escape(text)}</t></r>'


def write_xlsx(report: Report, path: Path, *, progress: Progress | None = None) -> Path:
    """Write ``report`` to ``path`` atomically (0600); ``progress(n)`` gets rows done."""
    with atomic_path(path) as tmp:
        workbook = xlsxwriter.Workbook(str(tmp), WORKBOOK_OPTIONS)
        try:
            _Writer(workbook, report, progress).write()
        finally:
            workbook.close()
    return path


class _Writer:
    def __init__(self, workbook: Any, report: Report, progress: Progress | None) -> None:
        self.wb = workbook
        self.report = report
        self.progress = progress
        self.header_format = workbook.add_format(
            {"bold": True, "bottom": 1, "text_wrap": True, "valign": "top", "bg_color": "#DDEBF7"}
        )
        self.formats: dict[str, Any] = {}
        self.names: dict[str, str] = {}  # model sheet name -> workbook sheet name
        self.sheets: dict[str, Any] = {}

    def fmt(self, code: str | None) -> Any:
        if code is None:
            return None
        if code not in self.formats:
            self.formats[code] = self.wb.add_format({"num_format": code})
        return self.formats[code]

    def write(self) -> None:
        taken: list[str] = []
        for sheet in self.report.sheets:
            name = sheet_name(sheet.name, taken)
            taken.append(name)
            self.names[sheet.name] = name
        about_name = sheet_name("About", taken)
        for sheet in self.report.sheets:
            ws = self.wb.add_worksheet(self.names[sheet.name])
            self.sheets[sheet.name] = ws
            self._sheet(ws, sheet)
        for sheet in self.report.sheets:
            for chart in sheet.charts:
                self._chart(chart)
        self._about(self.wb.add_worksheet(about_name))

    def _sheet(self, ws: Any, sheet: Sheet) -> None:
        columns = sheet.columns
        kinds = []
        for c, column in enumerate(columns):
            width = column.width or _default_width(column.header, column.type)
            ws.set_column(c, c, width, self.fmt(column.excel_format))
            if column.type in NUMERIC_TYPES:
                kinds.append(_NUMBER)
            elif column.type in (ColumnType.DATE, ColumnType.DATETIME):
                kinds.append(_DATE)
            else:
                kinds.append(_TEXT)
        ws.set_row(0, None, self.header_format)
        for c, column in enumerate(columns):
            ws.write_string(0, c, safe_text(column.header), self.header_format)
        write_string, write_number = ws.write_string, ws.write_number
        write_datetime = ws.write_datetime
        progress, done = self.progress, 0
        n = 0
        for r, row in enumerate(sheet.rows, start=1):
            n = r
            for c, value in enumerate(row):
                if value is None:
                    continue
                kind = kinds[c]
                if kind == _NUMBER:
                    if type(value) is str:  # a marker such as "EX" in a score column
                        write_string(r, c, safe_text(value))
                    elif value == value and value not in _INFINITIES:
                        write_number(r, c, value)
                elif kind == _TEXT:
                    if type(value) is not str or has_xml_illegal(value) or value[:3] == "<r>":
                        value = safe_text(value)
                    write_string(r, c, value)
                elif isinstance(value, (date, datetime)):
                    if isinstance(value, datetime) and value.tzinfo is not None:
                        value = value.astimezone(UTC)  # shown as UTC wall-clock time
                    write_datetime(r, c, value, self.fmt(columns[c].excel_format))
                else:
                    write_string(r, c, safe_text(value))
            if progress is not None and r % PROGRESS_EVERY == 0:
                progress(r - done)
                done = r
        if progress is not None and n > done:
            progress(n - done)
        last_col = len(columns) - 1
        id_ranges = [
            f"{_col(c)}2:{_col(c)}{n + 1}"
            for c, column in enumerate(columns)
            if column.role in _ID_ROLES
        ]
        if id_ranges and n:  # ids are text on purpose: no "number stored as text" triangles
            ws.ignore_errors({"number_stored_as_text": " ".join(id_ranges)})
        if sheet.freeze_header:
            ws.freeze_panes(1, 1 if sheet.per_student and len(columns) > 1 else 0)
        if sheet.autofilter and last_col >= 0:
            ws.autofilter(0, 0, max(n, 1), last_col)
        if n:
            for rule in sheet.conditional_formats:
                self._conditional(ws, sheet, rule, n)

    def _conditional(
        self, ws: Any, sheet: Sheet, rule: ColorScale | CellRule | TextRule, n: int
    ) -> None:
        if isinstance(rule, ColorScale):
            options: dict[str, Any] = {
                "type": "3_color_scale",
                "min_color": rule.min_color,
                "mid_color": rule.mid_color,
                "max_color": rule.max_color,
            }
            if rule.min_value is not None:
                options.update(min_type="num", min_value=rule.min_value)
            if rule.max_value is not None:
                options.update(max_type="num", max_value=rule.max_value)
            if rule.min_value is not None and rule.max_value is not None:
                options.update(mid_type="num", mid_value=(rule.min_value + rule.max_value) / 2)
        elif isinstance(rule, CellRule):
            options = {
                "type": "cell",
                "criteria": rule.criteria,
                "value": rule.value,
                "format": self._fill(rule.fill, rule.font),
            }
        else:
            literal = '"' + rule.text.replace('"', '""') + '"'
            options = {
                "type": "cell",
                "criteria": "==",
                "value": literal,
                "format": self._fill(rule.fill, rule.font),
            }
        for first, last in _runs(sorted(sheet.index(k) for k in rule.columns if sheet.has(k))):
            ws.conditional_format(1, first, n, last, dict(options))

    def _fill(self, fill: str, font: str | None) -> Any:
        spec = {"bg_color": fill}
        if font:
            spec["font_color"] = font
        return self.wb.add_format(spec)

    def _chart(self, spec: Chart) -> None:
        data = self.report.sheet(spec.data_sheet)
        n = len(data.rows)
        if n == 0 or not data.has(spec.categories):
            return
        chart = self.wb.add_chart({"type": spec.kind})
        name = self.names[spec.data_sheet]
        cat = data.index(spec.categories)
        for series in spec.series:
            if not data.has(series.values):
                continue
            col = data.index(series.values)
            options: dict[str, Any] = {
                "name": _chart_text(series.name),
                "categories": [name, 1, cat, n, cat],
                "values": [name, 1, col, n, col],
            }
            if series.color:
                key = "line" if spec.kind == "line" else "fill"
                options[key] = {"color": series.color}
            chart.add_series(options)
        chart.set_title({"name": _chart_text(spec.title)})
        if spec.x_title:
            chart.set_x_axis({"name": _chart_text(spec.x_title)})
        y_axis: dict[str, Any] = {"min": 0}
        if spec.y_title:
            y_axis["name"] = _chart_text(spec.y_title)
        if spec.y_max is not None:
            y_axis["max"] = spec.y_max
        chart.set_y_axis(y_axis)
        chart.set_size({"width": 640, "height": 360})
        anchor = spec.anchor_sheet or spec.data_sheet
        anchor_sheet = self.report.sheet(anchor)
        self.sheets[anchor].insert_chart(1, len(anchor_sheet.columns) + 1, chart)

    def _about(self, ws: Any) -> None:
        ws.set_column(0, 0, 24)
        ws.set_column(1, 1, 80)
        rows: list[tuple[str, str]] = [("report", self.report.title), *self.report.meta]
        for sheet in self.report.sheets:
            rows.extend((f"note ({sheet.name})", note) for note in sheet.notes)
        ws.write_string(0, 0, "key", self.header_format)
        ws.write_string(0, 1, "value", self.header_format)
        for r, (key, value) in enumerate(rows, start=1):
            ws.write_string(r, 0, safe_text(key))
            ws.write_string(r, 1, safe_text(value))


def _chart_text(text: str) -> str:
    # XlsxWriter reads a chart name starting with "=" as a cell reference.
    return safe_text(text).lstrip("=") or " "


def _col(index: int) -> str:
    from xlsxwriter.utility import xl_col_to_name

    return cast(str, xl_col_to_name(index))  # XlsxWriter ships no types


def _runs(indices: list[int]) -> list[tuple[int, int]]:
    """Consecutive runs of column indices: [1, 2, 3, 7] -> [(1, 3), (7, 7)]."""
    runs: list[tuple[int, int]] = []
    for i in indices:
        if runs and runs[-1][1] == i - 1:
            runs[-1] = (runs[-1][0], i)
        else:
            runs.append((i, i))
    return runs


def _default_width(header: str, kind: ColumnType) -> float:
    base = 28 if kind is ColumnType.TEXT else 11
    return float(min(max(len(header) * 0.9, 8), base))
