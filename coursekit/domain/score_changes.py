"""The scores an import plan adds or changes, held as columns.

A gradebook of 100,000 students × 40 assessments plans 3.9 million new scores. One
``ScoreChange`` tuple per score (plus its status and points, all tracked by the garbage
collector) cost about 150 bytes each and was held from planning to apply: most of the
import's memory. ``ScoreChanges`` stores three small integers per score — whose row,
which column, which value — and each distinct person, column and value once. It is a
read-only ``Sequence[ScoreChange]``: previews, JSON and tests see the same records as
before, each built when it is read; the apply reads the columns directly.
"""

from __future__ import annotations

from array import array
from collections.abc import Hashable, Iterable, Iterator, Sequence
from itertools import repeat
from typing import NamedTuple, TypeVar, overload

from coursekit.domain.enums import ScoreStatus
from coursekit.domain.import_values import score_text

K = TypeVar("K", bound=Hashable)
ScoreCell = tuple[ScoreStatus, float | None]


class ScoreChange(NamedTuple):
    """One score added or changed (a NamedTuple: cheap to build, just as immutable)."""

    row: int
    student_id: str
    name: str
    assessment_key: str
    title: str
    old: str | None  # Canvas spelling ("8.5", "EX", "N/A", "-"); None = no score yet
    new: str
    status: ScoreStatus
    points: float | None
    stale: str = ""  # why applying would overwrite a newer or manual edit
    score_id: int | None = None
    enrollment_id: int | None = None  # None: the student is new (see student_key)
    assessment_id: int = 0
    student_key: str = ""  # the new student's student_id, when enrollment_id is None


class ScorePerson(NamedTuple):
    """A file row whose scores are planned."""

    row: int
    student_id: str
    name: str
    enrollment_id: int | None  # None: a student this plan creates


class ScoreColumn(NamedTuple):
    key: str
    title: str
    assessment_id: int


class Interned(dict[K, int]):
    """Distinct values numbered in order of first appearance (``table[value]`` numbers
    a new value, so ``map(table.__getitem__, values)`` runs in C for known ones)."""

    __slots__ = ("order",)

    def __init__(self) -> None:
        super().__init__()
        self.order: list[K] = []

    def __missing__(self, key: K) -> int:
        number = self[key] = len(self.order)
        self.order.append(key)
        return number


class ScoreChanges(Sequence[ScoreChange]):
    """Scores added (``extend``) or changed (``add_changed``) — one kind per instance.

    A person's scores are stored together, in the order they are added."""

    __slots__ = (
        "_column",
        "_old",
        "_olds",
        "_person",
        "_score_id",
        "_stale",
        "_starts",
        "_value",
        "_values",
        "columns",
        "people",
    )

    def __init__(self, columns: Iterable[ScoreColumn] = ()) -> None:
        self.columns = tuple(columns)
        self.people: list[ScorePerson] = []
        self._starts = array("q")  # first position of each person
        self._person = array("i")
        self._column = array("i")
        self._value = array("i")
        self._values: Interned[ScoreCell] = Interned()
        self._olds: Interned[str] = Interned()  # changed scores only: the stored value's text
        self._old = array("i")
        self._score_id = array("q")
        self._stale: dict[int, str] = {}  # position -> why the change is stale

    # ---- building (the planner) --------------------------------------------------------

    def add_person(self, person: ScorePerson) -> int:
        self.people.append(person)
        self._starts.append(len(self._person))
        return len(self.people) - 1

    def extend(self, person: int, columns: Sequence[int], cells: Iterable[ScoreCell]) -> None:
        """New scores of ``person``: ``cells[i]`` for column ``columns[i]``."""
        assert not self._score_id, "an instance holds added or changed scores, not both"
        self._person.extend(repeat(person, len(columns)))
        self._column.extend(columns)
        self._value.extend(map(self._values.__getitem__, cells))

    def add_changed(
        self, person: int, column: int, cell: ScoreCell, old: str, score_id: int, stale: str
    ) -> None:
        assert len(self._score_id) == len(self._person), "added and changed scores mixed"
        if stale:
            self._stale[len(self._person)] = stale
        self._person.append(person)
        self._column.append(column)
        self._value.append(self._values[cell])
        self._old.append(self._olds[old])
        self._score_id.append(score_id)

    # ---- reading (the apply) ------------------------------------------------------------

    @property
    def cells(self) -> list[ScoreCell]:
        """The distinct (status, points) values; ``positions`` refers to them by number."""
        return self._values.order

    def positions(self, start: int, stop: int) -> tuple[array[int], array[int], array[int]]:
        """Scores ``start:stop`` as (person, column, value) numbers."""
        return self._person[start:stop], self._column[start:stop], self._value[start:stop]

    def runs(self) -> Iterator[tuple[int, int, int]]:
        """(person, start, stop) of every person with at least one score here."""
        ends = [*self._starts[1:], len(self._person)][: len(self._starts)]
        for person, (start, stop) in enumerate(zip(self._starts, ends, strict=True)):
            if stop > start:
                yield person, start, stop

    # ---- Sequence[ScoreChange] ----------------------------------------------------------

    def __len__(self) -> int:
        return len(self._person)

    def _record(self, i: int) -> ScoreChange:
        person = self.people[self._person[i]]
        key, title, assessment_id = self.columns[self._column[i]]
        status, points = self._values.order[self._value[i]]
        changed = bool(self._score_id)
        return ScoreChange(
            person.row,
            person.student_id,
            person.name,
            key,
            title,
            self._olds.order[self._old[i]] if changed else None,
            score_text(status, points),
            status,
            points,
            self._stale.get(i, ""),
            self._score_id[i] if changed else None,
            person.enrollment_id,
            assessment_id,
            person.student_id,
        )

    @overload
    def __getitem__(self, index: int) -> ScoreChange: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[ScoreChange, ...]: ...

    def __getitem__(self, index: int | slice) -> ScoreChange | tuple[ScoreChange, ...]:
        if isinstance(index, slice):
            return tuple(self._record(i) for i in range(*index.indices(len(self))))
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError("score change index out of range")
        return self._record(index)

    def __iter__(self) -> Iterator[ScoreChange]:
        return (self._record(i) for i in range(len(self)))

    def __eq__(self, other: object) -> bool:
        """Equal to any sequence of the same records (a plan's scores compare with ``()``)."""
        if not isinstance(other, ScoreChanges | tuple | list):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))

    __hash__ = None  # type: ignore[assignment]  # mutable while planned, compared by value

    def __repr__(self) -> str:
        return f"ScoreChanges({len(self)} scores of {len(self.people)} rows)"
