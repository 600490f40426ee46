"""Benchmark: check every sample template together, coursekit vs cfn-lint.

Usage::

    python benchmarks/bench_cfn.py [--samples DIR] [--repeat N] [--lint-repeat N]

Reports the median wall time (seconds) over the repeats, for the whole set of
templates at once, measured in the same run on the same files:

* coursekit analysis in-process (``analyze_template`` on each file's bytes);
* ``coursekit cfn check`` in a fresh Python process (start-up and imports included);
* cfn-lint in-process (``cfnlint.api.lint_by_config``: one run over all files,
  its imports done beforehand);
* the cfn-lint command in a fresh process;
* ``coursekit cfn check --lint`` in a fresh process (both, merged).

cfn-lint is optional: its rows say "not installed" when it is missing.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_SAMPLES = [
    REPO.parent / "shared" / "samples" / "cfn",  # /work/main
    REPO.parents[1] / "shared" / "samples" / "cfn",  # a worktree under /work/wt
    REPO / "tests" / "data" / "cfn",
]
REGIONS = ["us-east-1"]


def _templates(root: Path) -> list[Path]:
    """Sample templates (tests/data/cfn/own holds the rule tests' own templates)."""
    return sorted(
        p
        for p in root.rglob("*")
        if p.suffix in (".yaml", ".yml", ".json") and p.relative_to(root).parts[0] != "own"
    )


def _median(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _run(cmd: list[str]) -> None:
    subprocess.run(cmd, cwd=REPO, capture_output=True, check=False)


def _has_cfn_lint() -> bool:
    try:
        import cfnlint.api  # noqa: F401
    except ImportError:
        return False
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=Path, default=None, help="folder of templates")
    parser.add_argument("--repeat", type=int, default=5, help="runs for coursekit rows")
    parser.add_argument("--lint-repeat", type=int, default=3, help="runs for cfn-lint rows")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(REPO))
    from coursekit.domain.cfn import analyze_template

    root = args.samples or next(p for p in DEFAULT_SAMPLES if p.is_dir())
    files = _templates(root)
    blobs = [(p.read_bytes(), p.name) for p in files]
    names = [str(p) for p in files]
    python = sys.executable
    cli = "from coursekit.cli.cfn import cfn_app; cfn_app()"

    rows: list[tuple[str, str]] = []
    ours = _median(lambda: [analyze_template(b, n) for b, n in blobs], args.repeat)
    rows.append(("coursekit analyze_template (in-process)", f"{ours:.3f}"))
    ours_cli = _median(lambda: _run([python, "-c", cli, "check", *names]), args.repeat)
    rows.append(("coursekit cfn check (new process)", f"{ours_cli:.3f}"))
    if _has_cfn_lint():
        from cfnlint.api import ManualArgs, lint_by_config

        config = ManualArgs(templates=names, regions=REGIONS)
        theirs = _median(lambda: lint_by_config(config), args.lint_repeat)
        rows.append(("cfn-lint api.lint_by_config (in-process)", f"{theirs:.3f}"))
        script = Path(python).with_name("cfn-lint")
        lint_cmd = [str(script) if script.exists() else "cfn-lint", "--regions", *REGIONS]
        theirs_cli = _median(lambda: _run([*lint_cmd, "--", *names]), args.lint_repeat)
        rows.append(("cfn-lint command (new process)", f"{theirs_cli:.3f}"))
        both = _median(lambda: _run([python, "-c", cli, "check", "--lint", *names]),
                       args.lint_repeat)  # fmt: skip
        rows.append(("coursekit cfn check --lint (new process)", f"{both:.3f}"))
    else:
        rows.append(("cfn-lint", "not installed"))

    print(f"{len(files)} templates from {root}, median seconds for all of them together")
    width = max(len(r[0]) for r in rows)
    print(f"| {'check':<{width}} | {'seconds':>13} |")
    print(f"|{'-' * (width + 2)}|{'-' * 15}|")
    for label, value in rows:
        print(f"| {label:<{width}} | {value:>13} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
