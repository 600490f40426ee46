"""Turn template text (YAML or JSON, str or bytes) into nested NodeDict/NodeList."""

from __future__ import annotations

from typing import Any

from .errors import MAX_TEMPLATE_BYTES, TemplateError
from .json_loader import load_json
from .nodes import NodeDict
from .yaml_loader import load_yaml


def _decode(data: bytes, filename: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise TemplateError(filename, line, "the template is not UTF-8 text") from None


def _check_size(size: int, filename: str) -> None:
    if size > MAX_TEMPLATE_BYTES:
        raise TemplateError(filename, None, oversize_message(size))


def oversize_message(size: int) -> str:
    """Both sizes: the file's and the limit's."""
    return (
        f"the template is {size:,} bytes, larger than the limit of "
        f"{MAX_TEMPLATE_BYTES:,} bytes ({MAX_TEMPLATE_BYTES // 1024:,} KiB)"
    )


def parse_template(text: str | bytes, filename: str, size: int | None = None) -> dict[str, Any]:
    """Parse a CloudFormation template safely.

    The size is checked before any parsing. Short-form tags become long forms
    (``!GetAtt A.B`` -> ``{"Fn::GetAtt": ["A", "B"]}``). The result is a
    ``NodeDict`` whose containers know their source lines.

    ``size`` is the file's size when the caller read only the first
    ``MAX_TEMPLATE_BYTES + 1`` bytes of it (the error then states the real size).

    Raises:
        TemplateError: for anything that is not a readable template mapping.
    """
    _check_size(max(len(text), size or 0), filename)
    if isinstance(text, bytes):
        text = _decode(text, filename)
    elif len(text) * 4 > MAX_TEMPLATE_BYTES:  # only multi-byte text can still be too big
        _check_size(len(text.encode("utf-8", "surrogatepass")), filename)
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise TemplateError(filename, None, "the template is empty")
    try:
        if text.lstrip().startswith("{"):
            result = _load_json_or_flow_yaml(text, filename)
        else:
            result = load_yaml(text, filename)
    except RecursionError:
        raise TemplateError(filename, None, "template is nested too deeply") from None
    if not isinstance(result, NodeDict):
        raise TemplateError(filename, 1, "a template must be a mapping at the top level")
    return result


#: Top-level keys of a CloudFormation (or SAM) template.
TEMPLATE_SECTIONS = frozenset(
    {
        "AWSTemplateFormatVersion",
        "Description",
        "Metadata",
        "Parameters",
        "Rules",
        "Mappings",
        "Conditions",
        "Transform",
        "Resources",
        "Outputs",
        "Globals",
        "Hooks",
    }
)


def require_template(template: dict[str, Any], filename: str) -> None:
    """Refuse a mapping without any template section (a compose file, a CI workflow…).

    A template with sections but no ``Resources`` is still a template (CK100).
    """
    if not any(isinstance(k, str) and k in TEMPLATE_SECTIONS for k in template):
        keys = ", ".join(str(k) for k in list(template)[:3])
        raise TemplateError(
            filename,
            1,
            f"not a CloudFormation template (top-level keys {keys}; expected Resources)",
        )


def _load_json_or_flow_yaml(text: str, filename: str) -> Any:
    """JSON first; a document that is not JSON may still be YAML flow style."""
    try:
        return load_json(text, filename)
    except TemplateError as json_error:
        if not json_error.message.startswith("invalid JSON"):
            raise  # duplicate keys, nesting: YAML would say the same
        try:
            return load_yaml(text, filename)
        except TemplateError as yaml_error:
            if yaml_error.message.startswith("invalid YAML"):
                raise json_error from None
            raise
