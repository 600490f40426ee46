"""``coursekit grades|labs|credits|readiness|nudges``: tables, JSON, one-line errors."""

from __future__ import annotations

import json

import pytest

from support.engine_cli import AS_OF, run


def test_grades_table_and_json(db_url: str) -> None:
    code, out = run("grades", "--course", "COMP529", "--as-of", AS_OF)
    assert code == 0, out
    assert "Ada Lovelace" in out and "0042" in out
    code, out = run("grades", "--json", "--as-of", AS_OF)
    assert code == 0, out
    (row,) = json.loads(out)
    # Current: GL 27/30 (×30) + KC 10/10 (×15) + KC 1939003 missing → 0 … the missing-work
    # policy grades past-due work 0, CL 1938004 (due 09-28) missing → 0:
    # GL 27/30 = .9 ×30 = 27; CL 0/45 ×30 = 0; KC keeps best of 10/10, 0/10, 0/10 → 1.0 ×15;
    # (27 + 0 + 15) / 75 = 56.00.
    assert row["student_id"] == "0042" and row["current_percent"] == 56.0
    assert row["categories"]["Knowledge checks"]["dropped_current"] == ["1939003", "1939004"]


def test_labs_credits_readiness_nudges(db_url: str) -> None:
    code, out = run("labs", "--json", "--as-of", AS_OF)
    assert code == 0, out
    data = json.loads(out)
    assert data["students"][0]["passed"] == 1 and data["students"][0]["overdue"] == 1
    assert data["labs"][0]["rate"] == 1.0

    code, out = run("credits", "--json", "--as-of", AS_OF)
    assert code == 0, out
    (credit,) = json.loads(out)
    assert credit["spent"] == 28.0 and credit["burn_per_day"] == pytest.approx(2.0)
    assert "runs_out_before_close" in credit["flags"]

    code, out = run("readiness", "--exam", "SAA-C03", "--as-of", AS_OF)
    assert code == 0 and "not_yet" in out and "SAA-C03" in out

    code, out = run("nudges", "--json", "--as-of", AS_OF, "--behind", "1")
    assert code == 0, out
    (nudge,) = json.loads(out)
    assert nudge["behind"] == 1 and nudge["overdue"] == ["1938004"]
    code, out = run("nudges", "--as-of", AS_OF, "--section", "B")
    assert code == 0 and "Ada" not in out


def test_user_mistakes_are_one_line_errors(db_url: str) -> None:
    code, out = run("grades", "--course", "NOPE")
    assert code == 2 and out.strip() == "error: no course 'NOPE' (see `coursekit courses`)"
    code, out = run("credits", "--as-of", "yesterday")
    assert code == 2 and out.strip().startswith("error: --as-of: 'yesterday'")
    code, out = run("readiness", "--exam", "XYZ-C01")
    assert code == 2 and out.strip() == "error: unknown exam code 'XYZ-C01'"
    code, out = run("nudges", "--behind", "0")
    assert code == 2 and "Traceback" not in out


def test_grades_explain_agrees_with_the_grade(db_url: str) -> None:
    code, out = run("grades", "--json", "--as-of", AS_OF)
    (row,) = json.loads(out)
    code, out = run("grades", "--explain", "0042", "--json", "--as-of", AS_OF)
    assert code == 0, out
    ex = json.loads(out)
    assert ex["current"]["percent"] == row["current_percent"] == 56.0
    assert ex["final"]["percent"] == row["final_percent"]
    assert ex["letter"] == row["letter"]
    # Current: GL 27/30 × 30 = 27, CL 0/45 × 30 = 0, KC best of three 10/10 × 15 = 15;
    # Capstone not counted yet: (27 + 0 + 15) × 100 / 75 = 56.
    assert ex["current"]["formula"] == "(27 + 0 + 15) × 100 / 75 = 56"
    kc = next(c for c in ex["categories"] if c["name"] == "Knowledge checks")
    states = {i["key"]: (i["current"], i["final"]) for i in kc["items"]}
    assert states["1939002"] == ("counted", "counted")
    assert states["1939003"][0] == "dropped"  # missing: 0 by the policy, then dropped
    dropped_final = row["categories"]["Knowledge checks"]["dropped_final"]
    assert sorted(k for k, (_, f) in states.items() if f == "dropped") == sorted(dropped_final)

    code, out = run("grades", "--explain", "0042", "--as-of", AS_OF)
    assert code == 0 and out.startswith("Ada Lovelace (0042)")
    assert "Current (graded work only): 56.00 %" in out
    assert "  (27 + 0 + 15) × 100 / 75 = 56" in out
    code, out = run("grades", "--explain", "nobody")
    assert code == 2 and "no student 'nobody'" in out
