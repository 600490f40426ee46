"""The tabs of the student screen, in display order.

To add a tab: write ``student_tabs/<name>.py`` with a ``StudentTab`` subclass (see ``base.py``)
and add the class here. Only tabs whose services exist are listed — no empty tabs.
"""

from __future__ import annotations

from coursekit.tui.screens.student_tabs.base import StudentTab
from coursekit.tui.screens.student_tabs.checklist import ChecklistTab
from coursekit.tui.screens.student_tabs.credits import CreditsTab
from coursekit.tui.screens.student_tabs.history import HistoryTab
from coursekit.tui.screens.student_tabs.labs import LabsTab
from coursekit.tui.screens.student_tabs.profile import ProfileTab
from coursekit.tui.screens.student_tabs.readiness import ReadinessTab
from coursekit.tui.screens.student_tabs.scores import ScoresTab

STUDENT_TABS: tuple[type[StudentTab], ...] = (
    ProfileTab,
    ScoresTab,
    LabsTab,
    CreditsTab,
    ReadinessTab,
    ChecklistTab,
    HistoryTab,
)

__all__ = ["STUDENT_TABS", "StudentTab"]
