"""The screen registry: which main screens exist, their single-key bindings and palette entries.

Adding a main screen is one entry in ``SCREENS`` (nothing else): the app turns every entry into

* a Textual *mode* (its own screen stack, created on first visit, reset on a course switch),
* a global binding ``key`` → ``app.show_screen('<name>')`` with id ``screen.<name>``, shown in the
  footer with ``description`` as tooltip,
* a command-palette entry "Go to <title>" and a line in the help screen.

Screens are imported on first use (``target`` is ``"module:Class"``) so start-up only pays for
the screen it opens.

A registered screen class should subclass ``coursekit.tui.screens.base.CourseScreen`` and
implement ``load_course(code)``; it is called on mount and whenever the course changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.screen import Screen


@dataclass(frozen=True, slots=True)
class ScreenSpec:
    name: str  # mode name; binding id "screen.<name>"
    key: str  # single key reaching the screen from anywhere
    title: str  # footer label, help, palette ("Go to <title>")
    description: str  # footer tooltip and palette help text
    target: str  # "package.module:ScreenClass", imported on first visit

    def factory(self) -> Screen[object]:
        module_name, _, class_name = self.target.partition(":")
        screen_class: type[Screen[object]] = getattr(import_module(module_name), class_name)
        return screen_class()

    @property
    def binding_id(self) -> str:
        return f"screen.{self.name}"


SCREENS: tuple[ScreenSpec, ...] = (
    ScreenSpec(
        "roster",
        "r",
        "Roster",
        "Every student of the course: filter, sort, add, edit, drop",
        "coursekit.tui.screens.roster:RosterScreen",
    ),
    ScreenSpec(
        "dashboard",
        "d",
        "Dashboard",
        "The course at a glance: enrolment, labs, credits, readiness, checklists, nudges",
        "coursekit.tui.screens.dashboard:DashboardScreen",
    ),
    ScreenSpec(
        "labs",
        "l",
        "Labs",
        "Students × labs: passed, below threshold, not started, overdue; per-lab completion",
        "coursekit.tui.screens.labs:LabsScreen",
    ),
    ScreenSpec(
        "credits",
        "c",
        "Credits",
        "Learner Lab credits by risk: spend, burn rate, projected run-out date, flags",
        "coursekit.tui.screens.credits:CreditsScreen",
    ),
    ScreenSpec(
        "readiness",
        "e",
        "Readiness",
        "Certification readiness by risk: predicted score, weakest domains, practice pace",
        "coursekit.tui.screens.readiness:ReadinessScreen",
    ),
    ScreenSpec(
        "checklists",
        "k",
        "Checklists",
        "Export checklists of the class: done, open, blocking, overdue; attach a template",
        "coursekit.tui.screens.checklists:ChecklistsScreen",
    ),
    ScreenSpec(
        "import",
        "i",
        "Import",
        "Import a roster, gradebook, credit or practice file: preview, apply, undo",
        "coursekit.tui.screens.import_wizard:ImportScreen",
    ),
    ScreenSpec(
        "export",
        "x",
        "Export",
        "Write a report (grades, readiness, credits, labs, checklists) to xlsx, csv or md",
        "coursekit.tui.screens.export:ExportScreen",
    ),
)

# The screen the app opens on.
DEFAULT_SCREEN = "dashboard"


def screen_spec(name: str) -> ScreenSpec:
    for spec in SCREENS:
        if spec.name == name:
            return spec
    raise KeyError(name)
