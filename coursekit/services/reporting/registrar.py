"""The registrar's grade sheet: the course's final grades written into the
institution's own workbook (see ``interchange.registrar`` for what is kept)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from coursekit.domain.grading import round2
from coursekit.domain.problems import HintKind, ProblemCode
from coursekit.interchange.registrar import RegistrarError, RegistrarFill, fill_workbook
from coursekit.interchange.spreadsheet import SpreadsheetError
from coursekit.services.context import ServiceContext, ServiceError
from coursekit.services.views.grades import grade_rows

WHAT = ("letter", "percent")


@dataclass(frozen=True, slots=True)
class FinalGradesResult:
    fill: RegistrarFill
    names: dict[str, str]  # student id -> name, for the lists the instructor reads


def final_grade_values(
    ctx: ServiceContext, course: str | None, *, what: str, now: datetime | None = None
) -> tuple[dict[str, str | float | None], dict[str, str]]:
    """Each active student's final grade (the override when set): the letter, or the
    percent rounded to 2 decimals; None when there is no grade yet."""
    if what not in WHAT:
        raise ServiceError.bad_input(f"what is one of {', '.join(WHAT)}, not {what!r}", "what")
    values: dict[str, str | float | None] = {}
    names: dict[str, str] = {}
    for row in grade_rows(ctx, course, now=now):
        sid = row.student.student_id
        names[sid] = row.student.name
        if what == "letter":
            values[sid] = row.grade.letter
        else:
            pct = row.grade.effective_percent
            values[sid] = None if pct is None else round2(pct)
    return values, names


def fill_final_grades(
    ctx: ServiceContext,
    course: str | None,
    template: Path,
    out: Path,
    *,
    what: str = "letter",
    sheet: str | None = None,
    id_column: str | None = None,
    grade_column: str | None = None,
    force: bool = False,
    now: datetime | None = None,
) -> FinalGradesResult:
    """Fill ``template``'s grade column with the course's final grades into ``out``."""
    values, names = final_grade_values(ctx, course, what=what, now=now)
    try:
        fill = fill_workbook(
            template,
            out,
            values,
            limits=ctx.settings.limits,
            sheet=sheet,
            id_column=id_column,
            grade_column=grade_column,
            force=force,
        )
    except RegistrarError as exc:
        if exc.hint is HintKind.OVERWRITE:
            raise ServiceError(
                str(exc), code=ProblemCode.CELL_TAKEN, field="force", hint=exc.hint
            ) from None
        raise ServiceError(str(exc), code=ProblemCode.INVALID_VALUE) from None
    except SpreadsheetError as exc:
        raise ServiceError(str(exc), code=ProblemCode.FILE_UNREADABLE) from None
    return FinalGradesResult(fill, names)
