"""Student identity: which identifiers a file row carries, and how they compare.

A student has many identifiers (student number, SIS user id, Canvas user id,
SIS login, e-mail addresses, Learner Lab e-mail). Values are compared
normalised (stripped, casefolded). Every identifier except the Canvas user id
is compared across kinds — a gradebook's SIS Login ID equal to a roster's
student number, a credit file's e-mail equal to a stored login, names one
person — because schools reuse the same value in different columns. Canvas
user ids are Canvas's own numbers and would collide with student numbers by
chance, so they only ever match Canvas user ids.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from coursekit.domain.enums import ImportKind
from coursekit.domain.imports import StudentRecord


class IdentifierKind(StrEnum):
    STUDENT_NUMBER = "student_number"
    SIS_USER_ID = "sis_user_id"
    CANVAS_USER_ID = "canvas_user_id"
    SIS_LOGIN = "sis_login"
    EMAIL = "email"
    LAB_EMAIL = "lab_email"  # Learner Lab (credit usage) e-mail


LABELS = {
    IdentifierKind.STUDENT_NUMBER: "student number",
    IdentifierKind.SIS_USER_ID: "SIS User ID",
    IdentifierKind.CANVAS_USER_ID: "Canvas user id",
    IdentifierKind.SIS_LOGIN: "SIS Login ID",
    IdentifierKind.EMAIL: "e-mail",
    IdentifierKind.LAB_EMAIL: "Learner Lab e-mail",
}

MatchKey = tuple[str, str]  # (space, normalised value)


def normalise(value: str) -> str:
    return value.strip().casefold()


def match_key(kind: IdentifierKind | str, value: str) -> MatchKey:
    """The key two identifiers must share to name the same person."""
    space = "canvas" if kind == IdentifierKind.CANVAS_USER_ID else "person"
    return space, normalise(value)


@dataclass(frozen=True, slots=True)
class Identifier:
    kind: IdentifierKind
    value: str  # normalised
    key: MatchKey = field(init=False, repr=False, compare=False)  # computed once

    def __post_init__(self) -> None:
        space = "canvas" if self.kind == IdentifierKind.CANVAS_USER_ID else "person"
        object.__setattr__(self, "key", (space, self.value))

    def __str__(self) -> str:
        return f"{LABELS[self.kind]} {self.value}"


def record_identifiers(kind: ImportKind, record: StudentRecord) -> tuple[Identifier, ...]:
    """Every identifier a file row carries, named for the kind of file it came from."""
    found: list[tuple[IdentifierKind, str | None]] = []
    if kind == ImportKind.GRADEBOOK:
        found += [
            (IdentifierKind.CANVAS_USER_ID, record.lms_id),
            (IdentifierKind.SIS_USER_ID, record.student_id),
            (IdentifierKind.SIS_LOGIN, record.login),
        ]
    else:
        found += [
            (IdentifierKind.STUDENT_NUMBER, record.student_id),
            (IdentifierKind.CANVAS_USER_ID, record.lms_id),
            (IdentifierKind.SIS_LOGIN, record.login),
        ]
        email_kind = (
            IdentifierKind.LAB_EMAIL if kind == ImportKind.CREDITS else IdentifierKind.EMAIL
        )
        found.append((email_kind, record.email))
    seen: set[tuple[IdentifierKind, str]] = set()
    result = []
    for ident_kind, value in found:
        if not value:
            continue
        text = normalise(value)
        if text and (ident_kind, text) not in seen:
            seen.add((ident_kind, text))
            result.append(Identifier(ident_kind, text))
    return tuple(result)
