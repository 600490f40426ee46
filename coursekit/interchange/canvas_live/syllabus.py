"""A syllabus TOML from a Canvas course: assignment groups (weights, drop lowest,
never drop), assignments (ids, titles, points, due dates), the late policy and
the grading standard — for the instructor to complete (exam domains, pass
thresholds, credit budget).

Re-running updates an existing file in place (tomlkit keeps comments and order):
the values Canvas owns are refreshed; every other key, and every hand-written
value of an assessment (kind, domains, module, pass_threshold), is kept.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import tomlkit
from canvasapi import Canvas
from tomlkit.items import AoT, Table

from coursekit.interchange.canvas_live.client import canvas_errors
from coursekit.interchange.canvas_live.errors import CanvasError
from coursekit.interchange.canvas_live.fetch import PER_PAGE, list_assignments, parse_time
from coursekit.interchange.canvas_live.snapshot import CanvasAssignment

DEFAULT_BUDGET_USD = 100.0  # AWS Academy Learner Lab's usual per-student budget


@dataclass(frozen=True, slots=True)
class Group:
    id: str
    name: str
    weight: float | None
    drop_lowest: int = 0
    drop_highest: int = 0
    never_drop: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Outline:
    course_id: str
    code: str
    title: str
    term: str
    starts_on: date | None
    ends_on: date | None
    groups: tuple[Group, ...]
    assignments: tuple[CanvasAssignment, ...]
    late: dict[str, Any] | None = None  # coursekit's [grading.late] keys
    letters: tuple[tuple[str, float], ...] = ()
    notes: tuple[str, ...] = field(default=())


def fetch_outline(canvas: Canvas, course_id: str, url: str = "") -> Outline:
    from canvasapi import exceptions as cx

    with canvas_errors(f"Canvas course {course_id}", url):
        course = canvas.get_course(course_id, include=["term"])
        weighted = bool(getattr(course, "apply_assignment_group_weights", True))
        groups = []
        for g in course.get_assignment_groups(per_page=PER_PAGE):
            rules = getattr(g, "rules", None) or {}
            groups.append(
                Group(
                    id=str(g.id),
                    name=str(g.name),
                    weight=float(getattr(g, "group_weight", 0) or 0) if weighted else None,
                    drop_lowest=int(rules.get("drop_lowest", 0) or 0),
                    drop_highest=int(rules.get("drop_highest", 0) or 0),
                    never_drop=tuple(str(i) for i in rules.get("never_drop", []) or []),
                )
            )
        assignments = tuple(list_assignments(canvas, str(course.id)))
        late = None
        try:
            late = _late(course.get_late_policy())
        except cx.ResourceDoesNotExist:
            late = None
        letters: tuple[tuple[str, float], ...] = ()
        standard_id = getattr(course, "grading_standard_id", None)
        if standard_id:
            for standard in course.get_grading_standards(per_page=PER_PAGE):
                if str(standard.id) == str(standard_id):
                    letters = tuple(
                        (str(s["name"]), round(float(s["value"]) * 100, 2))
                        for s in standard.grading_scheme
                    )
        start, end = (
            parse_time(getattr(course, "start_at", None)),
            parse_time(getattr(course, "end_at", None)),
        )
        return Outline(
            course_id=str(course.id),
            code=str(getattr(course, "course_code", "") or course.id),
            title=str(getattr(course, "name", "")),
            term=str((getattr(course, "term", None) or {}).get("name") or ""),
            starts_on=start.date() if start else None,
            ends_on=end.date() if end else None,
            groups=tuple(sorted(groups, key=lambda g: g.id)),
            assignments=assignments,
            late=late,
            letters=letters,
        )


def _late(policy: Any) -> dict[str, Any]:
    raw = getattr(policy, "late_policy", None)
    data = raw if isinstance(raw, dict) else vars(policy)
    late: dict[str, Any] = {
        "deduction_percent": float(data.get("late_submission_deduction") or 0)
        if data.get("late_submission_deduction_enabled")
        else 0.0,
        "per": str(data.get("late_submission_interval") or "day"),
        "floor_percent": float(data.get("late_submission_minimum_percent") or 0)
        if data.get("late_submission_minimum_percent_enabled")
        else 0.0,
    }
    if data.get("missing_submission_deduction_enabled"):
        late["missing_percent"] = 100.0 - float(data.get("missing_submission_deduction") or 0)
    return late


def guess_kind(title: str) -> str:
    text = title.casefold()
    for words, kind in (
        (("guided lab",), "guided_lab"),
        (("challenge lab",), "challenge_lab"),
        (("knowledge check",), "knowledge_check"),
        (("exam", "midterm"), "exam"),
        (("capstone", "project"), "project"),
        (("activity",), "activity"),
    ):
        if any(w in text for w in words):
            return kind
    return "assessment"


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def _due(value: datetime | None) -> Any:
    return value  # tomlkit writes an offset date-time


@dataclass(frozen=True, slots=True)
class SyllabusUpdate:
    text: str
    created: bool
    added: tuple[str, ...]  # assessment keys
    updated: tuple[str, ...]
    gone: tuple[str, ...]  # in the file, no longer in Canvas (kept)
    notes: tuple[str, ...]


def render(outline: Outline, existing: str | None) -> SyllabusUpdate:
    """The syllabus text for ``outline``, merged into ``existing`` when given."""
    try:
        doc = tomlkit.parse(existing) if existing is not None else tomlkit.document()
    except tomlkit.exceptions.ParseError as exc:
        raise CanvasError(f"the existing syllabus is not valid TOML ({exc})") from None
    created = existing is None
    notes: list[str] = []
    if created:
        doc.add(tomlkit.comment(f"Generated from Canvas course {outline.course_id}."))
        doc.add(tomlkit.comment("Complete: exam, accounts_close_on, exam domains per assessment."))
    course = _table(doc, "course")
    _fill(course, "code", outline.code)
    _fill(course, "title", outline.title)
    _fill(course, "term", outline.term)
    if outline.starts_on:
        _fill(course, "starts_on", outline.starts_on)
    if outline.ends_on:
        _fill(course, "ends_on", outline.ends_on)
        _fill(course, "accounts_close_on", outline.ends_on)
    _fill(course, "credit_budget_usd", DEFAULT_BUDGET_USD)
    grading = _table(doc, "grading")
    if outline.late is not None:
        late = _table(grading, "late")
        for key, value in outline.late.items():
            late[key] = _number(value) if isinstance(value, float) else value
    groups_by_id = {g.id: g for g in outline.groups}
    _categories(grading, outline.groups, outline.assignments, notes)
    if outline.letters:
        letters = tomlkit.aot()
        for letter, minimum in outline.letters:
            item = tomlkit.table()
            item["letter"], item["min"] = letter, _number(minimum)
            letters.append(item)
        grading["letters"] = letters
    added, updated, gone = _assessments(doc, outline.assignments, groups_by_id)
    return SyllabusUpdate(
        tomlkit.dumps(doc), created, tuple(added), tuple(updated), tuple(gone), tuple(notes)
    )


def _table(parent: Any, key: str) -> Table:
    if key not in parent:
        parent[key] = tomlkit.table()
    return parent[key]  # type: ignore[no-any-return]


def _fill(table: Table, key: str, value: Any) -> None:
    if key not in table:
        table[key] = value


def _categories(
    grading: Table,
    groups: Sequence[Group],
    assignments: Sequence[CanvasAssignment],
    notes: list[str],
) -> None:
    used = {a.group_id for a in assignments}
    existing: AoT = grading.get("categories") or tomlkit.aot()
    by_name = {str(t.get("name")): t for t in existing}
    for group in groups:
        if group.id not in used:
            continue
        table = by_name.get(group.name)
        if table is None:
            table = tomlkit.table()
            table["name"] = group.name
            existing.append(table)
        if group.weight is not None:
            table["weight"] = _number(group.weight)
        for key, value in (
            ("drop_lowest", group.drop_lowest),
            ("never_drop", list(group.never_drop)),
        ):
            if value:
                table[key] = value
            elif key in table:
                del table[key]
        if group.drop_highest:
            notes.append(
                f"{group.name}: Canvas drops the {group.drop_highest} highest score(s); "
                "coursekit has no drop_highest, so its grades will differ"
            )
    grading["categories"] = existing


def _assessments(
    doc: Any, assignments: Sequence[CanvasAssignment], groups: dict[str, Group]
) -> tuple[list[str], list[str], list[str]]:
    items: AoT = doc.get("assessments") or tomlkit.aot()
    by_key = {str(t.get("key")): t for t in items}
    added, updated = [], []
    for a in sorted(assignments, key=lambda a: (a.group_id or "", a.position, a.id)):
        table = by_key.get(a.id)
        wanted: dict[str, Any] = {
            "title": a.name,
            "category": groups[a.group_id].name if a.group_id in groups else "Assignments",
            "points": _number(a.points),
        }
        if a.due_at is not None:
            wanted["due"] = _due(a.due_at)
        if table is None:
            table = tomlkit.table()
            table["key"] = a.id
            table["title"] = a.name
            table["kind"] = guess_kind(a.name)
            for key, value in wanted.items():
                table[key] = value
            table["domains"] = tomlkit.array()
            items.append(table)
            added.append(a.id)
            continue
        changed = False
        for key, value in wanted.items():
            if table.get(key) != value:
                table[key] = value
                changed = True
        if changed:
            updated.append(a.id)
    doc["assessments"] = items
    in_canvas = {a.id for a in assignments}
    gone = [key for key in by_key if key not in in_canvas]
    return added, updated, gone
