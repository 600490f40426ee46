"""The one-pass ``student_labs`` and the dashboard's lab counts against the code they
replaced, on benchmark-shaped data (``benchmarks/bench_engine.populate``: 300 students ×
22 labs, excused and late work; plus extensions, not-assigned labs and ungraded
submissions), at several instants of the term (issue 17)."""

from __future__ import annotations

import random
import sys
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import text

from coursekit.db.queries.course_data import score_facts
from coursekit.domain.grading import ScoreFact
from coursekit.domain.labs import (
    EXCLUDED_STATUSES,
    LabCell,
    LabRate,
    LabState,
    NudgeReasons,
    StudentLabs,
    is_due,
    is_passed,
    lab_rates,
    lab_specs,
    nudge_reasons,
    student_labs,
)
from coursekit.domain.readiness import LabCoverage, LabCoverageCalculator
from coursekit.domain.syllabus import AssessmentSpec
from coursekit.services.context import ServiceContext
from coursekit.services.views.course_dashboard import dashboard
from coursekit.services.views.engine_data import load_course
from coursekit.services.views.labs import LAB_KINDS

EXTENDED = "2026-12-20 00:00:00.000000"
BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"


def old_lab_cell(spec: AssessmentSpec, fact: ScoreFact | None, now: datetime) -> LabCell:
    """``lab_state`` + ``lab_cell`` as they were before the one-pass version."""
    due = spec.due_at
    if fact is None:
        state, overdue = LabState.NOT_STARTED, due is not None and now > due
    else:
        if fact.extended_due_at is not None:
            due = fact.extended_due_at
        if fact.status in EXCLUDED_STATUSES:
            state, overdue = LabState.EXCUSED, False
        elif fact.points is None:
            state, overdue = LabState.NOT_STARTED, due is not None and now > due
        elif is_passed(fact.points, spec.points, spec.pass_threshold):
            state, overdue = LabState.PASSED, False
        else:
            state, overdue = LabState.BELOW_THRESHOLD, due is not None and now > due
    points = None if fact is None or state is LabState.EXCUSED else fact.points
    pct = None if points is None or spec.points <= 0 else points * 100 / spec.points
    return LabCell(spec.key, state, pct, due, overdue)


def old_student_labs(
    labs: Sequence[AssessmentSpec], facts: Mapping[str, ScoreFact], now: datetime
) -> StudentLabs:
    cells = tuple(old_lab_cell(spec, facts.get(spec.key), now) for spec in labs)
    counted = [c for c in cells if c.state is not LabState.EXCUSED]
    due = [c for c in counted if is_due(c, now)]
    return StudentLabs(
        cells=cells,
        passed=sum(c.state is LabState.PASSED for c in counted),
        overdue=sum(c.overdue for c in counted),
        due_so_far=len(due),
        assigned=len(counted),
        passed_due=sum(c.state is LabState.PASSED for c in due),
    )


def bench_engine() -> Any:
    """``benchmarks/bench_engine.py`` as a module (its ``populate``, ``START`` and ``NOW``)."""
    sys.path.insert(0, str(BENCHMARKS))
    try:
        import bench_engine
    finally:
        sys.path.remove(str(BENCHMARKS))
    return bench_engine


def benchmark_labs(
    ctx: ServiceContext, tmp_path: Path, seed: int, updates: Sequence[str]
) -> tuple[tuple[AssessmentSpec, ...], dict[int, dict[str, ScoreFact]]]:
    """300 benchmark students, then ``updates`` (the branches the benchmark data leaves
    out): the course's labs and every student's lab scores."""
    bench_engine().populate(ctx, tmp_path / "coursekit.sqlite3", 300, random.Random(seed))
    with ctx.engine.begin() as conn:
        for statement in updates:
            conn.execute(text(statement))
    with ctx.read() as session:
        data = load_course(ctx, session, "BENCH")
        scores = score_facts(session, course_id=data.id, kinds=LAB_KINDS)
    return lab_specs(data.syllabus.assessments), scores


def test_one_pass_lab_states_match_the_old_path_on_benchmark_data(
    settings: Any, tmp_path: Path
) -> None:
    start, now_ = bench_engine().START, bench_engine().NOW
    ctx = ServiceContext.open(settings)
    try:
        labs, scores = benchmark_labs(
            ctx,
            tmp_path,
            17,
            (
                f"UPDATE score SET extended_due_at = '{EXTENDED}' WHERE id % 37 = 0",
                "UPDATE score SET status = 'not_assigned' WHERE id % 53 = 0",
                "UPDATE score SET points = NULL WHERE id % 41 = 0",
            ),
        )
        assert len(labs) == 22 and len(scores) == 300
        for now in (start + timedelta(days=30), start + timedelta(days=70), now_):
            states = [student_labs(labs, facts, now) for facts in scores.values()]
            assert states == [old_student_labs(labs, facts, now) for facts in scores.values()]
            summary = dashboard(ctx, "BENCH", now=now).labs
            cells = [c for s in states for c in s.cells]
            counted_due = [c for c in cells if c.state is not LabState.EXCUSED and is_due(c, now)]
            assert summary.due == len(counted_due)
            assert summary.passed_due == sum(c.state is LabState.PASSED for c in counted_due)
            assert summary.with_overdue == sum(s.overdue > 0 for s in states)
            assert summary.on_pace == sum(s.behind == 0 for s in states)
        states_of = {c.state for c in cells}
        assert states_of == set(LabState)  # every state occurs
        assert any(c.due_at is not None and c.due_at.day == 20 for c in cells)  # extensions
    finally:
        ctx.close()


