"""``coursekit student show|edit|drop|reactivate``: one student of a course.

The group object is ``student_app`` (``student merge`` joins it from
``cli/student_merge.py``). STUDENT is a student id, e-mail, SIS login or Canvas user id.
"""

from __future__ import annotations

import typer

from coursekit.cli.student_merge import merge_command
from coursekit.cli.support import (
    CourseOption,
    JsonOption,
    print_json,
    service_context,
    user_errors,
)

student_app = typer.Typer(
    help="Show, edit, drop, reactivate or merge one student.", no_args_is_help=True
)
student_app.command("merge")(merge_command)

StudentArg = typer.Argument(..., help="Student id, e-mail, SIS login or Canvas user id.")
ExpectOption = typer.Option(
    None,
    "--expect-version",
    help="Refuse if the record's version is no longer this one (for scripts).",
)


def _row_dict(row: object) -> dict[str, object]:
    from dataclasses import asdict

    return asdict(row)  # type: ignore[call-overload, no-any-return]


@student_app.command()
@user_errors
def show(student: str = StudentArg, course: str = CourseOption, as_json: bool = JsonOption) -> None:
    """The student: identity, section, status, grade and lab pace."""
    from coursekit.services.roster.student_status import find_student
    from coursekit.services.views.grades import student_grades
    from coursekit.services.views.student_labs import student_lab_matrix

    with service_context() as ctx:
        row = find_student(ctx, course, student)
        grades = student_grades(ctx, row.enrollment_id)
        labs = student_lab_matrix(ctx, row.enrollment_id)
    grade = grades.row.grade
    mine = labs.rows[0].labs
    if as_json:
        print_json(
            {
                **_row_dict(row),
                "current_percent": grade.current_percent,
                "final_percent": grade.final_percent,
                "override_percent": grade.override_percent,
                "letter": grade.letter,
                "labs_passed": mine.passed,
                "labs_passed_due": mine.passed_due,
                "labs_due_so_far": mine.due_so_far,
                "labs_behind": mine.behind,
                "labs_overdue": mine.overdue,
            }
        )
        return

    def pct(value: float | None) -> str:
        return "-" if value is None else f"{value:.2f} %"

    lines = [
        f"{row.name} ({row.student_id})",
        f"  sortable name  {row.sortable_name}",
        f"  e-mail         {row.email or '-'}",
        f"  section        {row.section or '-'}",
        f"  status         {row.status.upper() if row.status == 'dropped' else row.status}",
        f"  grade          current {pct(grade.current_percent)} · final "
        f"{pct(grade.final_percent)} · letter {grade.letter or '-'}"
        + (f" (override {pct(grade.override_percent)})" if grade.override_percent else ""),
        f"  labs           {mine.passed_due} of {mine.due_so_far} due passed · "
        f"{mine.overdue} overdue · {mine.behind} behind · {mine.passed} passed in all",
        f"  version        {row.version}",
    ]
    for line in lines:
        typer.echo(line)


@student_app.command()
@user_errors
def edit(
    student: str = StudentArg,
    course: str = CourseOption,
    name: str = typer.Option(None, "--name"),
    sortable_name: str = typer.Option(None, "--sortable-name"),
    email: str = typer.Option(None, "--email", help="An empty value removes the e-mail."),
    section: str = typer.Option(None, "--section"),
    expect_version: int = ExpectOption,
) -> None:
    """Change a student's name, sortable name, e-mail or section (audited)."""
    from coursekit.services.roster.roster import StudentEdit, edit_student, get_roster_row
    from coursekit.services.roster.student_status import find_student

    if all(v is None for v in (name, sortable_name, email, section)):
        raise typer.BadParameter("give at least one of --name, --sortable-name, --email, --section")
    with service_context() as ctx:
        before = find_student(ctx, course, student)
        version = before.version if expect_version is None else expect_version
        after = edit_student(
            ctx,
            before.enrollment_id,
            StudentEdit(name=name, sortable_name=sortable_name, email=email, section=section),
            expected_version=version,
        )
        after = get_roster_row(ctx, after.enrollment_id)
    changed = [
        f"{label} {getattr(before, field) or '-'} → {getattr(after, field) or '-'}"
        for field, label in (
            ("name", "name"),
            ("sortable_name", "sortable name"),
            ("email", "e-mail"),
            ("section", "section"),
        )
        if getattr(before, field) != getattr(after, field)
    ]
    typer.echo(f"{after.student_id}: " + ("; ".join(changed) if changed else "nothing changed"))


def _set_status(student: str, course: str | None, status: str, expect: int | None) -> None:
    from coursekit.domain.enums import EnrollmentStatus
    from coursekit.services.roster.student_status import set_enrolled

    with service_context() as ctx:
        row = set_enrolled(ctx, course, student, EnrollmentStatus(status), expected_version=expect)
    typer.echo(f"{row.student_id} ({row.name}) is now {row.status} in section {row.section or '-'}")


@student_app.command()
@user_errors
def drop(
    student: str = StudentArg, course: str = CourseOption, expect_version: int = ExpectOption
) -> None:
    """Mark the student dropped (scores and history are kept; reactivate undoes it)."""
    _set_status(student, course, "dropped", expect_version)


@student_app.command()
@user_errors
def reactivate(
    student: str = StudentArg, course: str = CourseOption, expect_version: int = ExpectOption
) -> None:
    """Make a dropped student active again."""
    _set_status(student, course, "active", expect_version)
