"""The student screen: who the student is (header) and one tab per aspect (``STUDENT_TABS``)."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Header, Static, TabbedContent, TabPane

from coursekit.domain.enums import EnrollmentStatus
from coursekit.domain.records import RosterRow
from coursekit.tui.app_access import course_app
from coursekit.tui.screens.student_tabs import STUDENT_TABS, StudentTab
from coursekit.tui.text import clean, literal
from coursekit.tui.widgets.quiet_footer import QuietFooter
from coursekit.tui.workers import deliver, service_work


def student_header(row: RosterRow) -> Text:
    """Name, id, email, section and status — all literal."""
    dropped = row.status == EnrollmentStatus.DROPPED
    return Text.assemble(
        literal(row.name, "bold"),
        "  ",
        literal(row.student_id),
        "  ",
        literal(row.email or "no email", "italic" if not row.email else ""),
        "  section ",
        literal(row.section or "–"),
        "  ",
        literal(row.status, "bold red" if dropped else "bold green"),
    )


class StudentScreen(Screen[None]):
    TITLE = "Student"
    CSS_PATH = "student.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="student.back", tooltip="Back to the list"),
        Binding(
            "right_square_bracket",
            "tab(1)",
            "Next tab",
            key_display="]",
            id="student.next_tab",
            tooltip="Show the next tab",
        ),
        Binding(
            "left_square_bracket",
            "tab(-1)",
            "Previous tab",
            key_display="[",
            id="student.previous_tab",
            tooltip="Show the previous tab",
        ),
    ]

    def __init__(self, enrollment_id: int, row: RosterRow | None = None) -> None:
        """``row``: what the opening list already holds, shown at once (no second query)."""
        super().__init__()
        self.enrollment_id = enrollment_id
        self.row: RosterRow | None = None
        self._given = row
        if row is not None:
            self.sub_title = self._sub_title(row)

    @staticmethod
    def _sub_title(row: RosterRow) -> str:
        return f"{clean(row.name)} ({clean(row.student_id)})"  # the Header shows it literally

    def compose(self) -> ComposeResult:
        yield Header()
        given = self._given
        yield Static(student_header(given) if given else Text("Loading…"), id="student-header")
        with TabbedContent(id="student-tabs"):
            for index, tab in enumerate(STUDENT_TABS):
                with TabPane(tab.TITLE, id=f"pane-{tab.TAB_ID}"):
                    if index == 0:  # the others are built when first shown (faster opening)
                        yield tab()
        yield QuietFooter()

    def on_mount(self) -> None:
        if self._given is not None:
            self.show(self._given)
        else:
            self.load()

    @service_work(group="student.load")
    def load(self) -> None:
        from coursekit.services.roster.roster import get_roster_row

        row = get_roster_row(course_app(self).ctx, self.enrollment_id)
        deliver(self.app, self.show, row)

    def show(self, row: RosterRow) -> None:
        if row != self._given or self.row is not None:  # else compose already shows it
            self.sub_title = self._sub_title(row)
            self.query_one("#student-header", Static).update(student_header(row))
        self.row = row
        for tab in self.query(StudentTab):
            tab.show_student(row)

    async def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        pane = event.pane
        if pane.query(StudentTab):
            return
        tab_class = next(t for t in STUDENT_TABS if f"pane-{t.TAB_ID}" == pane.id)
        tab = tab_class()
        await pane.mount(tab)
        if self.row is not None:
            tab.show_student(self.row)

    def on_student_tab_changed(self, event: StudentTab.Changed) -> None:
        event.stop()
        self.load()

    def action_back(self) -> None:
        """Back to the list; an unsaved profile edit asks before it is thrown away."""
        from rich.text import Text

        from coursekit.tui.screens.confirm import ConfirmScreen
        from coursekit.tui.screens.student_tabs.profile import ProfileTab

        profiles = self.query(ProfileTab)
        if not (profiles and profiles.first().has_unsaved_edits()):
            self.app.pop_screen()
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.app.pop_screen()

        self.app.push_screen(
            ConfirmScreen(
                Text("The profile has unsaved changes. Leave and throw them away?"),
                confirm_label="Discard",
                title="Unsaved changes",
            ),
            answered,
        )

    def action_tab(self, step: int) -> None:
        tabs = self.query_one(TabbedContent)
        ids = [f"pane-{tab.TAB_ID}" for tab in STUDENT_TABS]
        current = ids.index(tabs.active) if tabs.active in ids else 0
        tabs.active = ids[(current + step) % len(ids)]
