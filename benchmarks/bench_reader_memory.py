"""Peak memory and time of reading the largest spreadsheets the limits allow.

    python benchmarks/bench_reader_memory.py [--rows 200000] [--cols 50] [--csv-mb 48] [--keep DIR]

Generates (once, in a temp folder) an xlsx of ``rows × cols`` cells (numbers and
short distinct strings, written as raw XML) and a csv of about ``--csv-mb`` MB, then
reads each with ``spreadsheet.read_sheet`` in a fresh process and reports its peak
RSS and that of the isolated xlsx reader child (``ru_maxrss`` of self / children),
beside the floor: the same process only reading the file's bytes.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

_PROBE = """
import json, resource, sys, time
from pathlib import Path
sys.path.insert(0, {repo!r})
path = Path(sys.argv[1])
t = time.perf_counter()
if sys.argv[2] == "floor":
    n = len(path.read_bytes())
else:
    from coursekit.config import Limits
    from coursekit.interchange.spreadsheet import read_sheet
    n = sum(len(r) for r in read_sheet(path, Limits()).rows)
print(json.dumps({{"cells": n, "seconds": time.perf_counter() - t,
  "self_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
  "child_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}}))
"""


def make_xlsx(path: Path, rows: int, cols: int) -> None:
    head = (
        '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats'
        f'.org/spreadsheetml/2006/main"><dimension ref="A1:A{rows}"/><sheetData>'
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr(
            "_rels/.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        zf.writestr(
            "xl/workbook.xml",
            '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            '<sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        zf.writestr(
            "xl/_rels/workbook.xml.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        )
        with zf.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as out:
            out.write(head.encode())
            rng = random.Random(16)
            for r in range(1, rows + 1):
                cells = [f'<c t="inlineStr"><is><t>s{r}</t></is></c>']
                cells += [f"<c><v>{rng.randrange(10**6) / 100}</v></c>" for c in range(1, cols)]
                out.write(f'<row r="{r}">{"".join(cells)}</row>'.encode())
            out.write(b"</sheetData></worksheet>")


def make_csv(path: Path, megabytes: int, rows: int) -> None:
    """``rows`` data rows (the row limit) of short numbers, as wide as the size needs."""
    cols = max(2, megabytes * 1_000_000 // rows // 7)
    rng = random.Random(16)
    with path.open("w", encoding="utf-8") as out:
        out.write(",".join(f"col{c}" for c in range(cols)) + "\n")
        for r in range(1, rows):
            values = (f"{rng.randrange(10**5) / 100}" for _ in range(cols - 1))
            out.write(f"s{r}," + ",".join(values) + "\n")


def probe(path: Path, mode: str) -> dict[str, float]:
    proc = subprocess.run(
        [sys.executable, "-c", _PROBE.format(repo=str(REPO)), str(path), mode],
        capture_output=True,
        text=True,
    )
    if proc.returncode:
        raise SystemExit(f"{path.name} {mode}: {proc.stderr.strip().splitlines()[-1]}")
    return json.loads(proc.stdout)


def bombs() -> None:
    """Refusal time of a 15 MB zip bomb (inflating to ~15 GiB): truthful directory, a
    directory lying small, and one lying just under the 500 MiB cap (zipfile inflates up
    to the declared size, then the CRC fails)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "zip_bomb", REPO / "tests" / "support" / "zip_bomb.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    sys.path.insert(0, str(REPO))
    from coursekit.config import Limits
    from coursekit.interchange.spreadsheet import SpreadsheetError, read_sheet

    with tempfile.TemporaryDirectory() as tmp:
        for declared in (4_000_000_000, 1_000, 400 * 2**20):
            path = Path(tmp) / "bomb.xlsx"
            size, inflated = module.make_zip_bomb(path, declared=declared)
            started = time.perf_counter()
            try:
                read_sheet(path, Limits())
                outcome = "READ (should have been refused)"
            except SpreadsheetError as exc:
                outcome = str(exc)
            spent = time.perf_counter() - started
            print(
                f"{size / 2**20:.1f} MiB zip, inflates to {inflated / 2**30:.1f} GiB, "
                f"declares {declared:,} B: {spent:.3f} s — {outcome}"
            )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--cols", type=int, default=50)
    parser.add_argument("--csv-mb", type=int, default=48)
    parser.add_argument("--keep", help="folder to keep (and reuse) the generated files in")
    parser.add_argument("--bomb", action="store_true", help="only time 15 MB zip bombs")
    args = parser.parse_args()
    if args.bomb:
        bombs()
        return
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(args.keep or tmp)
        xlsx, csv_file = folder / "big.xlsx", folder / "big.csv"
        t = time.perf_counter()
        if not xlsx.exists():
            make_xlsx(xlsx, args.rows, args.cols)
        if not csv_file.exists():
            make_csv(csv_file, args.csv_mb, args.rows)
        print(
            f"generated in {time.perf_counter() - t:.1f} s: xlsx {xlsx.stat().st_size / 1e6:.1f} MB"
            f" ({args.rows} × {args.cols} cells), csv {csv_file.stat().st_size / 1e6:.1f} MB"
        )
        print(f"{'file':6} {'mode':6} {'cells':>10} {'seconds':>8} {'peak MB':>8} {'child MB':>9}")
        for path in (xlsx, csv_file):
            for mode in ("floor", "read"):
                r = probe(path, mode)
                print(
                    f"{path.suffix[1:]:6} {mode:6} {r['cells']:>10} {r['seconds']:>8.2f}"
                    f" {r['self_mb']:>8.0f} {r['child_mb']:>9.0f}"
                )


if __name__ == "__main__":
    main()
