"""Syllabus and exam-blueprint TOML files → validated domain objects.

Every error is a ``SourceError`` naming the file, the key and its line.
The file formats are documented by the shipped files in ``syllabi/``.
"""

from __future__ import annotations

from pathlib import Path

from coursekit.domain.enums import AssessmentKind
from coursekit.domain.exams import ExamBlueprint, ExamDomain
from coursekit.domain.syllabus import (
    AssessmentSpec,
    CourseSpec,
    GradingCategory,
    GradingPolicy,
    LatePer,
    LatePolicy,
    LetterGrade,
    Problem,
    ReadinessParams,
    Syllabus,
    validate,
    validate_exam,
)
from coursekit.interchange.toml_source import Reader, SourceError, line_of, parse_toml

__all__ = ["SourceError", "load_exams", "load_syllabus", "parse_exam", "parse_syllabus"]


def parse_exam(text: str, filename: str) -> ExamBlueprint:
    root = Reader(text, filename, parse_toml(text, filename))
    domains = []
    for dom in root.tables("domains"):
        domains.append(
            ExamDomain(number=dom.int("number"), name=dom.str("name"), weight=dom.number("weight"))
        )
        dom.finish()
    status = root.str("status", required=False, default="current")
    if status not in ("current", "retiring", "retired"):
        raise root.error("status", "status is 'current', 'retiring' or 'retired'")
    exam = ExamBlueprint(
        code=root.str("code"),
        name=root.str("name"),
        scored_questions=root.int("scored_questions"),
        unscored_questions=root.int("unscored_questions", required=False, default=0),
        minutes=root.int("minutes"),
        passing_score=root.int("passing_score"),
        domains=tuple(domains),
        status=status,
        retired_on=root.date("retired_on", required=False),
        third_party=root.bool("third_party"),
        guide_version=root.str("guide_version", required=False),
        guide_date=root.date("guide_date", required=False),
    )
    root.str("source", required=False)
    root.finish()
    _raise_first(text, filename, validate_exam(exam))
    return exam


def load_exams(directory: Path) -> dict[str, ExamBlueprint]:
    exams: dict[str, ExamBlueprint] = {}
    for path in sorted(directory.glob("*.toml")):
        exam = parse_exam(_read(path), path.name)
        if exam.code != path.stem:
            raise SourceError(
                path.name, line_of(_read(path), "code"), "code", "code must match the file name"
            )
        exams[exam.code] = exam
    return exams


def _read(path: Path) -> str:
    from coursekit.interchange.atomic import check_input_file

    try:
        check_input_file(path)  # a FIFO would block forever
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise SourceError(path.name, None, None, "not UTF-8 text") from None
    except OSError as exc:
        raise SourceError(path.name, None, None, exc.strerror or "cannot read file") from None


def parse_syllabus(text: str, filename: str, exams: dict[str, ExamBlueprint]) -> Syllabus:
    root = Reader(text, filename, parse_toml(text, filename))
    course = _course(root.table("course"))
    grading = _grading(root.table("grading"))
    readiness = _readiness(root.table("readiness", required=False))
    assessments = tuple(_assessment(item) for item in root.tables("assessments"))
    root.finish()
    syllabus = Syllabus(
        course=course, grading=grading, assessments=assessments, readiness=readiness
    )
    _raise_first(text, filename, validate(syllabus, exams))
    return syllabus


def load_syllabus(path: Path, exams: dict[str, ExamBlueprint]) -> tuple[Syllabus, str]:
    """The validated syllabus and the text it came from (stored with the course)."""
    text = _read(path)
    return parse_syllabus(text, path.name, exams), text


def _raise_first(text: str, filename: str, problems: list[Problem]) -> None:
    if problems:
        first = problems[0]
        raise SourceError(filename, line_of(text, first.key), first.key, first.message)


def _course(table: Reader) -> CourseSpec:
    spec = CourseSpec(
        code=table.str("code"),
        title=table.str("title"),
        term=table.str("term"),
        starts_on=table.date("starts_on"),
        ends_on=table.date("ends_on"),
        accounts_close_on=table.date("accounts_close_on"),
        credit_budget_usd=table.number("credit_budget_usd"),
        exam_code=table.str("exam", required=False),
    )
    table.finish()
    return spec


def _grading(table: Reader) -> GradingPolicy:
    categories = []
    for cat in table.tables("categories"):
        categories.append(
            GradingCategory(
                name=cat.str("name"),
                weight=cat.number("weight", required=False),
                drop_lowest=cat.int("drop_lowest", required=False, default=0),
                never_drop=tuple(cat.list("never_drop", str)),
            )
        )
        cat.finish()
    late_table = table.table("late", required=False)
    per = late_table.str("per", required=False, default="day")
    if per not in ("day", "hour"):
        raise late_table.error("per", "late deductions are per 'day' or per 'hour'")
    late = LatePolicy(
        deduction_percent=late_table.number("deduction_percent", required=False, default=0.0),
        per=LatePer(per),
        floor_percent=late_table.number("floor_percent", required=False, default=0.0),
        missing_percent=late_table.number("missing_percent", required=False),
    )
    late_table.finish()
    letters = []
    for letter in table.tables("letters", required=False):
        letters.append(LetterGrade(letter=letter.str("letter"), min_percent=letter.number("min")))
        letter.finish()
    table.finish()
    return GradingPolicy(categories=tuple(categories), late=late, letters=tuple(letters))


def _readiness(table: Reader) -> ReadinessParams:
    defaults = ReadinessParams()
    params = ReadinessParams(
        half_life_days=table.number(
            "half_life_days", required=False, default=defaults.half_life_days
        ),
        lab_weight=table.number("lab_weight", required=False, default=defaults.lab_weight),
        close_margin=table.int("close_margin", required=False, default=defaults.close_margin),
        min_questions=table.int("min_questions", required=False, default=defaults.min_questions),
    )
    if not 0 <= params.lab_weight <= 1:
        raise table.error("lab_weight", "lab_weight is a share between 0 and 1")
    if params.half_life_days <= 0:
        raise table.error("half_life_days", "half_life_days must be positive")
    table.finish()
    return params


def _assessment(table: Reader) -> AssessmentSpec:
    kind = table.str("kind")
    try:
        kind_enum = AssessmentKind(kind)
    except ValueError:
        allowed = ", ".join(k.value for k in AssessmentKind)
        raise table.error("kind", f"unknown kind {kind!r} (one of: {allowed})") from None
    key = table.data.get("key")
    if isinstance(key, int) and not isinstance(key, bool):
        table.data["key"] = str(key)
    spec = AssessmentSpec(
        key=table.str("key"),
        title=table.str("title"),
        kind=kind_enum,
        category=table.str("category"),
        points=table.number("points"),
        pass_threshold=table.number("pass_threshold", required=False),
        due_at=table.datetime("due"),
        module=table.int("module", required=False),
        domains=tuple(table.list("domains", int)),
    )
    table.finish()
    return spec
