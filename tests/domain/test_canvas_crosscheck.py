"""Canvas cross-check: configure the export's assignment groups in a syllabus policy and
show that coursekit's Current/Final scores equal Canvas's computed columns to 2 decimals.

The shipped sample exports (shared/samples/canvas) cannot serve: their only computed
column, ``Homework Current Score``, does not follow from their scores (see the last
test). The exports in tests/data/canvas-crosscheck/ are hand-built in Canvas's format;
their computed columns were worked out by hand from Canvas's documented rules:

weighted.csv — Homework 40 % (drop lowest 1, never drop H3), Quizzes 20 %, Exam 40 %.
  Doe:  HW keeps H1+H3 = 10/15 (not H2+H3 = 51/105; H4 excused) = 66.67 both;
        Quizzes current 8/10 = 80, final 8/20 = 40 (Q2 and the 0-point bonus ungraded);
        Exam 40/50 = 80. Current 26.667 + 16 + 32 = 74.67; Final 26.667 + 8 + 32 = 66.67.
  Roe:  HW current keeps H1+H4 = 17/30 = 56.67 — it drops H2 (50 %), not H4 (40 %):
        H1+H2 = 59/110 = 53.6 %. Final adds H3 as 0/5 (never drop) and now keeps
        H1+H2 = 59/115 = 51.30 (H1+H4 = 17/35 = 48.6 %). Quizzes: Q1 N/A, 6/10 + 3 bonus
        = 90. Exam: nothing graded, so Current leaves the group out and rescales:
        (22.667 + 18) / 60 × 100 = 67.78; Final 20.522 + 18 + 0 = 38.52.
  Poe:  Homework all excused (group left out); Quizzes 22/20 = 110; Exam 100;
        (22 + 40) / 60 × 100 = 103.33 both.
points.csv — the same scores, groups unweighted: totals are Σ points / Σ possible:
  Doe 58/75 = 77.33, 58/85 = 68.24; Roe 26/40 = 65.00, 68/175 = 38.86;
  Poe 72/70 = 102.86 both.
"""

from __future__ import annotations

import csv
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from coursekit.domain.enums import AssessmentKind, ScoreStatus
from coursekit.domain.grading import GradeCalculator, GradeResult, ScoreFact
from coursekit.domain.syllabus import AssessmentSpec, GradingCategory, GradingPolicy

DATA = Path(__file__).resolve().parents[1] / "data" / "canvas-crosscheck"
SAMPLES = Path(__file__).resolve().parents[1] / "data" / "canvas"
NOW = datetime(2026, 12, 31, tzinfo=UTC)
GROUP_OF = {
    "101": "Homework",
    "102": "Homework",
    "103": "Homework",
    "104": "Homework",
    "201": "Quizzes",
    "202": "Quizzes",
    "401": "Quizzes",
    "301": "Exam",
}
ASSIGNMENT = re.compile(r"\((\d+)\)$")


def policy(weighted: bool) -> GradingPolicy:
    return GradingPolicy(
        categories=(
            GradingCategory(
                "Homework", 40 if weighted else None, drop_lowest=1, never_drop=("103",)
            ),
            GradingCategory("Quizzes", 20 if weighted else None),
            GradingCategory("Exam", 40 if weighted else None),
        )
    )


def cell_fact(key: str, text: str) -> ScoreFact:
    text = text.strip()
    if text in ("", "-"):
        return ScoreFact(key, None, ScoreStatus.MISSING)
    if text == "EX":
        return ScoreFact(key, None, ScoreStatus.EXCUSED)
    if text == "N/A":
        return ScoreFact(key, None, ScoreStatus.NOT_ASSIGNED)
    return ScoreFact(key, float(text))


def read_export(path: Path) -> tuple[list[AssessmentSpec], list[dict[str, str]]]:
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    header = rows[0]
    possible = next(r for r in rows if r[0].strip() == "Points Possible")
    specs = []
    for i, name in enumerate(header):
        found = ASSIGNMENT.search(name)
        if found:
            key = found.group(1)
            specs.append(
                AssessmentSpec(
                    key, name, AssessmentKind.ASSESSMENT, GROUP_OF[key], float(possible[i])
                )
            )
    students = [
        dict(zip(header, r, strict=True))
        for r in rows[1:]
        if r[0].strip() not in ("", "Points Possible", "Student, Test")
    ]
    return specs, students


def expected_vs_actual(student: dict[str, str], grade: GradeResult) -> list[tuple[str, str, str]]:
    def fmt(value: float | None) -> str:
        return "" if value is None else f"{value:.2f}"

    cats = grade.categories
    actual: dict[str, str] = {
        "Current Score": fmt(grade.current_percent),
        "Final Score": fmt(grade.final_percent),
        "Current Points": fmt(sum(c.current_points for c in cats)),
        "Final Points": fmt(sum(c.final_points for c in cats)),
    }
    for cat in grade.categories:
        actual[f"{cat.name} Current Score"] = fmt(cat.current_percent)
        actual[f"{cat.name} Final Score"] = fmt(cat.final_percent)
        actual[f"{cat.name} Current Points"] = fmt(cat.current_points)
        actual[f"{cat.name} Final Points"] = fmt(cat.final_points)
    compared = []
    for column, text in student.items():
        base = column.replace("Unposted ", "")
        if base in actual:
            compared.append((column, text.strip(), actual[base]))
    return compared


@pytest.mark.parametrize(("name", "weighted"), [("weighted.csv", True), ("points.csv", False)])
def test_current_and_final_scores_match_canvas_computed_columns(name: str, weighted: bool) -> None:
    specs, students = read_export(DATA / name)
    calc = GradeCalculator(policy(weighted), specs)
    assert len(students) == 3
    for student in students:
        facts = [cell_fact(s.key, student[s.title]) for s in specs]
        compared = expected_vs_actual(student, calc.grade(facts, now=NOW))
        assert len(compared) >= 10  # every group and total column was checked
        for column, expected, actual in compared:
            assert actual == expected, f"{student['Student']}: {column}"


def test_the_shipped_sample_exports_computed_column_does_not_follow_from_their_scores() -> None:
    """Same computed values with different H2 scores: the column cannot be reproduced."""
    prefix = "mylab-to-canvas-gradebook__tests__fixtures__anonymized__canvas"
    valid, expected = SAMPLES / f"{prefix}-valid.csv", SAMPLES / f"{prefix}-expected.csv"
    if not valid.exists():
        pytest.skip("shared samples not present")
    a, b = (_sample(p) for p in (valid, expected))
    ada_a, ada_b = a["Lovelace, Ada"], b["Lovelace, Ada"]
    assert ada_a["H2 (15461093)"] != ada_b["H2 (15461093)"]  # 2.5 vs 9.0 of 10 points
    assert ada_a["Homework Current Score"] == ada_b["Homework Current Score"] == "80"


def _sample(path: Path) -> dict[str, dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return {r["Student"]: r for r in rows}
