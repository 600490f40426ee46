"""``coursekit grades|labs|credits|readiness|nudges``: the course engine's views.

Plain command functions; the composition root registers them with
``app.command()(grades)`` etc. Services are imported inside the commands.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from coursekit.cli.support import (
    CourseOption,
    JsonOption,
    fail,
    print_json,
    print_table,
    service_context,
    user_errors,
)

if TYPE_CHECKING:
    from coursekit.domain.engine_records import StudentRef
    from coursekit.domain.readiness import ReadinessResult

SectionOption = typer.Option(None, "--section", "-s", help="Only this section.")
AsOfOption = typer.Option(
    None, "--as-of", help="Compute as of this UTC date or ISO time (default: now)."
)


def _as_of(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        value = datetime.fromisoformat(text.strip())
    except ValueError:
        raise fail(f"--as-of: {text!r} is not a date (YYYY-MM-DD) or ISO time") from None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _num(value: float | None, digits: int = 2, suffix: str = "") -> str:
    return "" if value is None else f"{value:.{digits}f}{suffix}"


def _who(ref: StudentRef) -> dict[str, Any]:
    return {
        "enrollment_id": ref.enrollment_id,
        "student_id": ref.student_id,
        "name": ref.name,
        "section": ref.section,
    }


@user_errors
def grades(
    course: str = CourseOption,
    section: str = SectionOption,
    as_of: str = AsOfOption,
    as_json: bool = JsonOption,
    explain: str = typer.Option(
        None,
        "--explain",
        metavar="STUDENT",
        help="Explain one student's grade: every item, deduction, drop and the arithmetic.",
    ),
) -> None:
    """Current and Final grades (Canvas definitions) with the letter grade."""
    from coursekit.services.views.grades import grade_rows

    if explain is not None:
        from coursekit.cli.explain import show_explanation

        show_explanation(course, explain, _as_of(as_of), as_json=as_json)
        return
    with service_context() as ctx:
        rows = grade_rows(ctx, course, now=_as_of(as_of), section=section)
    if as_json:
        print_json(
            [
                {
                    **_who(r.student),
                    "current_percent": r.grade.current_percent,
                    "final_percent": r.grade.final_percent,
                    "override_percent": r.grade.override_percent,
                    "letter": r.grade.letter,
                    "current_letter": r.grade.current_letter,
                    "final_letter": r.grade.final_letter,
                    "late_deductions": r.grade.late_deductions,
                    "categories": {
                        c.name: {
                            "weight": c.weight,
                            "current_percent": c.current_percent,
                            "final_percent": c.final_percent,
                            "dropped_current": list(c.dropped_current),
                            "dropped_final": list(c.dropped_final),
                        }
                        for c in r.grade.categories
                    },
                }
                for r in rows
            ]
        )
        return
    print_table(
        None,
        ["student id", "name", "section", "current", "final", "override", "grade"],
        [
            (
                r.student.student_id,
                r.student.name,
                r.student.section,
                _with_letter(r.grade.current_percent, r.grade.current_letter),
                _with_letter(r.grade.final_percent, r.grade.final_letter),
                _num(r.grade.override_percent),
                r.grade.letter,
            )
            for r in rows
        ],
    )


def _with_letter(percent: float | None, letter: str | None) -> str:
    return "" if percent is None else f"{percent:.2f} ({letter})" if letter else f"{percent:.2f}"


@user_errors
def labs(
    course: str = CourseOption,
    section: str = SectionOption,
    as_of: str = AsOfOption,
    as_json: bool = JsonOption,
) -> None:
    """Lab completion: each student's passed/overdue labs and each lab's completion rate."""
    from coursekit.services.views.labs import lab_matrix

    with service_context() as ctx:
        matrix = lab_matrix(ctx, course, now=_as_of(as_of), section=section)
    if as_json:
        print_json(
            {
                "labs": [
                    {
                        "key": lab.key,
                        "title": lab.title,
                        "kind": lab.kind,
                        "due_at": lab.due_at,
                        "pass_threshold": lab.pass_threshold,
                        "passed": rate.passed,
                        "assigned": rate.assigned,
                        "rate": rate.rate,
                    }
                    for lab, rate in zip(matrix.labs, matrix.rates, strict=True)
                ],
                "students": [
                    {
                        **_who(r.student),
                        "passed": r.labs.passed,
                        "passed_due": r.labs.passed_due,  # of the labs due so far
                        "due_so_far": r.labs.due_so_far,
                        "overdue": r.labs.overdue,
                        "behind": r.labs.behind,
                        "assigned": r.labs.assigned,
                        "labs": {
                            c.key: {"state": c.state, "percent": c.percent, "overdue": c.overdue}
                            for c in r.labs.cells
                        },
                    }
                    for r in matrix.rows
                ],
            }
        )
        return
    print_table(
        "Students",
        ["student id", "name", "section", "passed", "overdue", "behind"],
        [
            (
                r.student.student_id,
                r.student.name,
                r.student.section,
                f"{r.labs.passed}/{r.labs.assigned}",
                r.labs.overdue,
                r.labs.behind,
            )
            for r in matrix.rows
        ],
    )
    print_table(
        "Labs",
        ["lab", "title", "due (UTC)", "passed", "completion"],
        [
            (
                lab.key,
                lab.title,
                lab.due_at.strftime("%Y-%m-%d %H:%M") if lab.due_at else "",
                f"{rate.passed}/{rate.assigned}",
                _num(None if rate.rate is None else rate.rate * 100, 0, " %"),
            )
            for lab, rate in zip(matrix.labs, matrix.rates, strict=True)
        ],
    )


@user_errors
def credits(
    course: str = CourseOption,
    section: str = SectionOption,
    as_of: str = AsOfOption,
    as_json: bool = JsonOption,
) -> None:
    """Learner Lab credits: spend, burn rate, projected run-out date and flags."""
    from coursekit.services.views.credits import credit_rows

    with service_context() as ctx:
        rows = credit_rows(ctx, course, now=_as_of(as_of), section=section)
    if as_json:
        print_json(
            [
                {
                    **_who(r.student),
                    "budget": r.forecast.budget,
                    "spent": r.forecast.spent,
                    "remaining": r.forecast.remaining,
                    "percent_used": r.forecast.percent_used,
                    "burn_per_day": r.forecast.burn_per_day,
                    "runout_on": r.forecast.runout_on,
                    "runs_out_before_close": r.forecast.runs_out_before_close,
                    "last_snapshot_at": r.forecast.last_snapshot_at,
                    "flags": list(r.forecast.flags),
                }
                for r in rows
            ]
        )
        return
    print_table(
        None,
        ["student id", "name", "spent", "remaining", "used", "$/day", "runs out", "flags"],
        [
            (
                r.student.student_id,
                r.student.name,
                _num(r.forecast.spent),
                _num(r.forecast.remaining),
                _num(r.forecast.percent_used, 0, " %"),
                _num(r.forecast.burn_per_day),
                r.forecast.runout_on or "",
                ", ".join(f.value for f in r.forecast.flags),
            )
            for r in rows
        ],
    )


@user_errors
def readiness(
    course: str = CourseOption,
    exam: str = typer.Option(None, "--exam", "-e", help="Only this exam code."),
    section: str = SectionOption,
    as_of: str = AsOfOption,
    as_json: bool = JsonOption,
) -> None:
    """Certification readiness: predicted scaled score, status, weakest domains, pacing."""
    from coursekit.services.views.readiness import exam_warning, readiness_rows

    with service_context() as ctx:
        rows = readiness_rows(ctx, course, exam=exam, now=_as_of(as_of), section=section)
        warning = exam_warning(ctx, course)
    if warning:
        typer.echo(f"warning: {warning}", err=True)
    if as_json:
        print_json(
            [
                {
                    **_who(r.student),
                    "exam": r.result.exam_code,
                    "status": r.result.status,
                    "predicted_score": r.result.predicted_score,
                    "passing_score": r.result.passing_score,
                    "coverage": r.result.coverage,
                    "weakest": list(r.result.weakest),
                    "seconds_per_question": r.result.seconds_per_question,
                    "budget_seconds_per_question": r.result.budget_seconds_per_question,
                    "domains": [
                        {
                            "number": d.number,
                            "name": d.name,
                            "weight": d.weight,
                            "mastery": d.mastery,
                            "practice": d.practice,
                            "labs": d.labs,
                            "next_labs": list(d.next_labs),
                        }
                        for d in r.result.domains
                    ],
                }
                for r in rows
            ]
        )
        return
    print_table(
        None,
        [
            "student id",
            "name",
            "exam",
            "status",
            "predicted",
            "pass",
            "weakest",
            "next labs",
            "pace s/q",
        ],
        [
            (
                r.student.student_id,
                r.student.name,
                r.result.exam_code,
                r.result.status.value,
                _num(r.result.predicted_score, 0),
                r.result.passing_score,
                *_next_steps(r.result),
            )
            for r in rows
        ],
    )


def _next_steps(res: ReadinessResult) -> tuple[str, str, str]:
    """(weakest domains, labs covering them not passed yet, pace vs budget) for the table."""
    from coursekit.domain.readiness import suggested_labs

    by_number = {d.number: d for d in res.domains}
    weakest = [by_number[n] for n in res.weakest]
    labs = suggested_labs(res)
    pace = ""
    if res.seconds_per_question is not None:
        pace = f"{res.seconds_per_question:.0f}/{res.budget_seconds_per_question:.0f}"
    return "; ".join(f"{d.number} {d.name}" for d in weakest), ", ".join(labs), pace


@user_errors
def nudges(
    course: str = CourseOption,
    section: str = SectionOption,
    behind: int = typer.Option(2, "--behind", help="Labs short of the pace to nudge at."),
    days: float = typer.Option(3, "--days", help="Look this many days ahead."),
    as_of: str = AsOfOption,
    as_json: bool = JsonOption,
    compose: Path = typer.Option(
        None,
        "--compose",
        help="Write one e-mail draft (.eml) per student to nudge, combining every reason "
        "(labs, credits, checklist, readiness), plus mail-merge.csv, into this folder.",
    ),
    sender: str = typer.Option(None, "--from", help="With --compose: the From address."),
) -> None:
    """Students who need a nudge: behind on labs, an overdue lab, or a lab due soon."""
    from coursekit.services.views.labs import nudges as find_nudges

    if compose is not None:
        from coursekit.cli.messages import compose as compose_drafts

        compose_drafts(
            compose,
            course,
            sender=sender,
            now=_as_of(as_of),
            behind=behind,
            days=days,
            section=section,
        )
        return

    with service_context() as ctx:
        found = find_nudges(
            ctx, course, now=_as_of(as_of), behind=behind, days=days, section=section
        )
    if as_json:
        print_json(
            [
                {
                    **_who(n.student),
                    "behind": n.reasons.behind,
                    "overdue": list(n.reasons.overdue),
                    "due_soon": list(n.reasons.due_soon),
                    "passed": n.passed,
                    "due_so_far": n.due_so_far,
                }
                for n in found
            ]
        )
        return
    print_table(
        None,
        ["student id", "name", "section", "behind", "overdue labs", "due soon"],
        [
            (
                n.student.student_id,
                n.student.name,
                n.student.section,
                n.reasons.behind or "",
                ", ".join(n.reasons.overdue),
                ", ".join(n.reasons.due_soon),
            )
            for n in found
        ],
    )
