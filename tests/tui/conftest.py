"""TUI fixtures: a course with a fixed roster, and helpers to let workers finish."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console

from support import engine_demo

# (student id, name, email, section); Dijkstra is dropped by the fixture.
STUDENTS = (
    ("10001", "Ada Lovelace", "ada@uni.edu", "A"),
    ("10002", "Alan Turing", "alan@uni.edu", "A"),
    ("10003", "Grace Hopper", "grace@uni.edu", "B"),
    ("10004", "Edsger Dijkstra", None, "B"),
    ("00042", "Barbara Liskov", "barbara@uni.edu", "C"),
)


@pytest.fixture
def roster_ctx(course_ctx: Any) -> Any:
    """COMP529 with five students, one of them dropped."""
    from coursekit.services.roster.roster import add_student, drop_student

    rows = {
        sid: add_student(
            course_ctx, "COMP529", student_id=sid, name=name, email=email, section=section
        )
        for sid, name, email, section in STUDENTS
    }
    drop_student(course_ctx, rows["10004"].enrollment_id)
    return course_ctx


# Workers that never finish by design: DirectoryTree's load-queue loop (file pickers).
BACKGROUND_GROUPS = frozenset({"_loader"})


async def settle(pilot: Any) -> None:
    """Let every worker finish and the screen catch up (workers may start more workers).

    Polls instead of ``workers.wait_for_complete``: waiting on a worker that failed raises
    (``WorkerFailed``, or ``DeadlockError`` depending on timing), and tests of failing
    service calls must see the app's handling of the failure, not the wait's exception.
    """
    app = pilot.app
    for _ in range(1_000):
        await pilot.pause()
        pending = [w for w in app.workers if w.group not in BACKGROUND_GROUPS and not w.is_finished]
        if not pending:
            await pilot.pause()  # the messages the last workers posted
            return
        await pilot.pause(0.005)
    raise AssertionError(f"workers still running: {[w.name for w in pending]}")


@pytest.fixture
def settled() -> Any:
    return settle


def screen_text(app: Any) -> str:
    """The screen as plain text (what a user reads)."""
    width, height = app.size
    console = Console(
        width=width,
        height=height,
        file=io.StringIO(),
        force_terminal=True,
        color_system="truecolor",
        record=True,
        legacy_windows=False,
    )
    update = app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    console.print(update)
    return console.export_text()


@pytest.fixture
def read_screen() -> Any:
    return screen_text


@pytest.fixture
def notes(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """Every notification the app shows, as (message, severity)."""
    from coursekit.tui.app import CoursekitApp

    seen: list[tuple[str, str]] = []
    original = CoursekitApp.notify

    def notify(self: CoursekitApp, message: str, **kwargs: Any) -> None:
        seen.append((str(message), kwargs.get("severity", "information")))
        original(self, message, **kwargs)

    monkeypatch.setattr(CoursekitApp, "notify", notify)
    return seen


@pytest.fixture(scope="module")
def template(tmp_path_factory: Any) -> Path:
    """The demo database (support.engine_demo), built once per test module."""
    return engine_demo.demo_template(tmp_path_factory.mktemp("demo-template"))


@pytest.fixture
def demo_ctx(template: Path, tmp_path: Path) -> Iterator[Any]:
    """A private, opened copy of the demo database."""
    context = engine_demo.demo_ctx(template, tmp_path)
    yield context
    context.close()
