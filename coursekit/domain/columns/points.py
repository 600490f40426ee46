"""What an imported assessment column is worth: the points possible its source gives
(a file's Points Possible row, Canvas's assignment), checked against the course's."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from coursekit.domain.import_values import format_points
from coursekit.domain.imports import AssessmentRef, ColumnMatch, RowIssue, Severity
from coursekit.domain.problems import ProblemCode

POINTS_TOLERANCE = 0.005  # half a cent: Canvas shows points to two decimals


def with_source_points(
    matches: Sequence[ColumnMatch],
    assessments: Sequence[AssessmentRef],
    points_of: Callable[[ColumnMatch], float | None],
    source: str,
) -> tuple[list[ColumnMatch], list[ColumnMatch], list[RowIssue]]:
    """The imported columns with ``points_in_file`` set from ``points_of``, the columns
    not imported, and a warning for each column worth other points in ``source`` (words
    like "the file" or "Canvas") than in the course."""
    by_key = {a.key: a for a in assessments}
    imported: list[ColumnMatch] = []
    not_imported: list[ColumnMatch] = []
    issues = []
    for match in matches:
        if match.key is None:
            not_imported.append(match)
            continue
        in_source = points_of(match)
        course_points = by_key[match.key].points
        if in_source is not None and abs(in_source - course_points) > POINTS_TOLERANCE:
            issues.append(
                RowIssue(
                    None,
                    match.header,
                    f"worth {format_points(in_source)} points in "
                    f"{source} but {format_points(course_points)} in the course",
                    Severity.WARNING,
                    code=ProblemCode.POINTS_DIFFER,
                    field=match.key,
                )
            )
        imported.append(replace(match, points_in_file=in_source))
    return imported, not_imported, issues
