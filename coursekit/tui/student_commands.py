"""``ctrl+p`` jumps to a student: the palette also matches the course's students by name,
student id or e-mail, and Enter opens the student screen."""

from __future__ import annotations

from functools import partial
from typing import Any

from textual.command import Hit, Hits, Provider
from textual.markup import escape

from coursekit.domain.records import RosterRow


class StudentCommands(Provider):
    """Loads the roster once per palette opening (a thread worker), then matches locally."""

    _rows: list[RosterRow]

    async def startup(self) -> None:
        app: Any = self.app
        code = getattr(app, "course_code", None)
        self._rows = []
        if code is None:
            return

        def load() -> list[RosterRow]:
            from coursekit.services.roster.roster import list_roster

            return list_roster(app.ctx, code)

        worker = app.run_worker(load, thread=True, group="palette.students", exit_on_error=False)
        await worker.wait()
        self._rows = worker.result or []

    async def search(self, query: str) -> Hits:
        app: Any = self.app
        matcher = self.matcher(query)
        for row in self._rows:
            score = matcher.match(f"{row.name} {row.student_id} {row.email or ''}")
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(escape(row.name)),
                    partial(app.open_student, row.enrollment_id, row),
                    help=escape(
                        f"open the student · {row.student_id} · {row.email or 'no e-mail'} · "
                        f"{row.section or 'no section'} · {row.status}"
                    ),
                )
