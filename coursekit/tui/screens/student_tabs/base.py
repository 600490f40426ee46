"""StudentTab: the base of every tab of the student screen.

A tab is one small module in this package: a ``StudentTab`` subclass with ``TAB_ID`` and
``TITLE``, listed in ``STUDENT_TABS`` (``__init__.py``). The screen hands every tab the student's
roster row (``show_student``, attributes down) after loading it and after every change; a tab
loads what else it needs in its own ``service_work`` worker. A tab that changes the student
posts ``StudentTab.Changed`` (messages up) and the screen reloads the header and every tab.
"""

from __future__ import annotations

from typing import ClassVar

from textual.containers import Vertical
from textual.message import Message

from coursekit.domain.records import RosterRow
from coursekit.tui.app_access import CourseAppAccess


class StudentTab(CourseAppAccess, Vertical):
    TAB_ID: ClassVar[str]
    TITLE: ClassVar[str]

    # Styles: screens/student.tcss (shown only on the student screen).

    class Changed(Message):
        """This tab changed the student (or found it changed): reload everything."""

    def __init__(self) -> None:
        super().__init__(id=f"tab-{self.TAB_ID}")
        self.row: RosterRow | None = None

    def show_student(self, row: RosterRow) -> None:
        """Called on the UI thread with the freshly loaded row; override and call super()."""
        self.row = row
