"""Hypothesis strategies for hostile spreadsheets and templates, and the checks every
input must pass: a reader returns records and row issues or raises its one clean error
type — never anything else (issue 16). Shared by ``test_fuzz.py`` (short, seeded, in the
test command) and ``run_fuzz.py`` (the long run that reports counts)."""

from __future__ import annotations

import io
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from hypothesis import strategies as st

from coursekit.config import Limits
from coursekit.domain.cfn import TemplateAnalysis
from coursekit.domain.imports import AssessmentRef
from coursekit.interchange.canvas_gradebook import read_gradebook
from coursekit.interchange.cfn_guard import analyze_untrusted
from coursekit.interchange.credit_reader import read_credits
from coursekit.interchange.practice_reader import read_practice
from coursekit.interchange.roster_reader import read_roster
from coursekit.interchange.spreadsheet import SpreadsheetError, read_sheet
from coursekit.interchange.syllabus_toml import load_exams

REPO = Path(__file__).resolve().parents[2]
EXAMS = load_exams(REPO / "syllabi" / "exams")
LABS = [AssessmentRef("101", "Lab 1", 10.0), AssessmentRef("102", "Lab 2", 20.0)]
LIMITS = Limits()

HOSTILE_CELLS = [
    "",
    " ",
    "0",
    "00123",
    "1e30",
    "-1e308",
    "1.8e306",
    "1e309",
    "nan",
    "inf",
    "-inf",
    "1,5",
    "1.234,5",
    "1,234.5",
    "EX",
    "N/A",
    "-",
    "=cmd|' /C calc'!A0",
    "+1",
    "@SUM(1)",
    "0001-01-01T00:00:00+05:00",
    "9999-12-31T23:59:59-05:00",
    "2026-09-14",
    "9/31/2026",
    "13/13/2026",
    "14.09.2026",
    "Sep 14, 2026",
    "46280",
    "60",
    "-5",
    "1E+11",
    "1.23457E+11",
    "[/bold]",
    "\x00",
    "\u202e",
    "é",
    "9" * 5000,
    "1" * 70,
    "'",
    '"',
    "a,b",
    "Ada Lovelace",
    "Lovelace, Ada",
    "ada@example.edu",
    "S1",
    "Withdrawn",
    "Enrolled",
    "$1,000.50",
    "100%",
    "SAA-C03",
    "780",
    "\ufeff",
    "\r",
    "\n",
    "𝔘",
    "12:61",
    "2026-02-30T25:00:00Z",
]
HEADERS = [
    "Student",
    "ID",
    "SIS User ID",
    "SIS Login ID",
    "Section",
    "Lab 1 (101)",
    "Lab 2 (102)",
    "Lab 2 (102)",
    "Student Number",
    "First Name",
    "Last Name",
    "Name",
    "Email",
    "Status",
    "Student ID",
    "Date",
    "Spent",
    "Spent (USD)",
    "Budget (USD)",
    "Exam",
    "Score",
    "Minutes",
    "Questions",
    "Domain 1",
    "Design Resilient Architectures (%)",
    "    Points Possible",
    "",
]


@dataclass
class Tally:
    """What the fuzz inputs did: the long run prints it."""

    inputs: int = 0
    clean_errors: int = 0
    read_ok: int = 0
    guarded: int = 0  # templates whose parser raised and the guard turned into one line
    slowest: float = 0.0
    slow: list[str] = field(default_factory=list)

    def timed(self, label: str, started: float) -> None:
        spent = time.perf_counter() - started
        self.slowest = max(self.slowest, spent)
        if spent > 10:
            self.slow.append(f"{label}: {spent:.1f} s")


TALLY = Tally()

cell = st.one_of(st.sampled_from(HOSTILE_CELLS), st.text(max_size=12))
header = st.lists(st.one_of(st.sampled_from(HEADERS), st.text(max_size=10)), min_size=1, max_size=8)


