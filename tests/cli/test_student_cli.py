"""`coursekit student …`, `score …` and `extend` end to end on a SQLite file."""

from __future__ import annotations

import json

import pytest

TITLE = "Guided lab: Exploring AWS Identity and Access Management (IAM)"


@pytest.fixture
def cli(comp529_cli):  # type: ignore[no-untyped-def]
    from coursekit.cli.support import service_context
    from coursekit.services.roster.roster import add_student

    with service_context() as ctx:
        add_student(
            ctx, "COMP529", student_id="000111", name="Ada Lovelace", email="ada@example.edu"
        )
    return comp529_cli


def test_student_show_edit_drop_reactivate(cli) -> None:  # type: ignore[no-untyped-def]
    code, out = cli("student", "show", "ada@example.edu")
    assert code == 0 and out.startswith("Ada Lovelace (000111)") and "status         active" in out
    code, out = cli("student", "edit", "000111", "--section", "B", "--name", "Ada King")
    assert code == 0 and out.strip() == "000111: name Ada Lovelace → Ada King; section - → B"
    code, out = cli("student", "edit", "000111", "--name", "X", "--expect-version", "1")
    assert code == 2 and "changed by someone else" in out
    code, out = cli("student", "drop", "000111")
    assert code == 0 and out.strip() == "000111 (Ada King) is now dropped in section B"
    shown = json.loads(cli("student", "show", "000111", "--json")[1])
    assert (shown["status"], shown["section"], shown["name"]) == ("dropped", "B", "Ada King")
    code, out = cli("student", "drop", "000111")
    assert code == 2 and out.strip() == "error: 000111 is already dropped in COMP529"
    assert cli("student", "reactivate", "000111")[1].strip().endswith("is now active in section B")
    code, out = cli("student", "show", "nobody")
    assert code == 2 and out.strip() == "error: no student 'nobody' in COMP529"


def test_score_set_excuse_clear_and_extend(cli) -> None:  # type: ignore[no-untyped-def]
    code, out = cli("score", "set", "000111", "1937901", "27")
    assert code == 0 and out.strip() == f"000111 1937901 ({TITLE}): - → 27"
    assert cli("score", "excuse", "000111", "1937901")[1].strip().endswith("27 → EX")
    assert cli("score", "clear", "000111", "1937901")[1].strip().endswith("EX → -")
    code, out = cli("score", "set", "000111", "1937901", "301")
    assert code == 2 and "is not a score for 1937901" in out

    code, out = cli("extend", "000111", "1937901", "--until", "2026-09-24T23:59:00-04:00")
    assert code == 0 and "due 2026-09-24T23:59:00-04:00 for 000111" in out
    code, out = cli("extend", "000111", "1937901", "--until", "2026-09-24T23:59:00")
    assert code == 2 and "needs a time zone" in out
    code, out = cli("extend", "000111", "1937901", "--remove")
    assert code == 0 and out.strip().endswith("extension removed")
    code, out = cli("extend", "000111", "--all-future")
    assert code == 2 and "--all-future needs --days N" in out
    code, out = cli("extend", "000111", "--all-future", "--days", "2")
    assert code == 0 and "due dates moved 2 days later for 000111" in out


def test_history_and_revert(cli) -> None:  # type: ignore[no-untyped-def]
    cli("score", "set", "000111", "1937901", "27")
    cli("score", "set", "000111", "1937901", "25")
    changes = json.loads(cli("history", "000111", "--json")[1])
    latest, earlier = changes[0], changes[1]
    assert [c["text"] for c in latest["changes"]] == ["points: 27 → 25"]
    code, out = cli("history", "000111")
    assert code == 0 and f"#{latest['change']}  " in out and "points: 27 → 25" in out
    code, out = cli("revert", str(earlier["change"]))
    assert code == 2 and f"change {latest['change']}" in out and "revert that one first" in out
    code, out = cli("revert", str(latest["change"]))
    assert code == 0 and out.startswith(f"reverted change {latest['change']} for Ada Lovelace")
    assert "points: 25 → 27" in out
