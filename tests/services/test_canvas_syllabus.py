"""``canvas syllabus``: a syllabus TOML from the local Canvas course loads as a
coursekit syllabus with Canvas's values; re-running keeps hand-written keys."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from support.canvas_server import TOKEN


def _canvas_policies(fake: Any) -> None:
    fake.late_policy = {
        "id": 1,
        "course_id": fake.course_id,
        "late_submission_deduction_enabled": True,
        "late_submission_deduction": 10.0,
        "late_submission_interval": "day",
        "late_submission_minimum_percent_enabled": True,
        "late_submission_minimum_percent": 50.0,
        "missing_submission_deduction_enabled": True,
        "missing_submission_deduction": 100.0,
    }
    fake.grading_standard_id = 9
    fake.grading_standards = [
        {
            "id": 9,
            "title": "Department scale",
            "context_type": "Course",
            "grading_scheme": [
                {"name": "A", "value": 0.9},
                {"name": "B", "value": 0.8},
                {"name": "C", "value": 0.7},
                {"name": "D", "value": 0.6},
                {"name": "F", "value": 0.0},
            ],
        }
    ]


def _load(ctx: Any, path: Path) -> Any:
    from coursekit.interchange.syllabus_toml import load_syllabus
    from coursekit.services.courses import exams

    return load_syllabus(path, exams(ctx))[0]


def test_syllabus_round_trip_and_rerun_keeps_hand_written_keys(
    ctx: Any, canvas: Any, memory_keyring: Any, tmp_path: Path
) -> None:
    from coursekit.interchange.canvas_live.credentials import store_token
    from coursekit.services.canvas.canvas_syllabus import write_syllabus

    fake, url = canvas
    _canvas_policies(fake)
    store_token(url, TOKEN)
    out = tmp_path / "comp529.toml"

    update, problem = write_syllabus(ctx, "5001", out, url=url)
    assert update.created and problem is None
    assert update.added == ("1937901", "1937911", "1938004")
    syllabus = _load(ctx, out)
    assert syllabus.course.code == "COMP529" and syllabus.course.title == "COMP 529 Cloud Computing"
    assert [
        (c.name, c.weight, c.drop_lowest, c.never_drop) for c in syllabus.grading.categories
    ] == [
        ("Guided labs", 30, 1, ()),
        ("Challenge labs", 70, 0, ("1938004",)),
    ]
    late = syllabus.grading.late
    assert (late.deduction_percent, late.per.value, late.floor_percent, late.missing_percent) == (
        10,
        "day",
        50,
        0,
    )
    assert [(g.letter, g.min_percent) for g in syllabus.grading.letters] == [
        ("A", 90),
        ("B", 80),
        ("C", 70),
        ("D", 60),
        ("F", 0),
    ]
    assert [
        (a.key, a.kind.value, a.category, a.points, a.due_at) for a in syllabus.assessments
    ] == [
        ("1937901", "guided_lab", "Guided labs", 30, datetime(2026, 9, 14, 23, 59, tzinfo=UTC)),
        ("1937911", "guided_lab", "Guided labs", 30, datetime(2026, 9, 21, 23, 59, tzinfo=UTC)),
        (
            "1938004",
            "challenge_lab",
            "Challenge labs",
            45,
            datetime(2026, 10, 5, 23, 59, tzinfo=UTC),
        ),
    ]

    # the instructor completes the file by hand
    text = out.read_text(encoding="utf-8")
    text = text.replace(
        'term = "Fall 2026"', 'term = "Fall 2026"\nexam = "SAA-C03"  # the target exam'
    )
    text = text.replace(
        'key = "1937901"',
        '# IAM is the first lab of module 3\nkey = "1937901"\npass_threshold = 75',
    )
    text = text.replace("domains = []", "domains = [1]", 1)
    out.write_text(text, encoding="utf-8")
    # … and Canvas changes: EFS is worth 35 now, a new challenge lab, drop the 2 lowest
    fake.assignments[1]["points_possible"] = 35
    fake.add_assignment(1938005, "Challenge lab: Creating a Scalable Web App", 45, 12, 2)
    fake.groups[0]["rules"] = {"drop_lowest": 2}

    update, problem = write_syllabus(ctx, "5001", out, url=url)
    assert not update.created and problem is None
    assert update.added == ("1938005",) and update.updated == ("1937911",)
    text = out.read_text(encoding="utf-8")
    assert "# IAM is the first lab of module 3" in text and "# the target exam" in text
    syllabus = _load(ctx, out)
    assert syllabus.course.term == "Fall 2026" and syllabus.course.exam_code == "SAA-C03"
    by_key = {a.key: a for a in syllabus.assessments}
    assert by_key["1937901"].domains == (1,) and by_key["1937901"].pass_threshold == 75
    assert by_key["1937911"].points == 35
    assert by_key["1938005"].category == "Challenge labs" and by_key["1938005"].due_at is None
    assert syllabus.grading.categories[0].drop_lowest == 2


def test_a_syllabus_for_an_unknown_canvas_course_writes_nothing(
    ctx: Any, canvas: Any, memory_keyring: Any, tmp_path: Path
) -> None:
    import pytest

    from coursekit.interchange.canvas_live.credentials import store_token
    from coursekit.services.canvas.canvas_syllabus import write_syllabus
    from coursekit.services.context import ServiceError

    _, url = canvas
    store_token(url, TOKEN)
    out = tmp_path / "x.toml"
    with pytest.raises(ServiceError, match=r"Canvas course 999: not found in Canvas \(404\)"):
        write_syllabus(ctx, "999", out, url=url)
    assert not out.exists()
