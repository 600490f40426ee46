"""Match a person described by any source to the stored students.

``load_identity`` reads every stored identifier once; ``IdentityIndex.match``
is then a set lookup per identifier the record carries, so matching a file is
linear in its rows. Any source (spreadsheet readers, the Canvas API) hands in
``StudentRecord``s and gets a ``Match`` back: one student, none, or several
(a decision for the user, never a guess).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlmodel import Session

from coursekit.db.queries.identity import identifier_rows, student_identity_rows, student_pk_of
from coursekit.domain.enums import ImportKind
from coursekit.domain.identity import (
    LABELS,
    Identifier,
    IdentifierKind,
    MatchKey,
    match_key,
    normalise,
    record_identifiers,
)
from coursekit.domain.imports import StudentRecord
from coursekit.domain.problems import ProblemCode

DERIVED_PREFIX = "canvas:"  # student id derived from a Canvas user id (no SIS id known)
PROVISIONAL_PREFIX = "lab:"  # a person known only from a credit/practice row, so far


def is_derived(student_id: str) -> bool:
    """An id coursekit made up until a roster (or SIS User ID) gives the real one."""
    return student_id.startswith((DERIVED_PREFIX, PROVISIONAL_PREFIX))


def is_provisional(student_id: str) -> bool:
    return student_id.startswith(PROVISIONAL_PREFIX)


@dataclass(frozen=True, slots=True)
class Match:
    """How a record matches the stored students."""

    identifiers: tuple[Identifier, ...]  # what the record carries
    found: dict[int, str]  # student pk -> how ("SIS Login ID = student number 1001")

    @property
    def student_pk(self) -> int | None:
        """The one student matched, or None (no match, or several)."""
        return next(iter(self.found)) if len(self.found) == 1 else None

    @property
    def ambiguous(self) -> bool:
        return len(self.found) > 1


@dataclass(slots=True)
class IdentityIndex:
    by_key: dict[MatchKey, set[int]] = field(default_factory=dict)
    held: dict[int, dict[MatchKey, list[IdentifierKind]]] = field(default_factory=dict)
    by_name: dict[str, set[int]] = field(default_factory=dict)

    def add(self, pk: int, kind: IdentifierKind | str, value: str) -> None:
        ident = Identifier(IdentifierKind(kind), normalise(value))
        if not ident.value:
            return
        self.by_key.setdefault(ident.key, set()).add(pk)
        kinds = self.held.setdefault(pk, {}).setdefault(ident.key, [])
        if ident.kind not in kinds:
            kinds.append(ident.kind)

    def add_name(self, pk: int, name: str) -> None:
        if name.strip():
            self.by_name.setdefault(normalise(name), set()).add(pk)

    def holds(self, pk: int, ident: Identifier) -> bool:
        return ident.kind in self.held.get(pk, {}).get(ident.key, ())

    def match_identifiers(self, identifiers: Iterable[Identifier]) -> Match:
        idents = tuple(identifiers)
        found: dict[int, str] = {}
        for ident in idents:
            for pk in sorted(self.by_key.get(ident.key, ())):
                stored = self.held[pk][ident.key]
                how = (
                    LABELS[ident.kind]
                    if ident.kind in stored
                    else f"{LABELS[ident.kind]} = {LABELS[stored[0]]}"
                )
                found.setdefault(pk, f"{how} {ident.value}")
        return Match(idents, found)

    def match(self, kind: ImportKind, record: StudentRecord) -> Match:
        return self.match_identifiers(record_identifiers(kind, record))

    def same_name(self, name: str) -> set[int]:
        return self.by_name.get(normalise(name), set()) if name.strip() else set()

    def missing(self, pk: int | None, identifiers: Iterable[Identifier]) -> list[Identifier]:
        """The identifier values a student does not hold yet, under any kind (all of
        them for a new student): a value is stored once, with the source that first
        gave it."""
        held = self.held.get(pk, {}) if pk is not None else {}
        return [i for i in identifiers if i.key not in held]


def index_student(
    index: IdentityIndex,
    pk: int,
    student_id: str,
    lms_id: str | None,
    login: str | None,
    email: str | None,
    name: str,
) -> None:
    """The student's own columns count as identifiers too (rows written before
    identifiers were stored, or by hand)."""
    if student_id and not is_derived(student_id):
        index.add(pk, IdentifierKind.STUDENT_NUMBER, student_id)
    if lms_id:
        index.add(pk, IdentifierKind.CANVAS_USER_ID, lms_id)
    if login:
        index.add(pk, IdentifierKind.SIS_LOGIN, login)
    if email:
        index.add(pk, IdentifierKind.EMAIL, email)
    index.add_name(pk, name)


def add_identifiers(index: IdentityIndex, rows: Iterable[tuple[int, str, str]]) -> None:
    """Stored identifier rows (student pk, kind, value) into ``index``."""
    for pk, kind, value in rows:
        index.add(pk, kind, value)


def load_identity(session: Session) -> IdentityIndex:
    """Every stored student's identifiers (for callers outside the import plan)."""
    index = IdentityIndex()
    for row in student_identity_rows(session):
        index_student(index, *row)
    add_identifiers(index, identifier_rows(session))
    return index


def find_student(session: Session, text: str) -> int:
    """The student a user names: by student id, else by an identifier only one
    student holds (a student number, login, e-mail or Canvas user id)."""
    from coursekit.services.context import NotFound, ServiceError

    value = text.strip()
    pk = student_pk_of(session, student_id=value)
    if pk is not None:
        return pk
    index = load_identity(session)
    pks = set(index.by_key.get(match_key(IdentifierKind.STUDENT_NUMBER, value), ()))
    if not pks and value.isdigit():
        pks = set(index.by_key.get(match_key(IdentifierKind.CANVAS_USER_ID, value), ()))
    if len(pks) == 1:
        return next(iter(pks))
    if pks:
        raise ServiceError(
            f"{len(pks)} students carry {value!r}; name one by student id",
            code=ProblemCode.AMBIGUOUS,
        )
    raise NotFound(f"no student {value!r} (give a student id, e-mail or login)")
