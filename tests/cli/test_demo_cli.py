"""`coursekit demo` says where its database is and how to open it again."""

from __future__ import annotations

from typer.testing import CliRunner

from coursekit.cli import app, support


def test_demo_names_its_database(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("COURSEKIT_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("COURSEKIT_DB", raising=False)
    monkeypatch.setattr(support.options, "db", None)
    result = CliRunner().invoke(app, ["demo", "--no-tui"])
    assert result.exit_code == 0, result.output
    first, second = result.output.splitlines()[:2]
    assert first.startswith(f"demo database: {tmp_path / 'demo.sqlite3'} (2 courses")
    assert second.startswith("open it again: coursekit demo   (or: coursekit --db sqlite:///")
    assert "demo.sqlite3" in second