def old_coverage(
    labs: Sequence[AssessmentSpec], facts: Mapping[str, ScoreFact], now: datetime
) -> dict[int, LabCoverage]:
    """``LabCoverageCalculator`` as it was: the lab-state rules applied a second time,
    inline, from the scores (now it reads the states ``student_labs`` computed)."""
    numbers = sorted({n for spec in labs for n in spec.domains})
    passed_n = dict.fromkeys(numbers, 0)
    counted_n = dict.fromkeys(numbers, 0)
    todo: dict[int, list[str]] = {n: [] for n in numbers}
    done: dict[int, list[str]] = {n: [] for n in numbers}
    for spec in (s for s in labs if s.domains):
        fact, due = facts.get(spec.key), spec.due_at
        if fact is None:
            counted = due is not None and now > due
        else:
            if fact.extended_due_at is not None:
                due = fact.extended_due_at
            if fact.status in EXCLUDED_STATUSES:
                continue
            if fact.points is None:
                counted = due is not None and now > due
            elif is_passed(fact.points, spec.points, spec.pass_threshold):
                for number in spec.domains:
                    passed_n[number] += 1
                    counted_n[number] += 1
                    done[number].append(spec.key)
                continue
            else:
                counted = True
        for number in spec.domains:
            counted_n[number] += counted
            todo[number].append(spec.key)
    return {
        n: LabCoverage(passed_n[n], counted_n[n], (*todo[n], *done[n]))
        for n in numbers
        if todo[n] or done[n]
    }


def old_lab_rates(labs: Sequence[AssessmentSpec], students: Sequence[StudentLabs]) -> list[LabRate]:
    passed = [0] * len(labs)
    assigned = [0] * len(labs)
    for student in students:
        for i, cell in enumerate(student.cells):
            if cell.state is not LabState.EXCUSED:
                assigned[i] += 1
                passed[i] += cell.state is LabState.PASSED
    return [LabRate(s.key, s.title, passed[i], assigned[i]) for i, s in enumerate(labs)]


def old_nudge_reasons(student: StudentLabs, now: datetime, days: float = 3) -> NudgeReasons:
    horizon = now + timedelta(days=days)
    soon = tuple(
        c.key
        for c in student.cells
        if c.state in (LabState.NOT_STARTED, LabState.BELOW_THRESHOLD)
        and c.due_at is not None
        and now <= c.due_at <= horizon
    )
    overdue = tuple(c.key for c in student.cells if c.overdue and c.state is not LabState.EXCUSED)
    return NudgeReasons(student.behind if student.behind >= 2 else 0, overdue, soon)


def test_coverage_rates_and_nudges_match_the_old_paths_on_benchmark_data(
    settings: Any, tmp_path: Path
) -> None:
    """Readiness lab coverage now reads the lab states (it applied the rules a second time),
    the per-lab rates are counted a column at a time, nudge reasons in one loop: the same
    results as before, per student, at several instants (issue 17)."""
    start, now_ = bench_engine().START, bench_engine().NOW
    ctx = ServiceContext.open(settings)
    try:
        labs, scores = benchmark_labs(
            ctx,
            tmp_path,
            23,
            (
                f"UPDATE score SET extended_due_at = '{EXTENDED}' WHERE id % 31 = 0",
                "UPDATE score SET status = 'excused' WHERE id % 43 = 0",
                "UPDATE score SET points = NULL WHERE id % 47 = 0",
            ),
        )
        assert any(spec.domains for spec in labs)
        coverage_of = LabCoverageCalculator(labs)
        seen_nudges = 0
        for now in (start + timedelta(days=20), start + timedelta(days=60), now_):
            states = [student_labs(labs, facts, now) for facts in scores.values()]
            for facts, state in zip(scores.values(), states, strict=True):
                assert coverage_of(state) == old_coverage(labs, facts, now)
                assert nudge_reasons(state, now) == old_nudge_reasons(state, now)
                seen_nudges += bool(nudge_reasons(state, now))
            assert lab_rates(labs, states) == old_lab_rates(labs, states)
        assert seen_nudges > 0
        assert lab_rates(labs, []) == old_lab_rates(labs, [])  # no students: zero counts
    finally:
        ctx.close()
