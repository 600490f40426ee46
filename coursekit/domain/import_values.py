"""Pure rules for turning spreadsheet text into values (no I/O, no pandas).

Every reader in ``coursekit.interchange`` reads cells as text and calls these
functions, so the same rule holds for csv and xlsx files alike.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, datetime, timedelta
from functools import lru_cache

from coursekit.domain.cell_safety import QUOTE, needs_escape
from coursekit.domain.enums import CANVAS_MARKS, ScoreStatus

_SCI_NUMBER = re.compile(r"^[+-]?\d+(?:[.,]\d+)?[eE][+-]?\d+$")
_THOUSANDS_DOT = re.compile(r"^[+-]?\d{1,3}(?:\.\d{3})+(?:,\d+)?$")
_THOUSANDS_COMMA = re.compile(r"^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$")
_DECIMAL_COMMA = re.compile(r"^[+-]?\d*,\d+$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]")
MAX_ID_LENGTH = 64
MAX_TEXT_LENGTH = 500
# No score, point total, dollar amount, percentage or minute count of a course comes near
# this; beyond it floats stop adding up to the cent and sums overflow (issue 16).
MAX_MAGNITUDE = 1_000_000
MIN_YEAR, MAX_YEAR = 1970, 2100  # dates a course can hold (Excel serials use the same span)


class ValueProblem(ValueError):
    """A cell that cannot be read; ``str()`` is safe to show (never the whole row)."""


def clean_text(raw: str) -> tuple[str, bool]:
    """Unwrap Canvas's ``="…"`` formula guard, drop control/bidi characters, trim.

    Returns the text and whether characters were removed (the caller warns).
    A leading ``'`` that guards a formula trigger (our own exports) is removed too.
    """
    text = raw
    if len(text) >= 3 and text.startswith('="') and text.endswith('"'):
        text = text[2:-1].replace('""', '"')
    elif text.startswith(QUOTE) and needs_escape(text[1:]):
        text = text[1:]  # coursekit's own csv formula guard (cell_safety.escape): undo it
    cleaned = _CONTROL.sub(" ", text) if _CONTROL.search(text) else text
    changed = cleaned != text
    cleaned = " ".join(cleaned.split()) if changed else cleaned.strip()
    cleaned = unicodedata.normalize("NFC", cleaned)
    return cleaned[:MAX_TEXT_LENGTH], changed or len(cleaned) > MAX_TEXT_LENGTH


def check_id(text: str, what: str = "id") -> str:
    """An institution/LMS id kept as text (leading zeros matter).

    Rejects ids that Excel already turned into scientific notation
    (``1.23457E+11``): the digits are lost and cannot be recovered.
    """
    value = text.strip()
    if _SCI_NUMBER.match(value):
        raise ValueProblem(
            f"{what} {value!r} was turned into scientific notation by a spreadsheet program; "
            "the original digits are lost (format the column as Text and export again)"
        )
    if len(value) > MAX_ID_LENGTH:
        raise ValueProblem(f"{what} is longer than {MAX_ID_LENGTH} characters")
    if _CONTROL.search(value) or any(ch.isspace() for ch in value):
        raise ValueProblem(f"{what} contains spaces or control characters")
    return value


def parse_number(text: str, *, decimal_comma: bool = False) -> float:
    """A number written with ``.`` or ``,`` decimals (``8,5`` → 8.5, ``1.234,5`` → 1234.5)."""
    value = text.strip().replace("\u00a0", "").replace(" ", "")
    if value.endswith("%"):
        value = value[:-1]
    try:
        number = float(value)
    except ValueError:
        if decimal_comma and _THOUSANDS_DOT.match(value):
            value = value.replace(".", "").replace(",", ".")
        elif not decimal_comma and _THOUSANDS_COMMA.match(value):
            value = value.replace(",", "")
        elif _DECIMAL_COMMA.match(value):
            value = value.replace(",", ".")
        else:
            raise ValueProblem("not a number") from None
        number = float(value)
    if number != number or number in (float("inf"), float("-inf")):
        raise ValueProblem("not a number")
    return _bounded(number)


def _bounded(number: float) -> float:
    if not -MAX_MAGNITUDE <= number <= MAX_MAGNITUDE:
        raise ValueProblem(f"a number beyond ±{MAX_MAGNITUDE:,} (no course value is that large)")
    return number


_STATUS_WORDS = {
    "": ScoreStatus.MISSING,
    "-": ScoreStatus.MISSING,
    **{mark.casefold(): ScoreStatus(status) for status, mark in CANVAS_MARKS.items()},
}


def parse_score(text: str, *, decimal_comma: bool = False) -> tuple[ScoreStatus, float | None]:
    """A Canvas gradebook cell: number → graded, ``EX`` → excused, ``N/A`` → not
    assigned, blank or ``-`` → missing (points None, never 0)."""
    try:
        number = float(text)
    except ValueError:
        pass
    else:
        if number - number == 0:  # finite (rejects nan and inf)
            _bounded(number)
            dot = text.find(".")
            if dot < 0 or len(text) - dot <= 3:  # at most 2 decimals: already exact
                return ScoreStatus.GRADED, number
            return ScoreStatus.GRADED, round(number, 2)
        raise ValueProblem("not a number")
    word = _STATUS_WORDS.get(text.strip().casefold())
    if word is not None:
        return word, None
    number = parse_number(text, decimal_comma=decimal_comma)
    return ScoreStatus.GRADED, round(number, 2)


@lru_cache(maxsize=4096)
def score_text(status: str, points: float | None) -> str:
    """The Canvas spelling of a score (used in previews and audit rows)."""
    if status == ScoreStatus.GRADED and points is not None:
        return format_points(points)
    return CANVAS_MARKS.get(status, "-")


def format_points(points: float) -> str:
    return f"{round(points, 2):.2f}".rstrip("0").rstrip(".")


def same_points(a: float | None, b: float | None) -> bool:
    """Equal at 2-decimal precision (how Canvas compares on re-import)."""
    if a is None or b is None:
        return a is b
    if not (-1e15 < a < 1e15 and -1e15 < b < 1e15):  # stored before the import bounds
        return a == b
    return round(a * 100) == round(b * 100)


# ---- names ---------------------------------------------------------------------------


def names_from_sortable(sortable: str) -> tuple[str, str]:
    """``"Last, First"`` → (display ``"First Last"``, sortable)."""
    if "," in sortable:
        last, first = (part.strip() for part in sortable.split(",", 1))
        if first and last:
            return f"{first} {last}", f"{last}, {first}"
    return sortable, sortable


def names_from_display(display: str) -> tuple[str, str]:
    """``"First Last"`` → (display, ``"Last, First"``)."""
    parts = display.rsplit(" ", 1)
    if len(parts) == 2 and all(parts):
        return display, f"{parts[1]}, {parts[0]}"
    return display, display


def names_from_parts(first: str, last: str) -> tuple[str, str]:
    if first and last:
        return f"{first} {last}", f"{last}, {first}"
    return first or last, first or last


# ---- dates ---------------------------------------------------------------------------

_EXCEL_EPOCH = datetime(1899, 12, 30, tzinfo=UTC)
_SERIAL_MIN, _SERIAL_MAX = 25_569, 73_051  # 1970-01-01 .. 2099-12-31: plausible course dates
_ISO = re.compile(
    r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?"
    r"\s*(Z|[+-]\d{2}:?\d{2})?$"
)
_NUMERIC_DATE = re.compile(
    r"^(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})"
    r"(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?)?$"
)
_NAMED_FORMATS = ("%b %d, %Y", "%B %d, %Y", "%d %b %Y", "%d %B %Y", "%d-%b-%Y", "%d-%b-%y")


def excel_serial_to_datetime(serial: float) -> datetime:
    """Excel 1900 date system, including its phantom 1900-02-29 (serial 60)."""
    if serial == 60:
        raise ValueProblem("Excel serial 60 is the non-existent 1900-02-29")
    days = serial if serial > 60 else serial + 1
    return _EXCEL_EPOCH + timedelta(days=days)


def _aware(
    year: int, month: int, day: int, hh: int = 0, mm: int = 0, ss: int = 0, tz: str | None = None
) -> datetime:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValueProblem(f"a date outside {MIN_YEAR}–{MAX_YEAR}")
    try:
        value = datetime(year, month, day, hh, mm, ss)
    except ValueError:
        raise ValueProblem("not a valid date") from None
    if tz and tz != "Z":
        sign = 1 if tz[0] == "+" else -1
        digits = tz[1:].replace(":", "")
        offset = timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
        return (value - sign * offset).replace(tzinfo=UTC)
    return value.replace(tzinfo=UTC)


def slash_order(values: list[str]) -> str | None:
    """Decide day/month order for a column of ``a/b/yyyy`` dates.

    Rule: a first part above 12 means day-first (``DMY``); a second part above 12
    means month-first (``MDY``); both kinds in one column is an error (raised);
    dotted dates (``14.09.2026``) are day-first; all-ambiguous columns are
    month-first (US, as AWS Academy and Canvas write them) and return None so
    the caller can warn.
    """
    day_first = month_first = False
    for text in values:
        match = _NUMERIC_DATE.match(text.strip())
        if not match:
            continue
        first, sep, second = int(match.group(1)), match.group(2), int(match.group(3))
        if sep == "." or first > 12:
            day_first = True
        elif second > 12:
            month_first = True
    if day_first and month_first:
        raise ValueProblem("the column mixes day-first and month-first dates")
    if day_first:
        return "DMY"
    return "MDY" if month_first else None


def parse_datetime(text: str, *, order: str = "MDY") -> datetime:
    """One date cell → aware UTC datetime (dates without a zone are taken as UTC).

    Accepts ISO 8601, ``a/b/yyyy [hh:mm [AM|PM]]`` in the column's ``order``,
    ``Sep 14, 2026`` style names and Excel serial numbers (1970–2099).
    """
    value = text.strip()
    if not value:
        raise ValueProblem("no date")
    iso = _ISO.match(value)
    if iso:
        y, mo, d, hh, mm, ss, tz = iso.groups()
        return _aware(int(y), int(mo), int(d), int(hh or 0), int(mm or 0), int(ss or 0), tz)
    numeric = _NUMERIC_DATE.match(value)
    if numeric:
        a, sep, b, y, hh, mm, ss, ampm = numeric.groups()
        day, month = (int(a), int(b)) if order == "DMY" or sep == "." else (int(b), int(a))
        year = int(y) + (2000 if len(y) == 2 else 0)
        hour = int(hh or 0)
        if ampm:
            if not 1 <= hour <= 12:
                raise ValueProblem("not a valid time")
            hour = hour % 12 + (12 if ampm.lower() == "pm" else 0)
        return _aware(year, month, day, hour, int(mm or 0), int(ss or 0))
    try:
        serial = float(value)
    except ValueError:
        serial = None
    if serial is not None:
        if not _SERIAL_MIN <= serial <= _SERIAL_MAX:
            raise ValueProblem("a number that is not a plausible Excel date serial")
        return excel_serial_to_datetime(serial)
    for fmt in _NAMED_FORMATS:
        try:
            parsed = datetime.strptime(value, fmt)
        except ValueError:
            continue
        if not MIN_YEAR <= parsed.year <= MAX_YEAR:
            raise ValueProblem(f"a date outside {MIN_YEAR}–{MAX_YEAR}")
        return parsed.replace(tzinfo=UTC)
    raise ValueProblem("not a date (use YYYY-MM-DD)")
