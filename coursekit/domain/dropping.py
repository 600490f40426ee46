"""Drop-lowest the way Canvas does it: keep the subset that maximises the category %.

Dropping the item with the lowest individual percentage is NOT what Canvas
does when items have different point values: with 9/10, 50/100 and 1/5 and one
drop, removing the lowest % (1/5, 20 %) leaves 59/110 = 53.6 %, but removing
50/100 leaves 10/15 = 66.7 %, so Canvas drops the 100-point item.
Canvas follows Kane & Kane, "Dropping Lowest Grades"
(Mathematics Magazine 79(3), 2006): the best k-subset maximises
(Σ score + fixed score) / (Σ possible + fixed possible), where "fixed" items are
the never-drop ones (they count in the ratio but cannot be dropped).

We solve the same problem exactly with Dinkelbach's iteration instead of
Canvas's bisection: for a ratio q, the k items with the largest
``score - q * possible`` are the best set at q; their ratio q' >= q, and the
iteration stops when it no longer improves (finitely many subsets, so it ends).
"""

from __future__ import annotations

from collections.abc import Sequence

_EPS = 1e-12


def _ratio(score: float, possible: float) -> float:
    """A set with nothing possible can only help (Canvas keeps 0/0 over 1/5 too)."""
    if possible > 0:
        return score / possible
    return float("inf") if score >= 0 else float("-inf")


def keep_best(
    items: Sequence[tuple[float, float]],
    keep: int,
    *,
    fixed: tuple[float, float] = (0.0, 0.0),
) -> list[int]:
    """Indices (ascending) of the ``keep`` items of ``(score, possible)`` pairs that,
    together with the ``fixed`` (score, possible) totals, give the highest ratio.

    Ties keep the earlier item (drop the later one), so results are stable.
    """
    n = len(items)
    if keep >= n:
        return list(range(n))
    if keep <= 0:
        return []
    fixed_score, fixed_possible = fixed
    first = items[0][1]
    if all(possible == first for _, possible in items):
        # Equal points possible (or none): the highest scores are the best set. A stable
        # sort on -score keeps the earlier of two equal scores.
        by_score = [-score for score, _ in items]
        return sorted(sorted(range(n), key=by_score.__getitem__)[:keep])

    def best_at(q: float) -> list[int]:
        value = [q * possible - score for score, possible in items]
        return sorted(range(n), key=value.__getitem__)[:keep]

    def ratio_of(chosen: list[int]) -> float:
        score = fixed_score + sum(items[i][0] for i in chosen)
        possible = fixed_possible + sum(items[i][1] for i in chosen)
        return _ratio(score, possible)

    # Start from a feasible set (the best individual percentages) so q never overshoots.
    individual = [-_ratio(score, possible) for score, possible in items]
    start = sorted(range(n), key=individual.__getitem__)[:keep]
    chosen, q = start, ratio_of(start)
    while q != float("inf"):
        candidate = best_at(q)
        q_new = ratio_of(candidate)
        if q_new <= q + _EPS:
            break
        chosen, q = candidate, q_new
    return sorted(chosen)


def apply_drop(
    entries: list[tuple[str, float, float]],
    drop_lowest: int,
    never_drop: frozenset[str],
    *,
    equal_points: bool = False,
) -> tuple[float, float, tuple[str, ...]]:
    """A category's drop rule over ``(key, points, possible)`` entries:
    (points kept, possible kept, keys dropped). Never-drop items always count; at least
    one droppable item is kept. ``equal_points`` (every item has the same positive
    points possible) lets the highest scores win without the ratio search."""
    fixed_pts = fixed_pos = 0.0
    if never_drop:
        droppable: list[tuple[str, float, float]] = []
        for entry in entries:
            if entry[0] in never_drop:
                fixed_pts += entry[1]
                fixed_pos += entry[2]
            else:
                droppable.append(entry)
    else:
        droppable = entries
    n_drop = min(drop_lowest, len(droppable) - 1)
    if n_drop <= 0:
        return (
            fixed_pts + sum(e[1] for e in droppable),
            fixed_pos + sum(e[2] for e in droppable),
            (),
        )
    keep = len(droppable) - n_drop
    if equal_points:
        order = sorted(range(len(droppable)), key=[-e[1] for e in droppable].__getitem__)
        kept = set(order[:keep])
    else:
        kept = set(keep_best([(e[1], e[2]) for e in droppable], keep, fixed=(fixed_pts, fixed_pos)))
    pts, pos, dropped = fixed_pts, fixed_pos, []
    for i, entry in enumerate(droppable):
        if i in kept:
            pts += entry[1]
            pos += entry[2]
        else:
            dropped.append(entry[0])
    return pts, pos, tuple(dropped)
