"""Records of the import pipeline: what a file says, what an import would change.

Readers (``coursekit.interchange``) produce the *file* records; the import
service compares them with the database and produces an ``ImportPlan`` (the
preview), which ``apply_import`` writes in one transaction.
"""

from __future__ import annotations

from dataclasses import KW_ONLY, dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from coursekit.domain.enums import EnrollmentStatus, ImportKind
from coursekit.domain.problems import HintKind, ProblemCode
from coursekit.domain.score_changes import ScoreCell as ScoreCell  # re-exported
from coursekit.domain.score_changes import ScoreChange as ScoreChange
from coursekit.domain.score_changes import ScoreChanges


class Severity(StrEnum):
    ERROR = "error"  # blocks the import
    WARNING = "warning"  # shown in the preview; the import may go ahead
    INFO = "info"  # what the reader did on purpose (test student skipped, column ignored)


@dataclass(frozen=True, slots=True)
class RowIssue:
    """One problem, located by spreadsheet row (1-based, as Excel shows it) and column header.

    ``code`` says what went wrong, ``field`` which field of the record it concerns (as the
    readers name it: ``student_id``, ``email``, an assessment key), ``hint`` what the user
    can do; the message states the problem only (see ``domain.problems``)."""

    row: int | None
    column: str | None
    message: str
    severity: Severity = Severity.ERROR
    _: KW_ONLY
    code: ProblemCode
    field: str | None = None
    hint: HintKind | None = None

    def where(self) -> str:
        parts = []
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column:
            parts.append(f"column {self.column!r}")
        return ", ".join(parts)

    def __str__(self) -> str:
        where = self.where()
        return f"{where}: {self.message}" if where else self.message


# ---- what a file says ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AssessmentRef:
    """A course assessment as the readers need it (from the database)."""

    key: str
    title: str
    points: float


@dataclass(frozen=True, slots=True)
class ColumnMatch:
    """How one file column maps to a course assessment (or a field)."""

    index: int
    header: str
    key: str | None  # assessment key / field name; None = not imported
    title: str | None = None  # the assessment's title
    how: str = "id"  # id|title|fuzzy|mapped|skipped|unknown|computed|custom|field
    similarity: float = 1.0  # for fuzzy matches
    points_in_file: float | None = None  # from the Points Possible row

    @property
    def imported(self) -> bool:
        return self.key is not None


@dataclass(frozen=True, slots=True)
class StudentRecord:
    """A person as one file row describes them (any field may be unknown)."""

    row: int
    student_id: str | None = None  # institution / SIS User ID (text)
    lms_id: str | None = None  # Canvas user ID
    login: str | None = None  # SIS Login ID
    email: str | None = None
    name: str = ""
    sortable_name: str = ""
    section: str | None = None
    status: EnrollmentStatus | None = None


@dataclass(frozen=True, slots=True)
class GradebookFile:
    columns: tuple[ColumnMatch, ...]  # imported assessment columns, in file order
    students: tuple[StudentRecord, ...]
    scores: tuple[tuple[ScoreCell, ...], ...]  # per student, aligned with ``columns``
    ignored: tuple[ColumnMatch, ...] = ()  # computed / custom / unknown columns


@dataclass(frozen=True, slots=True)
class RosterFile:
    columns: tuple[ColumnMatch, ...]
    students: tuple[StudentRecord, ...]


@dataclass(frozen=True, slots=True)
class CreditRecord:
    row: int
    student: StudentRecord  # only ids/email set
    at: datetime
    spent_usd: float
    budget_usd: float | None = None


@dataclass(frozen=True, slots=True)
class CreditFile:
    columns: tuple[ColumnMatch, ...]
    records: tuple[CreditRecord, ...]


@dataclass(frozen=True, slots=True)
class PracticeRecord:
    row: int
    student: StudentRecord
    exam_code: str
    taken_at: datetime
    percent: float | None = None
    scaled_score: float | None = None
    domain_percents: tuple[tuple[str, float], ...] = ()  # ("1", 72.5), by domain number
    minutes: float | None = None
    questions: int | None = None


@dataclass(frozen=True, slots=True)
class PracticeFile:
    columns: tuple[ColumnMatch, ...]
    records: tuple[PracticeRecord, ...]


ParsedFile = GradebookFile | RosterFile | CreditFile | PracticeFile


# ---- what an import would change ------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FieldChange:
    field: str
    old: str | None
    new: str | None

    def __str__(self) -> str:
        return f"{self.field}: {self.old or '∅'} → {self.new or '∅'}"


@dataclass(frozen=True, slots=True)
class StudentChange:
    """A student added, changed (field by field) or missing from the file."""

    row: int | None
    student_id: str
    name: str
    changes: tuple[FieldChange, ...] = ()  # student and enrollment fields
    note: str = ""  # how the student was matched, or why an id was derived
    student_pk: int | None = None  # None: a new person
    enrollment_id: int | None = None  # None: a new enrollment
    record: StudentRecord | None = None


@dataclass(frozen=True, slots=True)
class RowChange:
    """A credit event or practice attempt added or changed."""

    row: int
    student_id: str
    name: str
    summary: str
    changes: tuple[FieldChange, ...] = ()
    entity_id: int | None = None  # None: a new row
    enrollment_id: int | None = None  # None: the enrollment of a student new in this plan
    values: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class IdentifierChange:
    """An identifier a file row brings that its student does not hold yet."""

    row: int
    student_id: str  # the student's id after the import (new people: their new id)
    kind: str  # IdentifierKind
    value: str  # normalised
    student_pk: int | None = None  # None: the student is new


