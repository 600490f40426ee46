"""``coursekit doctor``: likely duplicate students and orphan rows, each with
the command that fixes it. Read-only."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from coursekit.db.queries.identity import course_codes, enrollment_pairs, student_names
from coursekit.domain.identity import normalise
from coursekit.services.context import ServiceContext
from coursekit.services.importing.identity import load_identity


@dataclass(frozen=True, slots=True)
class Finding:
    kind: str  # "shared identifier" | "same name" | "orphan"
    message: str
    fix: str  # the command that fixes it ("" when none is needed)


def _merge(keep: tuple[str, str], other: tuple[str, str]) -> str:
    return f"coursekit student merge {keep[0]} {other[0]}"


def diagnose(ctx: ServiceContext) -> list[Finding]:
    findings: list[Finding] = []
    with ctx.read() as session:
        students = student_names(session)
        index = load_identity(session)
        courses: dict[int, set[int]] = defaultdict(set)  # course -> student pks
        for course_id, pk in enrollment_pairs(session):
            courses[course_id].add(pk)
        code = course_codes(session)
    seen: set[tuple[int, ...]] = set()
    for (_space, value), pks in sorted(index.by_key.items()):
        if len(pks) < 2:
            continue
        group = tuple(sorted(pks))
        seen.add(group)
        people = [students[p] for p in group]
        findings.append(
            Finding(
                "shared identifier",
                f"{value!r} is an identifier of {len(group)} students: "
                + ", ".join(f"{sid} {name}" for sid, name in people),
                _merge(people[0], people[1]),
            )
        )
    for course_id, pks in sorted(courses.items()):
        by_name: dict[str, list[int]] = defaultdict(list)
        for pk in pks:
            if students[pk][1].strip():
                by_name[normalise(students[pk][1])].append(pk)
        for same in by_name.values():
            group = tuple(sorted(same))
            if len(group) < 2 or group in seen:
                continue
            people = [students[p] for p in group]
            findings.append(
                Finding(
                    "same name",
                    f"{len(group)} students in {code[course_id]} are named "
                    f"{people[0][1]!r}: "
                    + ", ".join(sid for sid, _ in people)
                    + " (merge only if they are one person)",
                    _merge(people[0], people[1]),
                )
            )
    enrolled = set().union(*courses.values()) if courses else set()
    for pk, (sid, name) in sorted(students.items()):
        if pk not in enrolled:
            findings.append(
                Finding(
                    "orphan",
                    f"student {sid} {name} is enrolled in no course",
                    "import a roster that lists them, or merge them into their "
                    "duplicate: coursekit student merge KEEP " + sid,
                )
            )
    return findings
