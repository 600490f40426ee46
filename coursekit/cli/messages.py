"""``coursekit nudges --compose DIR``: message drafts to students (nothing is sent)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import typer

from coursekit.cli.support import service_context


def _one_line(text: str) -> str:
    return "".join(ch if ch.isprintable() else " " for ch in text)


def compose(
    out_dir: Path,
    course: str | None,
    *,
    sender: str | None,
    now: datetime | None,
    behind: int,
    days: float,
    section: str | None,
) -> None:
    """Write the drafts and say where they are, where the templates are, and who has
    no usable e-mail address."""
    from coursekit.services.reporting.student_digests import compose_messages

    with service_context() as ctx:
        result = compose_messages(
            ctx,
            course,
            out_dir,
            sender=sender,
            now=now,
            behind=behind,
            days=days,
            section=section,
        )
    drafts = len(result.messages) - len(result.no_address)
    typer.echo(
        f"wrote {drafts} draft(s) and mail-merge.csv ({len(result.messages)} students) to "
        f"{out_dir}; nothing was sent"
    )
    verb = "created (edit it to change the wording)" if result.templates_created else "used"
    typer.echo(f"templates {verb}: {result.templates}")
    for message in result.no_address:
        typer.echo(
            f"no usable e-mail address: {message.student_id} {_one_line(message.name)} "
            "(in mail-merge.csv only)"
        )
