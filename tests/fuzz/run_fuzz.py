"""The long fuzz run (issue 16): ≥ 10,000 spreadsheet and ≥ 50,000 template inputs.

    python tests/fuzz/run_fuzz.py [--csv 7000] [--xlsx 3000] [--templates 50000]

Each target runs the Hypothesis tests of ``test_fuzz.py`` (random, not the seeded test
command run) in its own pytest process and reports: inputs tried, clean one-line errors,
files read, templates the guard had to catch, failures (uncaught exceptions), signals
(the process died), the slowest input and any over 10 s, and the peak RSS of the process
and its children (the isolated xlsx reader) — the issue's bound is 1 GB.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def run(test: str, examples: int) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "tally.json"
        env = {**os.environ, "FUZZ_EXAMPLES": str(examples), "FUZZ_REPORT": str(report)}
        started = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-x", str(HERE / "test_fuzz.py"), "-k", test],
            env=env,
            capture_output=True,
            text=True,
        )
        seconds = time.perf_counter() - started
        tally = json.loads(report.read_text()) if report.exists() else {}
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    failed = proc.returncode != 0
    return {
        "target": test,
        "asked": examples,
        "inputs": tally.get("inputs", 0),
        "clean_errors": tally.get("clean_errors", 0),
        "read_ok": tally.get("read_ok", 0),
        "guarded": tally.get("guarded", 0),
        "failures": int(failed and proc.returncode > 0),
        "signals": int(proc.returncode < 0),
        "slowest_s": round(float(tally.get("slowest", 0.0)), 2),
        "over_10_s": tally.get("slow", []),
        "peak_rss_mb_so_far": round(peak_mb),
        "seconds": round(seconds, 1),
        "output_tail": proc.stdout.strip().splitlines()[-12:] if failed else [],
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--csv", type=int, default=7000)
    parser.add_argument("--xlsx", type=int, default=3000)
    parser.add_argument("--templates", type=int, default=50000)
    args = parser.parse_args()
    results = []
    for target, count in (
        ("csv_readers", args.csv),
        ("xlsx_readers", args.xlsx),
        ("template_analysis", args.templates),
    ):
        if count:
            results.append(run(target, count))
            print(json.dumps(results[-1], ensure_ascii=False), flush=True)
    bad = [r for r in results if r["failures"] or r["signals"] or r["over_10_s"]]
    print("RESULT:", "FAIL" if bad else "OK")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
