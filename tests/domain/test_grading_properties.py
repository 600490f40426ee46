"""Property tests: excused items never change a grade, a higher score never lowers a total,
and drop-lowest finds the same best subset as brute force."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from itertools import combinations

from hypothesis import given, settings
from hypothesis import strategies as st

from coursekit.domain.dropping import keep_best
from coursekit.domain.enums import AssessmentKind, ScoreStatus
from coursekit.domain.grading import GradeCalculator, ScoreFact
from coursekit.domain.syllabus import (
    AssessmentSpec,
    GradingCategory,
    GradingPolicy,
    LatePer,
    LatePolicy,
)

NOW = datetime(2026, 11, 1, tzinfo=UTC)
CATS = ("A", "B", "C")
points = st.sampled_from([0, 5, 10, 20, 25, 100])
score_values = st.one_of(st.none(), st.floats(0, 120, allow_nan=False).map(lambda x: round(x, 2)))


@st.composite
def gradebooks(
    draw: st.DrawFn,
) -> tuple[GradeCalculator, list[AssessmentSpec], dict[str, ScoreFact]]:
    weighted = draw(st.booleans())
    n_cats = draw(st.integers(1, 3))
    weights = draw(st.lists(st.integers(1, 60), min_size=n_cats, max_size=n_cats))
    specs: list[AssessmentSpec] = []
    facts: dict[str, ScoreFact] = {}
    for c in range(n_cats):
        for i in range(draw(st.integers(0, 5))):
            key = f"{CATS[c]}{i}"
            due = NOW + timedelta(days=draw(st.integers(-20, 20)))
            specs.append(
                AssessmentSpec(
                    key, key, AssessmentKind.ASSESSMENT, CATS[c], draw(points), due_at=due
                )
            )
            status = draw(st.sampled_from(list(ScoreStatus)))
            submitted = due + timedelta(hours=draw(st.integers(-48, 200)))
            if draw(st.booleans()):
                facts[key] = ScoreFact(key, draw(score_values), status, submitted)
    keys = [s.key for s in specs]
    cats = tuple(
        GradingCategory(
            CATS[c],
            weights[c] if weighted else None,
            drop_lowest=draw(st.integers(0, 2)),
            never_drop=tuple(k for k in keys if k.startswith(CATS[c]) and draw(st.booleans())),
        )
        for c in range(n_cats)
    )
    late = LatePolicy(
        deduction_percent=draw(st.sampled_from([0, 5, 10])),
        per=draw(st.sampled_from(list(LatePer))),
        floor_percent=draw(st.sampled_from([0, 50])),
        missing_percent=draw(st.sampled_from([None, 0, 50])),
    )
    return GradeCalculator(GradingPolicy(cats, late), specs), specs, facts


def _totals(calc: GradeCalculator, facts: dict[str, ScoreFact]) -> tuple[float | None, ...]:
    result = calc.grade(facts, now=NOW)
    return (
        result.current_percent,
        result.final_percent,
        *(c.current_percent for c in result.categories),
        *(c.final_percent for c in result.categories),
    )


@settings(max_examples=300, deadline=None)
@given(gradebooks(), st.sampled_from(CATS), points, score_values)
def test_adding_an_excused_item_never_changes_a_grade(book, category, possible, value) -> None:
    calc, specs, facts = book
    if category not in {c.name for c in calc.policy.categories}:
        category = calc.policy.categories[0].name
    extra = AssessmentSpec("new", "new", AssessmentKind.ASSESSMENT, category, possible, due_at=NOW)
    with_excused = GradeCalculator(calc.policy, [*specs, extra])
    facts_ex = {**facts, "new": ScoreFact("new", value, ScoreStatus.EXCUSED)}
    assert _totals(with_excused, facts_ex) == _totals(calc, facts)


@settings(max_examples=1000, deadline=None)
@given(gradebooks(), st.data())
def test_a_higher_score_never_lowers_a_total(book, data) -> None:
    """Category percentages and weighted totals never fall. A points-mode total can, but
    only through a drop rule (Canvas drops per category: see the unit test
    ``test_points_mode_drop_can_lower_the_total_like_canvas``), so there it is checked
    without drops."""
    calc, _specs, facts = book
    scored = [
        k
        for k, f in facts.items()
        if f.points is not None and f.status in (ScoreStatus.GRADED, ScoreStatus.MISSING)
    ]
    if not scored:
        return
    key = data.draw(st.sampled_from(scored))
    bump = data.draw(st.floats(0.01, 50, allow_nan=False))
    higher = {**facts, key: facts[key]._replace(points=facts[key].points + bump)}
    before, after = _totals(calc, facts), _totals(calc, higher)
    totals_monotone = calc.policy.weighted or all(
        c.drop_lowest == 0 for c in calc.policy.categories
    )
    for i, (old, new) in enumerate(zip(before, after, strict=True)):
        if i < 2 and not totals_monotone:
            continue
        assert (old is None) == (new is None)
        if old is not None:
            assert new >= old


@settings(max_examples=500, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 30), st.sampled_from([0, 1, 5, 10, 30])), min_size=1, max_size=7
    ),
    st.integers(1, 7),
    st.tuples(st.integers(0, 40), st.sampled_from([0, 10, 40])),
)
def test_keep_best_matches_brute_force(items, keep, fixed) -> None:
    keep = min(keep, len(items))

    def ratio(chosen: tuple[int, ...]) -> float:
        score = fixed[0] + sum(items[i][0] for i in chosen)
        possible = fixed[1] + sum(items[i][1] for i in chosen)
        return score / possible if possible else float("inf")  # nothing possible: no harm

    best = max(ratio(c) for c in combinations(range(len(items)), keep))
    found = keep_best(
        [(float(s), float(p)) for s, p in items], keep, fixed=(float(fixed[0]), float(fixed[1]))
    )
    assert len(found) == keep
    assert abs(ratio(tuple(found)) - best) < 1e-9 or ratio(tuple(found)) == best


@settings(max_examples=500, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 12), st.booleans()), min_size=1, max_size=7),
    st.sampled_from([[10], [10, 5], [0, 10], [30, 45, 10]]),
    st.integers(1, 3),
    st.data(),
)
def test_category_drop_matches_brute_force(cells, point_choices, drop, data) -> None:
    """The calculator's kept subset (equal-points fast path or not) is a best one."""
    possibles = [data.draw(st.sampled_from(point_choices)) for _ in cells]
    specs = [
        AssessmentSpec(f"k{i}", "", AssessmentKind.ASSESSMENT, "A", p, due_at=None)
        for i, p in enumerate(possibles)
    ]
    never = tuple(f"k{i}" for i, (_, fixed) in enumerate(cells) if fixed)
    calc = GradeCalculator(GradingPolicy((GradingCategory("A", None, drop, never),)), specs)
    facts = {f"k{i}": ScoreFact(f"k{i}", float(score)) for i, (score, _) in enumerate(cells)}
    cat = calc.grade(facts, now=NOW).categories[0]
    fixed = [(float(s), float(p)) for (s, f), p in zip(cells, possibles, strict=True) if f]
    free = [(float(s), float(p)) for (s, f), p in zip(cells, possibles, strict=True) if not f]
    keep = len(free) - min(drop, len(free) - 1) if free else 0

    def ratio(chosen: tuple[tuple[float, float], ...]) -> float:
        score = sum(s for s, _ in fixed) + sum(s for s, _ in chosen)
        possible = sum(p for _, p in fixed) + sum(p for _, p in chosen)
        return score / possible if possible else float("inf")

    best = max(ratio(c) for c in combinations(free, keep)) if free else ratio(())
    got = cat.current_points / cat.current_possible if cat.current_possible else float("inf")
    assert got == best or abs(got - best) < 1e-9
