"""The course list's Core query names the models' columns, and counts what the ORM did."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlmodel import SQLModel

from coursekit.db.queries import course_summary
from coursekit.services.courses import init_course, list_courses
from coursekit.services.roster.roster import add_student, drop_student
from tests.conftest import COMP524


def test_every_column_it_names_is_the_models_column_of_the_same_type() -> None:
    for clause in (course_summary.COURSE, course_summary.ENROLLMENT, course_summary.ASSESSMENT):
        table = SQLModel.metadata.tables[clause.name]
        for column in clause.c:
            assert column.name in table.c, f"{clause.name}.{column.name}"
            stored = table.c[column.name].type
            stored = getattr(stored, "impl", stored)  # SQLModel's AutoString decorates String
            assert isinstance(stored, type(column.type)), f"{clause.name}.{column.name}"


def test_courses_listed_by_code_with_active_students_and_assessments(course_ctx: Any) -> None:
    init_course(course_ctx, COMP524)
    first = add_student(course_ctx, "COMP529", student_id="001", name="Ada Lovelace")
    add_student(course_ctx, "COMP529", student_id="002", name="Alan Turing")
    drop_student(course_ctx, first.enrollment_id)
    listed = {c.code: c for c in list_courses(course_ctx)}
    assert list(listed) == ["COMP524", "COMP529"]
    comp529 = listed["COMP529"]
    assert (comp529.students, comp529.assessments) == (1, 35)
    assert listed["COMP524"].students == 0 and listed["COMP524"].assessments > 0
    assert isinstance(comp529.starts_on, date) and comp529.exam_code == "SAA-C03"
    assert comp529.credit_budget_usd == 100.0
