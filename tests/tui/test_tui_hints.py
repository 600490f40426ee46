"""The TUI words a problem's hint with the keys it really binds (never a CLI option it
does not have; where it has no such action it says so and names the command)."""

from __future__ import annotations

from textual.binding import Binding, BindingType

from coursekit.domain.problems import HintKind, ProblemCode
from coursekit.services.context import ServiceError
from coursekit.tui.app import CoursekitApp
from coursekit.tui.hints import error_text, hint_text
from coursekit.tui.screens.import_wizard import ImportScreen
from coursekit.tui.screens.roster_merge import MERGE_BINDING


def _key(bindings: list[BindingType], action: str) -> str:
    return next(b.key for b in bindings if isinstance(b, Binding) and b.action == action)


def test_every_hint_has_words() -> None:
    for hint in HintKind:
        assert hint_text(hint, "student_id").strip(), hint


def test_the_keys_named_are_the_keys_bound() -> None:
    assert _key(ImportScreen.BINDINGS, "map_column") == "m"
    assert "press m " in hint_text(HintKind.MAP_COLUMN, "student_id")
    assert _key(CoursekitApp.BINDINGS, "switch_course") == "s"
    assert "press s " in hint_text(HintKind.PICK_COURSE, "course")
    assert MERGE_BINDING.key == "M"
    assert ", M)" in hint_text(HintKind.MERGE_STUDENTS)


def test_an_action_the_tui_lacks_is_said_plainly() -> None:
    refused = ServiceError(
        "000222 has dropped COMP529: their checklist is not shown anywhere",
        code=ProblemCode.STUDENT_DROPPED,
        hint=HintKind.INCLUDE_DROPPED,
    )
    assert error_text(refused) == (
        "000222 has dropped COMP529: their checklist is not shown anywhere (the TUI does not "
        "attach templates for dropped students; `coursekit checklist attach --include-dropped` "
        "does)"
    )
    assert "TUI has no Canvas login" in hint_text(HintKind.CANVAS_LOGIN)
