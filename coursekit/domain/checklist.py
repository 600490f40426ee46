"""Export checklists: due dates, merging a re-attached template, class progress.

A student's checklist is the analysis of their template (portability problems,
data to copy out, general steps) with a status per item. Items are keyed by
``(rule_id, resource, path)`` so that re-attaching a changed template keeps the
status of every item that still applies.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from coursekit.domain.cfn import Category, Finding, Severity

# Days before the accounts close by which each kind of item should be done:
# template fixes first (a fixed template still has to be test-deployed), then the
# test deployment, then the data copy (data keeps changing until the end).
LEAD_DAYS = {Category.PORTABILITY: 10, Category.LINT: 10, Category.STEP: 5, Category.DATA: 3}


def due_on(category: Category, accounts_close_on: date) -> date:
    return accounts_close_on - timedelta(days=LEAD_DAYS.get(category, 3))


ItemKey = tuple[str, str, str]  # rule_id, resource, path

# The item standing for "the latest template does not parse": blocking until a template
# that parses is attached (the merge then retires it like any item no longer produced).
UNPARSABLE_RULE = "TEMPLATE-PARSE"


def unparsable_finding(parse_error: str) -> Finding:
    """The blocking checklist item of a template that does not parse."""
    return Finding(
        UNPARSABLE_RULE,
        Severity.BLOCKING,
        None,
        "",
        f"template does not parse: {parse_error}",
        "Fix the template so that it parses (cfn-lint or `coursekit cfn check` shows "
        "where), then attach it again; until then the checklist is that of the last "
        "template that parsed.",
    )


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
    reopen: tuple[int, ...] = ()  # marked done, retired, and now produced again


def merge(
    stored: list[StoredItem], findings: tuple[Finding, ...], *, retire_missing: bool = True
) -> MergePlan:
    """What to add, refresh, retire and reopen when ``findings`` are the template's now.

    A problem that comes back (its item was retired by a template without it) reopens its
    item if it had been marked done: the fix that closed it is gone. A waived item stays
    waived (the waiver is about the problem, not about a fix). ``retire_missing=False``
    adds and refreshes only (the findings are not a whole template's)."""
    by_key = {item.key: item for item in stored}
    add: list[Finding] = []
    refresh: list[tuple[int, Finding]] = []
    reopen: list[int] = []
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
            if item.obsolete and item.status == "done":
                reopen.append(item.id)
    retire = (
        tuple(i.id for i in stored if i.key not in seen and not i.obsolete)
        if retire_missing
        else ()
    )
    return MergePlan(tuple(add), tuple(refresh), retire, tuple(reopen))


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
    line: int | None = None  # the template line of the finding, when known

    @property
    def open(self) -> bool:
        return self.status == "todo"

    @property
    def blocking(self) -> bool:
        return self.open and self.severity == "blocking"

    def overdue(self, today: date) -> bool:
        """Still open after its due date."""
        return self.open and self.due_on is not None and self.due_on < today


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

    @property
    def handed_in(self) -> bool:
        return self.template is not None and self.parse_error is None


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
    parse_error: str | None = None  # of the latest template

    @property
    def handed_in(self) -> bool:
        """A template that parses was handed in last (an unreadable one is not work done)."""
        return self.template is not None and self.parse_error is None


def summarise(
    entries: tuple[ChecklistEntry, ...], today: date, accounts_close_on: date
) -> tuple[int, int, int, int, int, int]:
    """(done, waived, open, blocking, days_left, overdue) for one student."""
    done = sum(e.status == "done" for e in entries)
    waived = sum(e.status == "waived" for e in entries)
    open_items = [e for e in entries if e.open]
    overdue = sum(e.overdue(today) for e in entries)
    blocking = sum(e.blocking for e in entries)
    return done, waived, len(open_items), blocking, (accounts_close_on - today).days, overdue
