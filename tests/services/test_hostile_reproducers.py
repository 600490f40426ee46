"""Each issue-16 finding, replayed from its reproducer file in tests/data/hostile/, on
SQLite and PostgreSQL: a row error or a one-line message, the database as it was."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from coursekit.services.checklists import attach_template
from coursekit.services.context import ServiceError
from coursekit.services.courses import init_course
from coursekit.services.importing.imports import apply_import, plan_import
from coursekit.services.roster.roster import add_student

HOSTILE = Path(__file__).resolve().parents[1] / "data" / "hostile"
COMP529 = Path(__file__).resolve().parents[2] / "syllabi" / "comp529-cloud-computing.toml"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def ctx(request: pytest.FixtureRequest) -> Any:
    context = request.getfixturevalue("course_ctx" if request.param == "sqlite" else "pg_ctx")
    if request.param == "postgres":
        init_course(context, COMP529)
    add_student(context, "COMP529", student_id="0042", name="Jane Doe")
    return context


def counts(ctx: Any) -> tuple[int, ...]:
    with ctx.read() as session:
        return tuple(
            session.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()
            for table in ("score", "creditevent", "practiceattempt", "importbatch", "student")
        )


@pytest.mark.parametrize(
    ("kind", "name", "expected"),
    [
        ("gradebook", "gradebook-score-1e30.csv", "'1e30' is not a score"),
        ("gradebook", "gradebook-canvas-id-70-digits.csv", "Canvas ID is too long"),
        ("credits", "credits-spend-1e308.csv", "'1e308' is not an amount"),
        ("credits", "credits-year-0001-offset.csv", "a date outside 1970–2100"),
        ("practice", "practice-year-9999-offset.csv", "a date outside 1970–2100"),
    ],
)
def test_reproducer_is_a_row_error_and_nothing_is_imported(
    ctx: Any, kind: str, name: str, expected: str
) -> None:
    before = counts(ctx)
    plan = plan_import(ctx, kind, HOSTILE / name)
    with pytest.raises(ServiceError) as caught:
        apply_import(ctx, plan)
    message = str(caught.value)
    assert "\n" not in message and expected in message and "row 2" in message
    assert counts(ctx) == before


@pytest.mark.parametrize(
    ("name", "content"),
    [("template-bool-maybe.yaml", "maybe"), ("template-json-bigint.json", "99999")],
)
def test_template_parser_gaps_are_one_line(ctx: Any, name: str, content: str) -> None:
    """Used to be a KeyError / ValueError traceback; now the file's one-line parse error,
    quoting nothing of the template."""
    result = attach_template(ctx, "COMP529", "0042", HOSTILE / name)
    error = result.checklist.parse_error
    assert error is not None and error.startswith(f"{name}: ") and "\n" not in error
    assert content not in error.removeprefix(f"{name}: ")


def test_nul_in_a_template_is_a_stored_one_line_parse_error(ctx: Any) -> None:
    """PostgreSQL text cannot hold NUL (it was a traceback there): the parser refuses the
    template's ``\\u0000`` in one line, and the attempt is stored as not handed in."""
    result = attach_template(ctx, "COMP529", "0042", HOSTILE / "template-nul.json")
    error = result.checklist.parse_error
    assert error is not None and "NUL" in error and "\n" not in error
    assert "TEMPLATE-PARSE" in {item.rule_id for item in result.checklist.items}


def test_fuzz_find_parse_error_quoting_a_line_break_stays_one_line(ctx: Any) -> None:
    """Found by the long fuzz run: ``duplicate key '<newline>'`` was a two-line message."""
    result = attach_template(ctx, "COMP529", "0042", HOSTILE / "fuzz-duplicate-newline-key.json")
    error = result.checklist.parse_error
    assert error is not None and "\n" not in error and "duplicate key '\\n'" in error
