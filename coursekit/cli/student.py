"""``coursekit student ...``: commands about one student.

Registered by ``coursekit.cli``: ``app.add_typer(student_app, name="student")``.
"""

from __future__ import annotations

import typer

from coursekit.cli.student_merge import merge_command

student_app = typer.Typer(help="One student: merge duplicates.", no_args_is_help=True)
student_app.command("merge")(merge_command)
