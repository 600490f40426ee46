"""Export checklists: due dates, merging a re-attached template, class progress.

A student's checklist is the analysis of their template (portability problems,
data to copy out, general steps) with a status per item. Items are keyed by
``(rule_id, resource, path)`` so that re-attaching a changed template keeps the
status of every item that still applies.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from coursekit.domain.cfn import Category, Finding

# Days before the accounts close by which each kind of item should be done:
# template fixes first (a fixed template still has to be test-deployed), then the
# test deployment, then the data copy (data keeps changing until the end).
LEAD_DAYS = {Category.PORTABILITY: 10, Category.LINT: 10, Category.STEP: 5, Category.DATA: 3}


def due_on(category: Category, accounts_close_on: date) -> date:
    return accounts_close_on - timedelta(days=LEAD_DAYS.get(category, 3))


ItemKey = tuple[str, str, str]  # rule_id, resource, path


@dataclass(frozen=True, slots=True)
class StoredItem:
    id: int
    key: ItemKey
    status: str
    obsolete: bool


@dataclass(frozen=True, slots=True)
class MergePlan:
    """What re-attaching a template does to a student's checklist."""

    add: tuple[Finding, ...]  # new keys
    refresh: tuple[tuple[int, Finding], ...]  # still applies: new text, status kept
    retire: tuple[int, ...]  # no longer produced by the template


def merge(stored: list[StoredItem], findings: tuple[Finding, ...]) -> MergePlan:
    by_key = {item.key: item for item in stored}
    add: list[Finding] = []
    refresh: list[tuple[int, Finding]] = []
    seen: set[ItemKey] = set()
    for finding in findings:
        if finding.key in seen:
            continue
        seen.add(finding.key)
        item = by_key.get(finding.key)
        if item is None:
            add.append(finding)
        else:
            refresh.append((item.id, finding))
    retire = tuple(i.id for i in stored if i.key not in seen and not i.obsolete)
    return MergePlan(tuple(add), tuple(refresh), retire)


@dataclass(frozen=True, slots=True)
class ChecklistEntry:
    id: int
    rule_id: str
    resource: str
    path: str
    message: str
    fix: str
    severity: str
    status: str
    due_on: date | None
    note: str
    version: int

    @property
    def open(self) -> bool:
        return self.status == "todo"

    @property
    def blocking(self) -> bool:
        return self.open and self.severity == "blocking"


@dataclass(frozen=True, slots=True)
class StudentChecklist:
    enrollment_id: int
    student_id: str
    name: str
    email: str | None
    course_code: str
    accounts_close_on: date
    template: str | None  # file name of the latest template
    parse_error: str | None
    items: tuple[ChecklistEntry, ...]


@dataclass(frozen=True, slots=True)
class ClassChecklistRow:
    enrollment_id: int
    student_id: str
    name: str
    section: str
    template: str | None
    done: int
    waived: int
    open: int
    blocking: int
    days_left: int
    overdue: int  # open items past their due date

    @property
    def handed_in(self) -> bool:
        return self.template is not None


def summarise(
    entries: tuple[ChecklistEntry, ...], today: date, accounts_close_on: date
) -> tuple[int, int, int, int, int, int]:
    """(done, waived, open, blocking, days_left, overdue) for one student."""
    done = sum(e.status == "done" for e in entries)
    waived = sum(e.status == "waived" for e in entries)
    open_items = [e for e in entries if e.open]
    overdue = sum(1 for e in open_items if e.due_on is not None and e.due_on < today)
    blocking = sum(e.blocking for e in entries)
    return done, waived, len(open_items), blocking, (accounts_close_on - today).days, overdue
