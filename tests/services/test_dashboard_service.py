"""services.dashboard: one call summing up the course, consistent with the class views."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime
from typing import Any

import pytest

from coursekit.domain.credits import CreditFlag
from coursekit.domain.dashboard import section_counts, usage_bucket
from coursekit.domain.engine_records import StudentRef
from coursekit.domain.labs import LabState
from coursekit.services.checklists import class_checklists
from coursekit.services.context import ServiceError
from coursekit.services.demo import build_demo
from coursekit.services.roster.roster import list_roster
from coursekit.services.views.course_dashboard import dashboard
from coursekit.services.views.credits import credit_rows
from coursekit.services.views.labs import lab_matrix, nudges
from coursekit.services.views.readiness import readiness_rows
from coursekit.services.views.student_labs import student_lab_matrix

NOW = datetime(2026, 11, 16, 10, tzinfo=UTC)


@pytest.fixture
def demo(settings: Any) -> Any:
    from coursekit.services.context import ServiceContext

    build_demo(settings)
    context = ServiceContext.open(settings)
    yield context
    context.close()


def test_dashboard_agrees_with_the_class_views(demo: Any) -> None:
    d = dashboard(demo, "COMP529", now=NOW)
    roster = list_roster(demo, "COMP529")
    assert d.active == sum(r.status == "active" for r in roster)
    assert d.dropped == sum(r.status == "dropped" for r in roster)
    assert sum(s.active for s in d.sections) == d.active
    assert d.days_to_close == (date(2026, 12, 31) - date(2026, 11, 16)).days

    matrix = lab_matrix(demo, "COMP529", now=NOW)
    assert d.labs.rates == matrix.rates
    cells = [
        c
        for row in matrix.rows
        for c in row.labs.cells
        if c.state is not LabState.EXCUSED and c.due_at is not None and c.due_at < NOW
    ]
    assert d.labs.due == len(cells)
    assert d.labs.passed_due == sum(c.state is LabState.PASSED for c in cells)
    assert d.labs.with_overdue == sum(row.labs.overdue > 0 for row in matrix.rows)
    assert [n.student.enrollment_id for n in d.nudges] == [
        n.student.enrollment_id for n in nudges(demo, "COMP529", now=NOW)
    ]

    flags = Counter(f for row in credit_rows(demo, "COMP529", now=NOW) for f in row.forecast.flags)
    assert d.credits.used_90 == flags[CreditFlag.USED_90]
    assert d.credits.used_75 == flags[CreditFlag.USED_75]
    assert d.credits.runs_out_before_close == flags[CreditFlag.RUNS_OUT_BEFORE_CLOSE]
    assert d.credits.stale == flags[CreditFlag.STALE]
    assert d.credits.no_data == flags[CreditFlag.NO_DATA]
    assert sum(d.credits.usage_buckets) == d.active - d.credits.no_data

    target = [r.result for r in readiness_rows(demo, "COMP529", exam="SAA-C03", now=NOW)]
    statuses = Counter(r.status.value for r in target)
    r = d.readiness
    assert (r.ready, r.close, r.not_yet, r.no_data) == (
        statuses["ready"],
        statuses["close"],
        statuses["not_yet"],
        statuses["no_data"],
    )
    assert r.ready + r.close + r.not_yet + r.no_data == d.active

    rows = class_checklists(demo, "COMP529", today=NOW.date())
    assert d.checklists.students == len(rows)
    assert d.checklists.handed_in == sum(row.handed_in for row in rows)


def test_one_students_lab_matrix_is_their_row_of_the_class_matrix(demo: Any) -> None:
    matrix = lab_matrix(demo, "COMP529", now=NOW)
    row = matrix.rows[3]
    mine = student_lab_matrix(demo, row.student.enrollment_id, now=NOW)
    assert mine.labs == matrix.labs
    assert mine.rows == (row,)
    assert [r.passed for r in mine.rates] == [
        int(c.state is LabState.PASSED) for c in row.labs.cells
    ]


def test_dashboard_of_an_empty_course(course_ctx: Any) -> None:
    d = dashboard(course_ctx, "COMP529", now=NOW)
    assert (d.active, d.dropped, d.nudges, d.sections) == (0, 0, (), ())
    assert d.labs.completion is None and d.readiness.mean_predicted is None
    with pytest.raises(ServiceError):
        dashboard(course_ctx, "COMP529", now=NOW, behind=0)


def test_section_counts_keep_dropped_apart() -> None:
    def ref(section: str, status: str) -> StudentRef:
        return StudentRef(1, 1, "1", "n", "n", section, status)

    counts = section_counts(
        [
            ref("B", "active"),
            ref("a", "dropped"),
            ref("B", "dropped"),
            ref("a", "active"),
            ref("a", "active"),
        ]
    )
    assert [(s.section, s.active, s.dropped) for s in counts] == [("a", 2, 1), ("B", 1, 1)]


def test_usage_buckets_edges() -> None:
    assert [usage_bucket(p) for p in (0, 24.9, 25, 74.9, 75, 89.9, 90, 150)] == [
        0,
        0,
        1,
        2,
        3,
        3,
        4,
        4,
    ]
