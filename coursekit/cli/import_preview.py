"""The import preview on the CLI: tables (``print_preview``) and the complete
plan as JSON (``plan_json``: every planned change, with file row numbers)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import typer

from coursekit.cli.hints import issue_text, problem_json
from coursekit.cli.support import print_table

if TYPE_CHECKING:
    from coursekit.domain.imports import ImportPlan, StudentChange

SHOWN = 25  # rows per preview table unless --all


def _student_json(c: StudentChange) -> dict[str, Any]:
    return {
        "row": c.row,
        "student_id": c.student_id,
        "name": c.name,
        "new_person": c.student_pk is None,
        "new_enrollment": c.enrollment_id is None,
        "changes": [{"field": f.field, "old": f.old, "new": f.new} for f in c.changes],
        "note": c.note,
    }


def plan_json(plan: ImportPlan) -> dict[str, Any]:
    """Everything the import would do — a script sees what a person sees, and more."""
    return {
        "kind": plan.kind.value,
        "course": plan.course_code,
        "file": plan.file_name,
        "sha256": plan.sha256,
        "counts": plan.counts,
        "drop_missing": plan.drop_missing,
        "columns": [
            {"index": c.index, "header": c.header, "key": c.key, "title": c.title, "how": c.how}
            for c in plan.columns
        ],
        "students_added": [_student_json(c) for c in plan.students_added],
        "students_changed": [_student_json(c) for c in plan.students_changed],
        "students_missing": [_student_json(c) for c in plan.students_missing],
        "identifiers_added": [
            {"row": i.row, "student_id": i.student_id, "kind": i.kind, "value": i.value}
            for i in plan.identifiers_added
        ],
        "scores_added": [_score_json(c) for c in plan.scores_added],
        "scores_changed": [_score_json(c) for c in plan.scores_changed],
        "rows_added": [_row_json(r) for r in plan.rows_added],
        "rows_changed": [_row_json(r) for r in plan.rows_changed],
        "decisions": [
            {
                "row": d.row,
                "kind": d.kind.value,
                "name": d.name,
                "message": d.message,
                "candidates": [
                    {"student_id": c.student_id, "name": c.name, "how": c.how} for c in d.candidates
                ],
            }
            for d in plan.decisions
        ],
        "settled": [{"row": row, "student_id": sid} for row, sid in plan.settled],
        "edited_by_hand": [
            {"row": e.row, "student_id": e.student_id, "field": e.field, "at": e.edited_at}
            for e in plan.edited
        ],
        "absorbed": [
            {"row": a.row, "student_id": a.keep_id, "absorbed": a.other_id} for a in plan.absorbed
        ],
        "issues": [
            {
                "row": i.row,
                "column": i.column,
                "severity": i.severity.value,
                "message": i.message,
                **problem_json(i),
            }
            for i in plan.issues
        ],
    }


def _score_json(c: Any) -> dict[str, Any]:
    return {
        "row": c.row,
        "student_id": c.student_id,
        "assessment": c.assessment_key,
        "title": c.title,
        "old": c.old,
        "new": c.new,
        "stale": c.stale,
    }


def _row_json(r: Any) -> dict[str, Any]:
    return {
        "row": r.row,
        "student_id": r.student_id,
        "summary": r.summary,
        "changes": [{"field": f.field, "old": f.old, "new": f.new} for f in r.changes],
    }


def _table(
    title: str, columns: list[str], rows: Sequence[Sequence[Any]], shown: int | None
) -> None:
    print_table(f"{title} ({len(rows)})", columns, rows[:shown] if shown is not None else rows)
    if shown is not None and len(rows) > shown:
        typer.echo(f"  … and {len(rows) - shown} more (--all shows every row)")


def print_preview(plan: ImportPlan, *, shown: int | None = SHOWN) -> None:
    """The preview as tables (cells are shown literally, never as markup);
    ``shown`` rows per table, None for all of them."""
    counts = plan.counts
    typer.echo(f"{plan.kind.value} import of {plan.file_name} into {plan.course_code}")
    mapped = [c for c in plan.columns if c.how not in ("computed", "custom")]
    if plan.kind.value == "gradebook" and mapped:
        print_table(
            "Columns",
            ["column", "assessment", "matched by"],
            [
                (
                    c.header,
                    c.title or "— not imported",
                    f"{c.how} {c.similarity:.0%}" if c.how == "fuzzy" else c.how,
                )
                for c in mapped
            ],
        )
    if plan.decisions:
        _table(
            "Decisions needed: settle with --link ROW=STUDENT or --new ROW",
            ["row", "name", "problem", "candidates"],
            [
                (
                    d.row,
                    d.name,
                    d.message,
                    "; ".join(f"{c.student_id} {c.name} ({c.how})" for c in d.candidates),
                )
                for d in plan.decisions
            ],
            None,  # every decision is always shown
        )
    if plan.students_added:
        _table(
            "Students added",
            ["row", "student id", "name", "section", "note"],
            [
                (
                    c.row,
                    c.student_id,
                    c.name,
                    next((f.new for f in c.changes if f.field == "section"), ""),
                    c.note,
                )
                for c in plan.students_added
            ],
            shown,
        )
    if plan.students_changed:
        _table(
            "Students changed",
            ["row", "student id", "name", "changes", "matched"],
            [
                (c.row, c.student_id, c.name, "; ".join(str(f) for f in c.changes), c.note)
                for c in plan.students_changed
            ],
            shown,
        )
    if plan.students_missing:
        verb = "to DROP" if plan.drop_missing else "not in the file (drop candidates)"
        _table(
            f"Students {verb}",
            ["student id", "name"],
            [(c.student_id, c.name) for c in plan.students_missing],
            None if plan.drop_missing else shown,  # names of people to drop: always all
        )
    if plan.edited:
        _table(
            "Edited by hand after the file was exported (refused unless --force)",
            ["row", "student id", "field", "edited"],
            [(e.row, e.student_id, e.field, f"{e.edited_at:%Y-%m-%d %H:%M}") for e in plan.edited],
            None,
        )
    if plan.absorbed:
        _table(
            "Provisional students joined (their credit/practice rows move)",
            ["row", "student id", "joins"],
            [(a.row, a.keep_id, a.other_id) for a in plan.absorbed],
            shown,
        )
    if plan.identifiers_added:
        _table(
            "Identifiers added",
            ["row", "student id", "kind", "value"],
            [(i.row, i.student_id, i.kind, i.value) for i in plan.identifiers_added],
            shown,
        )
    if plan.scores_changed:
        _table(
            "Scores changed",
            ["row", "student", "assessment", "old", "new", "warning"],
            [(c.row, c.name, c.title, c.old, c.new, c.stale) for c in plan.scores_changed],
            shown,
        )
    if shown is None and plan.scores_added:
        _table(
            "Scores added",
            ["row", "student", "assessment", "new"],
            [(c.row, c.name, c.title, c.new) for c in plan.scores_added],
            None,
        )
    for title, rows in (("Rows added", plan.rows_added), ("Rows changed", plan.rows_changed)):
        if rows:
            _table(
                title,
                ["row", "student id", "name", "what", "changes"],
                [
                    (r.row, r.student_id, r.name, r.summary, "; ".join(str(f) for f in r.changes))
                    for r in rows
                ],
                shown,
            )
    problems = [i for i in plan.issues if i.severity.value != "info"]
    if problems:
        limit = 50 if shown is not None else None
        print_table(
            "Problems",
            ["severity", "row", "column", "message"],
            [
                (i.severity.value, i.row or "", i.column or "", issue_text(i))
                for i in problems[:limit]
            ],
        )
    typer.echo(
        f"students: {counts['students_added']} added, {counts['students_changed']} changed, "
        f"{counts['students_unchanged']} unchanged, {counts['students_missing']} not in the file; "
        f"scores: {counts['scores_added']} added, {counts['scores_changed']} changed, "
        f"{counts['scores_unchanged']} unchanged; rows: {counts['rows_added']} added, "
        f"{counts['rows_changed']} changed, {counts['rows_unchanged']} unchanged; "
        f"{counts['identifiers_added']} identifier(s) added, "
        f"{counts['decisions']} decision(s) open; "
        f"{counts['errors']} error(s), {counts['warnings']} warning(s)"
    )
    if plan.drop_missing and plan.students_missing:
        typer.echo(f"{len(plan.students_missing)} student(s) will be DROPPED (listed above)")
