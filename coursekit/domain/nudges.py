"""The nudge list: which students need a word about their labs, most urgent first.

One home for the rule, used by the dashboard, the nudges screen, ``coursekit nudges`` and
the reports, so that they cannot disagree.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from coursekit.domain.engine_records import Nudge, StudentRef
from coursekit.domain.labs import StudentLabs, nudge_reasons


def nudge_key(nudge: Nudge) -> tuple[int, int, int, str]:
    """Most behind first, then most overdue labs, then most labs due soon, then by name."""
    reasons = nudge.reasons
    return (
        -reasons.behind,
        -len(reasons.overdue),
        -len(reasons.due_soon),
        nudge.student.sortable_name,
    )


def rank_nudges(
    students: Iterable[tuple[StudentRef, StudentLabs]],
    now: datetime,
    *,
    behind: int = 2,
    days: float = 3,
) -> list[Nudge]:
    """The students needing a nudge at ``now`` (see ``labs.nudge_reasons``), ranked.

    ``passed`` of each nudge counts the passes among the labs due so far, the same labs
    ``due_so_far`` counts, so "passed / due so far" never hides an overdue lab behind an
    early pass."""
    found = []
    for ref, labs in students:
        reasons = nudge_reasons(labs, now, behind=behind, days=days)
        if reasons:
            found.append(Nudge(ref, reasons, labs.passed_due, labs.due_so_far))
    found.sort(key=nudge_key)
    return found