@dataclass(frozen=True, slots=True)
class HandEdit:
    """A field the import would change that was edited by hand after the file's export."""

    row: int | None
    student_id: str
    field: str
    edited_at: datetime

    def __str__(self) -> str:
        where = f"row {self.row} " if self.row is not None else ""
        return f"{where}({self.student_id}) {self.field}, edited {self.edited_at:%Y-%m-%d %H:%M}"


@dataclass(frozen=True, slots=True)
class Candidate:
    """A stored student a file row might be."""

    student_pk: int
    student_id: str
    name: str
    how: str  # "SIS Login ID = student number 1001", "same name"


@dataclass(frozen=True, slots=True)
class Absorb:
    """A provisional student (known only from a credit/practice row) that a file
    row shows to be a stored student: everything of ``other`` moves to ``keep``."""

    row: int
    keep_pk: int
    keep_id: str
    other_pk: int
    other_id: str


class DecisionKind(StrEnum):
    AMBIGUOUS = "ambiguous"  # the row matches several students
    SAME_STUDENT = "same_student"  # two rows of the file match one student
    CONFLICT = "conflict"  # matched, but an identifier contradicts the stored one


@dataclass(frozen=True, slots=True)
class Decision:
    """A row the import will not guess about: the user settles it (this row is that stored
    student, or a new one); ``services.importing.import_settle`` applies the answer."""

    row: int
    kind: DecisionKind
    name: str  # the row's name as the file gives it
    message: str
    candidates: tuple[Candidate, ...] = ()

    def __str__(self) -> str:
        return f"row {self.row}: {self.message}"


@dataclass(frozen=True, slots=True)
class ImportPlan:
    """The preview of an import. ``apply_import`` writes exactly this, or refuses."""

    kind: ImportKind
    course_code: str
    course_id: int
    path: str
    file_name: str
    sha256: str
    file_time: datetime  # when the file was exported (Canvas file-name stamp, else mtime)
    issues: tuple[RowIssue, ...] = ()
    columns: tuple[ColumnMatch, ...] = ()
    students_added: tuple[StudentChange, ...] = ()
    students_changed: tuple[StudentChange, ...] = ()
    students_missing: tuple[StudentChange, ...] = ()
    students_unchanged: int = 0
    scores_added: ScoreChanges = field(default_factory=ScoreChanges)
    scores_changed: ScoreChanges = field(default_factory=ScoreChanges)
    scores_unchanged: int = 0
    rows_added: tuple[RowChange, ...] = ()
    rows_changed: tuple[RowChange, ...] = ()
    rows_unchanged: int = 0
    drop_missing: bool = False
    state_token: str = ""  # the database state the plan was computed against
    identifiers_added: tuple[IdentifierChange, ...] = ()
    absorbed: tuple[Absorb, ...] = ()
    edited: tuple[HandEdit, ...] = ()  # refused unless forced
    decisions: tuple[Decision, ...] = ()  # open: apply refuses until they are settled
    settled: tuple[tuple[int, str | None], ...] = ()  # (row, student id | None = new)

    @property
    def errors(self) -> tuple[RowIssue, ...]:
        return tuple(i for i in self.issues if i.severity == Severity.ERROR)

    @property
    def warnings(self) -> tuple[RowIssue, ...]:
        return tuple(i for i in self.issues if i.severity == Severity.WARNING)

    @property
    def has_errors(self) -> bool:
        return any(i.severity == Severity.ERROR for i in self.issues)

    @property
    def stale(self) -> tuple[ScoreChange, ...]:
        return tuple(c for c in self.scores_changed if c.stale)

    @property
    def fuzzy_columns(self) -> tuple[ColumnMatch, ...]:
        return tuple(c for c in self.columns if c.how == "fuzzy")

    @property
    def is_empty(self) -> bool:
        return not (
            self.students_added
            or self.students_changed
            or self.scores_added
            or self.scores_changed
            or self.rows_added
            or self.rows_changed
            or self.identifiers_added
            or self.absorbed
            or self.decisions
            or (self.drop_missing and self.students_missing)
        )

    @property
    def counts(self) -> dict[str, int]:
        return {
            "students_added": len(self.students_added),
            "students_changed": len(self.students_changed),
            "students_missing": len(self.students_missing),
            "students_dropped": len(self.students_missing) if self.drop_missing else 0,
            "students_unchanged": self.students_unchanged,
            "scores_added": len(self.scores_added),
            "scores_changed": len(self.scores_changed),
            "scores_unchanged": self.scores_unchanged,
            "rows_added": len(self.rows_added),
            "rows_changed": len(self.rows_changed),
            "rows_unchanged": self.rows_unchanged,
            "identifiers_added": len(self.identifiers_added),
            "students_absorbed": len(self.absorbed),
            "decisions": len(self.decisions),
            "errors": len(self.errors),
            "warnings": len(self.warnings),
        }


@dataclass(frozen=True, slots=True)
class BatchInfo:
    id: int
    course_code: str
    kind: ImportKind
    file_name: str
    sha256: str
    counts: dict[str, int]
    actor: str
    imported_at: datetime
    undone_at: datetime | None = None

    @property
    def undone(self) -> bool:
        return self.undone_at is not None
