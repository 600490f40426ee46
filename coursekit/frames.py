"""Notebook API: a course as typed pandas DataFrames, read-only.

    >>> from coursekit.frames import open_course
    >>> with open_course("COMP529", db="sqlite:///coursekit.sqlite3") as course:
    ...     grades = course.grades()
    ...     grades.groupby("section", observed=True)["final_percent"].mean()

An adapter beside the CLI: it calls the same services as ``coursekit … --json`` and
returns the same numbers, typed — nullable numbers (``Float64``/``Int64``/``boolean``,
``<NA>`` where the JSON has ``null``), tz-aware UTC datetimes, dates as
``datetime64`` (midnight), categoricals for section, status, kind and state, and
Python lists where the JSON has lists. Every frame of one ``CourseFrames`` is
computed as of the same instant (``now``, default: when it was opened). It never
writes: the database is not even migrated (an old schema is an error).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, cast

import pandas as pd
from pandas.api.types import pandas_dtype

from coursekit.config import load_settings
from coursekit.db import migrate
from coursekit.domain.engine_records import StudentRef
from coursekit.domain.enums import EnrollmentStatus
from coursekit.domain.problems import ProblemCode
from coursekit.services.context import ServiceContext, ServiceError

__all__ = ["CourseFrames", "open_course"]

_WHO = ("enrollment_id", "student_id", "name", "section")


def _utc(values: Iterable[datetime | None]) -> pd.Series:
    # None becomes NaT; pandas-stubs leave None out of what to_datetime accepts.
    moments = cast(list[datetime], list(values))
    return pd.Series(pd.to_datetime(moments, utc=True), dtype="datetime64[ns, UTC]")


def _dates(values: Iterable[date | None]) -> pd.Series:
    return pd.Series(
        # None becomes NaT, as in _utc.
        pd.to_datetime(cast(list[str], [None if v is None else v.isoformat() for v in values])),
        dtype="datetime64[ns]",
    )


def _cat(values: Iterable[Any], categories: Sequence[str] | None = None) -> pd.Series:
    items = [None if v is None else str(v) for v in values]
    cats = sorted({v for v in items if v is not None}) if categories is None else categories
    return pd.Series(pd.Categorical(items, categories=list(cats)))


def _typed(kind: str, values: Iterable[Any]) -> pd.Series:
    data = list(values)
    if kind == "utc":
        return _utc(data)
    if kind == "date":
        return _dates(data)
    if kind == "category":
        return _cat(data)
    if kind == "list":
        return pd.Series([list(v) for v in data], dtype=object)
    return pd.Series(data, dtype=pandas_dtype(kind))


Columns = dict[str, tuple[str, Callable[[Any], Any]]]  # name -> (dtype, getter)


def _frame(rows: Sequence[Any], columns: Columns) -> pd.DataFrame:
    """A DataFrame with one typed column per ``name: (dtype, getter)``."""
    return pd.DataFrame(
        {name: _typed(kind, (get(r) for r in rows)) for name, (kind, get) in columns.items()}
    )


def _who(student: Callable[[Any], StudentRef]) -> Columns:
    return {
        "enrollment_id": ("Int64", lambda r: student(r).enrollment_id),
        "student_id": ("string", lambda r: student(r).student_id),
        "name": ("string", lambda r: student(r).name),
        "section": ("category", lambda r: student(r).section),
    }


@dataclass
class CourseFrames:
    """One course of one database, as DataFrames. Use ``open_course``."""

    ctx: ServiceContext
    course: str
    now: datetime

    def close(self) -> None:
        self.ctx.close()

    def __enter__(self) -> CourseFrames:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---- roster and scores -------------------------------------------------------

    def students(self) -> pd.DataFrame:
        """Every enrollment, active and dropped (``coursekit roster --json``)."""
        from coursekit.services.roster.roster import list_roster

        rows = list_roster(self.ctx, self.course)
        frame = _frame(
            rows,
            {
                "enrollment_id": ("Int64", lambda r: r.enrollment_id),
                "student_pk": ("Int64", lambda r: r.student_pk),
                "student_id": ("string", lambda r: r.student_id),
                "name": ("string", lambda r: r.name),
                "sortable_name": ("string", lambda r: r.sortable_name),
                "email": ("string", lambda r: r.email),
                "section": ("category", lambda r: r.section),
                "status": ("category", lambda r: r.status),
                "version": ("Int64", lambda r: r.version),
                "enrollment_version": ("Int64", lambda r: r.enrollment_version),
            },
        )
        frame["status"] = _cat(frame["status"], [s.value for s in EnrollmentStatus])
        return frame

    def scores(self) -> pd.DataFrame:
        """Every stored score of the active students, long form (one row per student and
        assessment that has a score row; ``points`` is <NA> when not scored yet)."""
        from coursekit.services.views.class_tables import ScoreLine, score_lines

        table = score_lines(self.ctx, self.course)
        # Column-wise (380,000 rows for 10,000 students): records, then one join for
        # the student columns and one conversion per column.
        frame = pd.DataFrame.from_records(list(table.rows), columns=list(ScoreLine._fields))
        who = _frame(table.students, _who(lambda r: r)).set_index("enrollment_id")
        frame = frame.join(who, on="enrollment_id")
        kinds = {
            "enrollment_id": "Int64",
            "student_id": "string",
            "name": "string",
            "section": "category",
            "assessment_key": "string",
            "title": "string",
            "kind": "category",
            "category": "category",
            "points_possible": "Float64",
            "due_at": "utc",
            "points": "Float64",
            "status": "category",
            "submitted_at": "utc",
            "extended_due_at": "utc",
        }
        out = pd.DataFrame(
            {
                name: (
                    pd.to_datetime(frame[name], utc=True).astype("datetime64[ns, UTC]")
                    if kind == "utc"
                    else frame[name].astype(pandas_dtype(kind))
                )
                for name, kind in kinds.items()
            }
        )
        out["section"] = out["section"].cat.set_categories(who["section"].cat.categories)
        return out

    # ---- grades ----------------------------------------------------------------------

    def _grade_rows(self) -> list[Any]:
        from coursekit.services.views.grades import grade_rows

        return grade_rows(self.ctx, self.course, now=self.now)

    def grades(self) -> pd.DataFrame:
        """Current and Final grades with letters (``coursekit grades --json`` without the
        categories; see ``grade_categories``)."""
        return _frame(
            self._grade_rows(),
            {
                **_who(lambda r: r.student),
                "current_percent": ("Float64", lambda r: r.grade.current_percent),
                "final_percent": ("Float64", lambda r: r.grade.final_percent),
                "override_percent": ("Float64", lambda r: r.grade.override_percent),
                "letter": ("category", lambda r: r.grade.letter),
                "current_letter": ("category", lambda r: r.grade.current_letter),
                "final_letter": ("category", lambda r: r.grade.final_letter),
                "late_deductions": ("Float64", lambda r: r.grade.late_deductions),
            },
        )

    def grade_categories(self) -> pd.DataFrame:
        """One row per student and grading category (the ``categories`` of the JSON)."""
        rows = [(r.student, c) for r in self._grade_rows() for c in r.grade.categories]
        return _frame(
            rows,
            {
                **_who(lambda r: r[0]),
                "category": ("string", lambda r: r[1].name),
                "weight": ("Float64", lambda r: r[1].weight),
                "current_percent": ("Float64", lambda r: r[1].current_percent),
                "final_percent": ("Float64", lambda r: r[1].final_percent),
                "dropped_current": ("list", lambda r: r[1].dropped_current),
                "dropped_final": ("list", lambda r: r[1].dropped_final),
            },
        )

    # ---- labs ------------------------------------------------------------------------

    def _lab_matrix(self) -> Any:
        from coursekit.services.views.labs import lab_matrix

        return lab_matrix(self.ctx, self.course, now=self.now)

    def labs(self) -> pd.DataFrame:
        """Each student's lab counts (the ``students`` of ``coursekit labs --json``)."""
        return _frame(
            self._lab_matrix().rows,
            {
                **_who(lambda r: r.student),
                "passed": ("Int64", lambda r: r.labs.passed),
                "passed_due": ("Int64", lambda r: r.labs.passed_due),
                "due_so_far": ("Int64", lambda r: r.labs.due_so_far),
                "overdue": ("Int64", lambda r: r.labs.overdue),
                "behind": ("Int64", lambda r: r.labs.behind),
                "assigned": ("Int64", lambda r: r.labs.assigned),
            },
        )

    def lab_cells(self) -> pd.DataFrame:
        """One row per student and lab: state, percent, overdue (long form)."""
        matrix = self._lab_matrix()
        # Column-wise: the student columns repeated per cell, the cell fields read once.
        counts = [len(r.labs.cells) for r in matrix.rows]
        who = _frame(matrix.rows, _who(lambda r: r.student))
        frame = who.loc[who.index.repeat(counts)].reset_index(drop=True)
        cells = [c for r in matrix.rows for c in r.labs.cells]
        frame["lab"] = _cat((c.key for c in cells), [lab.key for lab in matrix.labs])
        frame["state"] = _cat(c.state for c in cells)
        frame["percent"] = pd.array([c.percent for c in cells], dtype="Float64")
        frame["overdue"] = pd.array([c.overdue for c in cells], dtype="boolean")
        return frame

    def lab_rates(self) -> pd.DataFrame:
        """Each lab with its completion rate (the ``labs`` of ``coursekit labs --json``)."""
        matrix = self._lab_matrix()
        return _frame(
            list(zip(matrix.labs, matrix.rates, strict=True)),
            {
                "key": ("string", lambda r: r[0].key),
                "title": ("string", lambda r: r[0].title),
                "kind": ("category", lambda r: r[0].kind),
                "due_at": ("utc", lambda r: r[0].due_at),
                "pass_threshold": ("Float64", lambda r: r[0].pass_threshold),
                "passed": ("Int64", lambda r: r[1].passed),
                "assigned": ("Int64", lambda r: r[1].assigned),
                "rate": ("Float64", lambda r: r[1].rate),
            },
        )

    # ---- credits ---------------------------------------------------------------------

    def credits(self) -> pd.DataFrame:
        """Each student's credit forecast (``coursekit credits --json``)."""
        from coursekit.services.views.credits import credit_rows

        return _frame(
            credit_rows(self.ctx, self.course, now=self.now),
            {
                **_who(lambda r: r.student),
                "budget": ("Float64", lambda r: r.forecast.budget),
                "spent": ("Float64", lambda r: r.forecast.spent),
                "remaining": ("Float64", lambda r: r.forecast.remaining),
                "percent_used": ("Float64", lambda r: r.forecast.percent_used),
                "burn_per_day": ("Float64", lambda r: r.forecast.burn_per_day),
                "runout_on": ("date", lambda r: r.forecast.runout_on),
                "runs_out_before_close": ("boolean", lambda r: r.forecast.runs_out_before_close),
                "last_snapshot_at": ("utc", lambda r: r.forecast.last_snapshot_at),
                "flags": ("list", lambda r: [str(f) for f in r.forecast.flags]),
            },
        )

    def credit_ledger(self) -> pd.DataFrame:
        """Every credit event of the active students, oldest first per student."""
        from coursekit.services.views.class_tables import credit_ledger

        table = credit_ledger(self.ctx, self.course)
        by_id = {s.enrollment_id: s for s in table.students}
        return _frame(
            table.rows,
            {
                **_who(lambda r: by_id[r[0]]),
                "event_id": ("Int64", lambda r: r[1].id),
                "at": ("utc", lambda r: r[1].at),
                "kind": ("category", lambda r: r[1].kind),
                "amount_usd": ("Float64", lambda r: r[1].amount_usd),
                "source": ("string", lambda r: r[1].source),
            },
        )

    # ---- readiness -------------------------------------------------------------------

    def _readiness_rows(self, exam: str | None) -> list[Any]:
        from coursekit.services.views.readiness import readiness_rows

        return readiness_rows(self.ctx, self.course, exam=exam, now=self.now)

    def readiness(self, exam: str | None = None) -> pd.DataFrame:
        """One row per student and exam (``coursekit readiness --json`` without the
        domains; see ``readiness_domains``)."""
        return _frame(
            self._readiness_rows(exam),
            {
                **_who(lambda r: r.student),
                "exam": ("category", lambda r: r.result.exam_code),
                "status": ("category", lambda r: r.result.status),
                "predicted_score": ("Float64", lambda r: r.result.predicted_score),
                "passing_score": ("Int64", lambda r: r.result.passing_score),
                "coverage": ("Float64", lambda r: r.result.coverage),
                "weakest": ("list", lambda r: r.result.weakest),
                "seconds_per_question": ("Float64", lambda r: r.result.seconds_per_question),
                "budget_seconds_per_question": (
                    "Float64",
                    lambda r: r.result.budget_seconds_per_question,
                ),
            },
        )

    def readiness_domains(self, exam: str | None = None) -> pd.DataFrame:
        """One row per student, exam and exam domain: mastery, practice, labs, next labs."""
        rows = [(r, d) for r in self._readiness_rows(exam) for d in r.result.domains]
        return _frame(
            rows,
            {
                **_who(lambda r: r[0].student),
                "exam": ("category", lambda r: r[0].result.exam_code),
                "number": ("Int64", lambda r: r[1].number),
                "domain": ("string", lambda r: r[1].name),
                "weight": ("Float64", lambda r: r[1].weight),
                "mastery": ("Float64", lambda r: r[1].mastery),
                "practice": ("Float64", lambda r: r[1].practice),
                "labs": ("Float64", lambda r: r[1].labs),
                "next_labs": ("list", lambda r: r[1].next_labs),
            },
        )

    # ---- checklists ------------------------------------------------------------------

    def checklists(self) -> pd.DataFrame:
        """Each active student's export checklist progress (``coursekit checklist class
        --json``), most urgent first."""
        from coursekit.services.checklists import class_checklists

        return _frame(
            class_checklists(self.ctx, self.course, today=self.now.date()),
            {
                **_who(lambda r: r),
                "template": ("string", lambda r: r.template),
                "done": ("Int64", lambda r: r.done),
                "waived": ("Int64", lambda r: r.waived),
                "open": ("Int64", lambda r: r.open),
                "blocking": ("Int64", lambda r: r.blocking),
                "days_left": ("Int64", lambda r: r.days_left),
                "overdue": ("Int64", lambda r: r.overdue),
                "parse_error": ("string", lambda r: r.parse_error),
                "handed_in": ("boolean", lambda r: r.handed_in),
            },
        )


@contextmanager
def _closing_on_error(ctx: ServiceContext) -> Iterator[ServiceContext]:
    try:
        yield ctx
    except BaseException:
        ctx.close()
        raise


def open_course(
    course: str | None = None, *, db: str | None = None, now: datetime | None = None
) -> CourseFrames:
    """Open ``course`` (default: the only course) on the database URL or SQLite path
    ``db`` (default: ``COURSEKIT_DB``, then coursekit's own database), read-only.

    ``now`` (aware) fixes the instant every frame is computed for.
    """
    from coursekit.services.checklists import find_course_code

    if now is not None and now.tzinfo is None:
        raise ServiceError(
            "now must carry a time zone (use UTC)", code=ProblemCode.INVALID_VALUE, field="now"
        )
    ctx = ServiceContext.open(load_settings(db=db), upgrade=False)
    with _closing_on_error(ctx):
        if not migrate.is_current(ctx.engine):
            raise ServiceError(
                "the database schema is not current: run `coursekit db upgrade`",
                code=ProblemCode.DATABASE_REFUSED,
            )
        code = find_course_code(ctx, course)
    return CourseFrames(ctx, code, (now or datetime.now(UTC)).astimezone(UTC))
