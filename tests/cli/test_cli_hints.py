"""The CLI words a problem's hint as its own options; ``--json`` carries code, field, hint."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from coursekit.cli import app
from coursekit.cli.hints import hint_text
from coursekit.domain.problems import HintKind

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from test_message_wording import OPTION, cli_options


def test_every_hint_has_words_and_names_only_real_options() -> None:
    options = cli_options()
    for hint in HintKind:
        words = hint_text(hint, "behind", row=7)
        assert words.strip(), hint
        assert set(OPTION.findall(words)) <= options, (hint, words)


def test_a_value_hint_names_the_option_of_the_field() -> None:
    assert hint_text(HintKind.FIX_VALUE, "links") == " (check --link)"
    assert hint_text(HintKind.FIX_VALUE, "include_dropped") == " (check --include-dropped)"
    assert hint_text(HintKind.MAP_COLUMN, "student_id") == ' (use --map "Header=student_id")'
    assert hint_text(HintKind.LINK_ROW, "student_id", row=4) == (
        "; link the row with --link 4=STUDENT"
    )


@pytest.mark.usefixtures("db_url")
def test_a_refused_value_is_worded_with_its_option() -> None:
    result = CliRunner().invoke(app, ["nudges", "--behind", "0"])
    assert result.exit_code == 2
    assert result.output == "error: behind must be at least 1 (check --behind)\n"


@pytest.mark.usefixtures("db_url")
def test_json_output_of_an_error_carries_code_field_and_hint() -> None:
    result = CliRunner().invoke(app, ["nudges", "--days", "-1", "--json"])
    assert result.exit_code == 2
    assert json.loads(result.stdout) == {
        "error": {
            "message": "days cannot be negative",
            "code": "invalid_value",
            "field": "days",
            "hint": "fix_value",
        }
    }
    assert result.stderr == "error: days cannot be negative (check --days)\n"
