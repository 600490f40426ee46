"""How the user settles an import plan's decisions: ``links`` (this file row is that stored
student) and ``new_rows`` (a new student)."""

from __future__ import annotations

from dataclasses import dataclass

from coursekit.domain.identity import IdentifierKind, match_key
from coursekit.domain.problems import HintKind, ProblemCode
from coursekit.services.context import NotFound, ServiceError
from coursekit.services.importing.import_state import CourseState


@dataclass(frozen=True, slots=True)
class Settle:
    links: dict[int, str]  # file row -> student id, or any identifier of the student
    new_rows: tuple[int, ...] = ()

    def resolve(self, state: CourseState) -> dict[int, int | None]:
        """File row -> student pk (or None: a new student). A student named by
        nothing, or by an identifier several students share, is an error."""
        both = sorted(set(self.links) & set(self.new_rows))
        if both:
            raise ServiceError.bad_input(
                f"row {both[0]} is both linked to a student and marked new; choose one", "links"
            )
        found: dict[int, int | None] = {row: None for row in self.new_rows}
        for row, text in self.links.items():
            found[row] = _student(state, row, text)
        return found

    def shown(
        self, state: CourseState, resolved: dict[int, int | None]
    ) -> tuple[tuple[int, str | None], ...]:
        return tuple(
            (row, None if pk is None else state.students[pk].student_id)
            for row, pk in sorted(resolved.items())
        )


def _student(state: CourseState, row: int, text: str) -> int:
    value = text.strip()
    pk = state.by_sid.get(value)
    if pk is not None:
        return pk
    pks = set(state.index.by_key.get(match_key(IdentifierKind.STUDENT_NUMBER, value), ()))
    if not pks and value.isdigit():
        pks = set(state.index.by_key.get(match_key(IdentifierKind.CANVAS_USER_ID, value), ()))
    if len(pks) == 1:
        return next(iter(pks))
    if pks:
        raise ServiceError(
            f"row {row} = {value}: {len(pks)} students carry {value!r}; name one by student id",
            code=ProblemCode.AMBIGUOUS,
            field="links",
            hint=HintKind.FIX_VALUE,
        )
    raise NotFound(
        f"row {row} = {value}: no student {value!r} (give a student id)",
        field="links",
        hint=HintKind.FIX_VALUE,
    )
