"""``coursekit grades --explain STUDENT [--json]``: the grade explanation as text or JSON."""

from __future__ import annotations

from datetime import datetime

import typer

from coursekit.cli.support import print_json, service_context


def show_explanation(course: str | None, who: str, now: datetime | None, *, as_json: bool) -> None:
    from coursekit.services.views.grade_explanation import explain_student

    with service_context() as ctx:
        ex = explain_student(ctx, course, who, now=now)
    if as_json:
        print_json(ex.to_dict())
        return
    from coursekit.domain.grade_explanation import explanation_lines

    for line in explanation_lines(ex):
        typer.echo(line)
