"""What a student's hand-entered fields must satisfy (add form, edit form, Profile tab):
which are required, how long each may be, printable text, an e-mail's shape."""

from __future__ import annotations

from dataclasses import dataclass

from coursekit.domain.import_values import MAX_ID_LENGTH


@dataclass(frozen=True, slots=True)
class StudentField:
    name: str
    label: str
    required: bool = False
    max_length: int = 200


STUDENT_FIELDS = (
    StudentField("student_id", "Student id", True, MAX_ID_LENGTH),
    StudentField("name", "Name", True),
    StudentField("sortable_name", "Sortable name"),
    StudentField("email", "Email", max_length=254),
    StudentField("section", "Section", max_length=40),
)
_BY_NAME = {f.name: f for f in STUDENT_FIELDS}


def clean_field(value: str) -> str:
    """What is kept of a typed or pasted value: printable characters, stripped (a control
    character or a bidi override pasted into a name is dropped, not stored)."""
    return "".join(ch for ch in value if ch.isprintable()).strip()


def field_problem(name: str, value: str) -> str | None:
    """The problem with ``value`` (as ``clean_field`` keeps it) for field ``name``, or
    ``None``."""
    text = clean_field(value)
    field = _BY_NAME[name]
    if field.required and not text:
        return f"{field.label} cannot be empty"
    if len(text) > field.max_length:
        return f"{field.label} is longer than {field.max_length} characters"
    if name == "email" and text:
        local, at, domain = text.partition("@")
        if not at or not local or "." not in domain or " " in text:
            return "Email does not look like an address (name@domain)"
    return None