@st.composite
def csv_bytes(draw: st.DrawFn) -> bytes:
    delimiter = draw(st.sampled_from([",", ";", "\t"]))
    names = draw(header)
    rows = draw(st.lists(st.lists(cell, max_size=len(names) + 2), max_size=6))

    def quote(text: str) -> str:
        if any(ch in text for ch in (delimiter, '"', "\n", "\r")) and draw(st.booleans()):
            return '"' + text.replace('"', '""') + '"'
        return text

    lines = [delimiter.join(quote(c) for c in row) for row in [names, *rows]]
    text = draw(st.sampled_from(["\n", "\r\n", "\r"])).join(lines)
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"]))
    data = text.encode(
        encoding, errors="surrogatepass" if encoding.startswith("utf") else "replace"
    )
    if draw(st.booleans()):  # a raw byte mutation somewhere
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.binary(max_size=8)) + data[at:]
    return data


def _col(n: int) -> str:
    letters = ""
    while n > 0:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return letters or "A"


_CT = (
    '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-'
    'package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    "</Types>"
)
_RELS = (
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
_WB = (
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="{name}" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WB_RELS = (
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"'
    ' Target="sharedStrings.xml"/></Relationships>'
)


def _xml_text(text: str) -> str:
    text = "".join(ch for ch in text if ch in "\t\n\r" or ord(ch) >= 32)
    text = "".join(ch for ch in text if not 0xD800 <= ord(ch) <= 0xDFFF)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@st.composite
def xlsx_bytes(draw: st.DrawFn) -> bytes:
    """A minimal workbook whose every declaration may lie: shared-string counts, the
    dimension, cell references, cell types; then maybe a DTD, truncation or a byte flip."""
    names = draw(header)
    rows = [names, *draw(st.lists(st.lists(cell, max_size=len(names) + 1), max_size=5))]
    shared: list[str] = []
    body = []
    big = st.sampled_from([0, 1, 2, 3, 26, 703, 16384, 16385, 1048576, 1048577, 2**31, 2**32 - 1])
    for r, row in enumerate(rows, start=1):
        row_no = draw(big) if draw(st.integers(0, 30)) == 0 else r
        cells = []
        for c, value in enumerate(row, start=1):
            col = draw(big) if draw(st.integers(0, 30)) == 0 else c
            ref = f"{_col(col)}{row_no}"
            kind = draw(st.sampled_from(["s", "inline", "n", "b", "e", "d", "bad-s"]))
            if kind == "s":
                shared.append(value)
                cells.append(f'<c r="{ref}" t="s"><v>{len(shared) - 1}</v></c>')
            elif kind == "bad-s":
                cells.append(f'<c r="{ref}" t="s"><v>{draw(big)}</v></c>')
            elif kind == "inline":
                cells.append(f'<c r="{ref}" t="inlineStr"><is><t>{_xml_text(value)}</t></is></c>')
            elif kind == "d":
                cells.append(f'<c r="{ref}" t="d"><v>{_xml_text(value)}</v></c>')
            else:
                t = {"n": "", "b": ' t="b"', "e": ' t="e"'}[kind]
                cells.append(f'<c r="{ref}"{t}><v>{_xml_text(value)}</v></c>')
        body.append(f'<row r="{row_no}">{"".join(cells)}</row>')
    dim = draw(
        st.sampled_from(["A1", "A1:B2", "A1:XFD1048576", f"A1:{_col(len(names))}{len(rows)}"])
    )
    sheet = (
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<dimension ref="{dim}"/><sheetData>{"".join(body)}</sheetData></worksheet>'
    )
    count = draw(st.one_of(st.just(len(shared)), big, st.just(-1)))
    unique = draw(st.one_of(st.just(len(shared)), big))
    sst = (
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        f'count="{count}" uniqueCount="{unique}">'
        + "".join(f"<si><t>{_xml_text(s)}</t></si>" for s in shared)
        + "</sst>"
    )
    if draw(st.integers(0, 20)) == 0:
        sst = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]>' + sst
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", _CT)
        zf.writestr("_rels/.rels", _RELS)
        zf.writestr("xl/workbook.xml", _WB.format(name=_xml_text(draw(st.text(max_size=8))) or "S"))
        zf.writestr("xl/_rels/workbook.xml.rels", _WB_RELS)
        zf.writestr("xl/worksheets/sheet1.xml", sheet)
        if draw(st.integers(0, 10)):
            zf.writestr("xl/sharedStrings.xml", sst)
    data = out.getvalue()
    mutation = draw(st.integers(0, 6))
    if mutation == 0:
        data = data[: draw(st.integers(4, len(data)))]
    elif mutation == 1:
        at = draw(st.integers(4, len(data) - 1))
        data = data[:at] + bytes([data[at] ^ draw(st.integers(1, 255))]) + data[at + 1 :]
    return data


def check_spreadsheet(data: bytes, suffix: str, folder: Path) -> None:
    """Read ``data`` as a file and run every row reader on it: clean outcomes only."""
    path = folder / f"fuzz{suffix}"
    path.write_bytes(data)
    started = time.perf_counter()
    TALLY.inputs += 1
    try:
        sheet = read_sheet(path, LIMITS)
    except SpreadsheetError as exc:
        message = str(exc)
        assert "\n" not in message and message.startswith(path.name), message
        TALLY.clean_errors += 1
        TALLY.timed(f"{suffix} {len(data)} bytes", started)
        return
    TALLY.read_ok += 1
    read_roster(sheet)
    read_gradebook(sheet, LABS)
    read_credits(sheet)
    read_practice(sheet, EXAMS, "SAA-C03")
    TALLY.timed(f"{suffix} {len(data)} bytes", started)


SCALARS = [
    "AWS::S3::Bucket",
    "AWS::EC2::Instance",
    "LabRole",
    "vockey",
    "123456789012",
    "us-east-1a",
    "ami-0abcdef1234567890",
    "9" * 5000,
    "0x" + "f" * 300,
    "1e400",
    "-.inf",
    ".nan",
    "~",
    "null",
    "maybe",
    "yes",
    "no",
    "on",
    "2026-09-14",
    "'\\ud800'",
    '"\\ud800"',
    '"\\U0010ffff"',
    "${AWS::Region}",
    "${" * 50,
    "$" * 50,
    "!Ref",
    "&a",
    "*a",
    "<<",
    "''",
    "[]",
    "{}",
    "\x00",
]
TAGS = [
    "",
    "!Ref ",
    "!Sub ",
    "!GetAtt ",
    "!Join ",
    "!If ",
    "!!bool ",
    "!!int ",
    "!!float ",
    "!!binary ",
    "!!timestamp ",
    "!!python/object:os.system ",
    "!!set ",
    "!!omap ",
    "!Unknown ",
]


@st.composite
def template_text(draw: st.DrawFn) -> str | bytes:
    """YAML or JSON templates: real structure, hostile scalars, tags, anchors, nesting."""
    value = st.builds(
        lambda tag, scalar: f"{tag}{scalar}",
        st.sampled_from(TAGS),
        st.one_of(st.sampled_from(SCALARS), st.text(max_size=15)),
    )
    props = draw(st.lists(st.tuples(st.text(max_size=8), value), max_size=5))
    if draw(st.booleans()):
        lines = [
            "AWSTemplateFormatVersion: '2010-09-09'",
            "Resources:",
            f"  {draw(st.sampled_from(['Bucket', 'A', '', '&x B', '<<']))}:",
            f"    Type: {draw(value)}",
            "    Properties:",
        ]
        lines += [f"      {k or 'K'}: {v}" for k, v in props]
        depth = draw(st.integers(0, 60))
        lines.append("      Deep: " + "[" * depth + "1" + "]" * depth)
        text = "\n".join(lines) + "\n"
    else:
        inner = ", ".join(f'"{k}": {v if v[:1] in "0123456789-[{" else repr(v)}' for k, v in props)
        text = '{"Resources": {"A": {"Type": "AWS::S3::Bucket", "Properties": {' + inner + "}}}}"
    if draw(st.booleans()):
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.text(max_size=6)) + text[at:]
    if draw(st.integers(0, 4)) == 0:
        return text.encode("utf-8", errors="surrogatepass") + draw(st.binary(max_size=6))
    return text


def check_template(data: str | bytes) -> None:
    started = time.perf_counter()
    TALLY.inputs += 1
    analysis = analyze_untrusted(data, "t.yaml")
    assert isinstance(analysis, TemplateAnalysis)
    if analysis.parse_error is not None:
        assert "\n" not in analysis.parse_error, analysis.parse_error
        TALLY.clean_errors += 1
        if "could not be analysed" in analysis.parse_error:
            TALLY.guarded += 1
    else:
        TALLY.read_ok += 1
    TALLY.timed(f"template {len(data)} chars", started)
