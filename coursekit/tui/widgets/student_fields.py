"""StudentFields: the inputs of a student (add form, edit form, Profile tab) with inline errors."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Static

from coursekit.domain.records import RosterRow
from coursekit.domain.student_fields import STUDENT_FIELDS, field_problem

PLACEHOLDERS = {
    "student_id": "as the university writes it, e.g. 00123456",
    "name": "First Last",
    "sortable_name": "Last, First (default: from the name)",
    "email": "name@university.edu",
    "section": "e.g. A",
}


def unchanged(row: RosterRow, values: dict[str, str]) -> bool:
    """The form holds what ``row`` already says (an empty sortable name keeps the stored one)."""
    return (
        values["name"] == row.name
        and values["sortable_name"] in ("", row.sortable_name)
        and values["email"] == (row.email or "")
        and values["section"] == row.section
    )


class StudentFields(Vertical):
    """One ``Input#field-<name>`` per field: the label is its border title, a problem its border
    subtitle (and a red border). No separate Label/Static widgets: the student screen opens
    noticeably faster with ten widgets fewer."""

    # A reusable widget ships its styles as DEFAULT_CSS (Textual's idiom; screens use .tcss).
    DEFAULT_CSS = """
    StudentFields { height: auto; }
    StudentFields Input { border-title-align: left; border-subtitle-align: left; }
    StudentFields Input.-invalid { border-subtitle-color: $text-error; }
    """

    def __init__(
        self,
        row: RosterRow | None = None,
        *,
        id_editable: bool = True,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.row = row
        self.id_editable = id_editable

    def compose(self) -> ComposeResult:
        for field in STUDENT_FIELDS:
            box = Input(
                placeholder=PLACEHOLDERS[field.name],
                id=f"field-{field.name}",
                max_length=field.max_length * 2,
                disabled=field.name == "student_id" and not self.id_editable,
                select_on_focus=False,
            )
            box.border_title = field.label + (" *" if field.required else "")
            yield box

    def on_mount(self) -> None:
        if self.row is not None:
            self.set_row(self.row)

    def _box(self, name: str) -> Input:
        return self.query_one(f"#field-{name}", Input)

    def set_row(self, row: RosterRow) -> None:
        self.row = row
        values = {
            "student_id": row.student_id,
            "name": row.name,
            "sortable_name": row.sortable_name,
            "email": row.email or "",
            "section": row.section,
        }
        for name, value in values.items():
            self._box(name).value = value
        self.clear_errors()

    def values(self) -> dict[str, str]:
        return {f.name: self._box(f.name).value.strip() for f in STUDENT_FIELDS}

    def error(self, name: str) -> str:
        """The problem shown under field ``name`` ("" when none)."""
        return str(self._box(name).border_subtitle or "")

    def clear_errors(self) -> None:
        for field in STUDENT_FIELDS:
            self.show_error(field.name, "")

    def show_refusal(self, message: str, field: str | None, form_error: Static) -> None:
        """A service's one-line refusal: under the field it is about (the error's ``field``),
        else in ``form_error``."""
        if field in {f.name for f in STUDENT_FIELDS}:
            self.show_error(field, message)
        else:
            form_error.update(Text(message))

    def show_error(self, name: str, message: str) -> None:
        box = self._box(name)
        box.border_subtitle = Text(message) if message else None
        box.set_class(bool(message), "-invalid")

    def validate(self) -> bool:
        """Check every field, show problems under them, focus the first bad one."""
        self.clear_errors()
        first: str | None = None
        for name, value in self.values().items():
            problem = field_problem(name, value)
            if problem:
                self.show_error(name, problem)
                first = first or name
        if first:
            self._box(first).focus()
        return first is None

    def on_input_changed(self, event: Input.Changed) -> None:
        name = (event.input.id or "").removeprefix("field-")
        if name and self.error(name):
            self.show_error(name, "")
