"""The one exception template parsing raises, and the limits it enforces."""

from __future__ import annotations

#: Largest template accepted, checked before any parsing. CloudFormation itself
#: refuses templates over 1 MB (from S3), so nothing larger is deployable, and
#: analysing this much YAML takes about 1 s (libyaml events) to 3 s (pure Python).
MAX_TEMPLATE_BYTES = 1024 * 1024

#: Most values (mappings, sequences and scalars) accepted. The densest sample
#: template has one value per 19 bytes, so a real 1 MiB template holds about
#: 55,000; the limit keeps a megabyte of one-character list items (10 times
#: denser) from taking several seconds to walk.
MAX_NODES = 60_000

#: Deepest nesting of mappings/sequences accepted. Real templates stay under 20;
#: the limit keeps the recursive YAML/JSON builders far from RecursionError.
MAX_DEPTH = 100


class TemplateError(ValueError):
    """A template that cannot be read, with the file name and (1-based) line."""

    def __init__(self, filename: str, line: int | None, message: str) -> None:
        super().__init__(filename, line, message)
        self.filename = filename
        self.line = line
        self.message = message

    def __str__(self) -> str:
        if self.line is None:
            return f"{self.filename}: {self.message}"
        return f"{self.filename}:{self.line}: {self.message}"


def value_error_message(exc: Exception) -> str:
    """A one-line reason for a scalar the parser could not convert."""
    text = str(exc)
    if "integer string conversion" in text:
        return "invalid value: a number with more than 4,300 digits"
    return f"invalid value: {text.splitlines()[0] if text else type(exc).__name__}"
