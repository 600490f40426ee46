"""The layer contracts of DESIGN.md hold, and they are able to fail.

``lint-imports`` also runs in the README's test command; this test keeps the contracts
in the suite and proves that a contract with a forbidden import is reported broken
(a contract set that can never fail would be worthless).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parents[1]


def test_the_project_contracts_are_kept() -> None:
    assert lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True) == 0


def _lint_with(tmp_path: Path, module: str, source: str) -> subprocess.CompletedProcess[str]:
    """``lint-imports`` over a copy of the package with ``module`` (a path under ``coursekit/``)
    holding ``source``."""
    tree = tmp_path / "tree"
    shutil.copytree(
        ROOT / "coursekit", tree / "coursekit", ignore=shutil.ignore_patterns("__pycache__")
    )
    (tree / "coursekit" / module).write_text(source)
    shutil.copy(ROOT / "pyproject.toml", tree / "pyproject.toml")
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from importlinter.cli import lint_imports; "
            "sys.exit(lint_imports(no_cache=True))",
        ],
        cwd=tree,
        env={**os.environ, "PYTHONPATH": str(tree)},
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_a_forbidden_import_in_the_domain_breaks_a_contract(tmp_path: Path) -> None:
    run = _lint_with(tmp_path, "domain/leaky.py", "import textual\n")
    assert run.returncode == 1, run.stdout + run.stderr
    assert "coursekit.domain.leaky -> textual" in run.stdout


def test_a_screen_importing_the_app_breaks_a_contract(tmp_path: Path) -> None:
    """Even for type hints only: that import closed the app <-> screens cycle."""
    source = (
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n"
        "    from coursekit.tui.app import CoursekitApp\n"
    )
    run = _lint_with(tmp_path, "tui/screens/needs_app.py", source)
    assert run.returncode == 1, run.stdout + run.stderr
    assert "TUI: the app over its screens over its widgets" in run.stdout
    assert "coursekit.tui.screens.needs_app -> coursekit.tui.app" in run.stdout
