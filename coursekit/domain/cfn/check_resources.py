"""Rules that look at the shape of resources, parameters and transforms."""

from __future__ import annotations

import re
from typing import Any

from .check_more import is_local_path
from .context import Collector, severity_for, shorten
from .model import Severity
from .tables import (
    ARTIFACTS,
    AWS_TRANSFORMS,
    GLOBAL_NAMES,
    LOCAL_ARTIFACTS,
    PHYSICAL_NAMES,
    SNAPSHOT_KEYS,
)
from .walk import Path, ResourceSite, constant_text, is_constant, iter_resources

_SECRET_KEY = re.compile(
    r"(pass(word|wd|phrase)?|secret(string|key|accesskey)?|auth_?token|api_?key|"
    r"private_?key|credentials?)$",
    re.IGNORECASE,
)
_SECRET_PARAM = re.compile(r"pass(word|wd|phrase)?|secret|token|api_?key", re.IGNORECASE)
#: Parameter names that *refer to* a secret or its key rather than hold one
#: (``SecretKmsKeyArn``, ``DbSecretName``, ``TokenLength``).
_REFERS_TO_SECRET = re.compile(
    r"(arn|kms\w*|key_?id|name|id|length|rotation\w*|policy|prefix|path|ttl|expiry)$",
    re.IGNORECASE,
)


def _get(body: Any, *keys: str) -> Any:
    for key in keys:
        if not isinstance(body, dict):
            return None
        body = body.get(key)
    return body


def _is_intrinsic(value: dict[Any, Any]) -> bool:
    return len(value) == 1 and any(
        str(k) in ("Ref", "Condition") or str(k).startswith("Fn::") for k in value
    )


def _truthy(value: Any) -> bool:
    return value is True or (isinstance(value, str) and value.lower() == "true")


class ResourceChecks:
    def __init__(self, out: Collector) -> None:
        self.out = out
        self.literal_names: dict[str, tuple[str, Path]] = {}

    def run(self) -> None:
        template = self.out.template
        resources = template.get("Resources")
        if not isinstance(resources, dict) or not resources:
            self.out.add(
                "CK100",
                Severity.BLOCKING,
                "Resources",
                ("Resources",),
                "the template has no Resources",
                "Add at least one resource.",
            )
        for res in iter_resources(resources):
            if not isinstance(res.body, dict) or not isinstance(res.type, str):
                self.out.add(
                    "CK100",
                    Severity.BLOCKING,
                    res.logical_id,
                    res.path,
                    "resource without a Type",
                    "Give the resource a Type.",
                    res.line,
                )
                continue
            self._physical_name(res)
            self._artifacts(res)
            self._snapshots_and_secrets(res, res.body.get("Properties"), (*res.path, "Properties"))
        self._parameters(template.get("Parameters"))
        self._transforms(template.get("Transform"), ("Transform",))

    def _physical_name(self, res: ResourceSite) -> None:
        for prop in PHYSICAL_NAMES.get(res.type, ()):
            value = _get(res.body, "Properties", prop)
            name = constant_text(value)
            if value is None or name is None:
                continue
            path = (*res.path, "Properties", prop)
            global_name = (res.type, prop) in GLOBAL_NAMES
            fix = (
                "Remove the property so CloudFormation generates a unique name, or derive "
                "it from the stack: !Sub '${AWS::StackName}-…'."
            )
            if global_name:
                fix += (
                    " The name is global: the lab's resource keeps it until the account is closed."
                )
            elif res.type.startswith("AWS::IAM::"):
                fix += " Named IAM resources also need CAPABILITY_NAMED_IAM."
            self.out.add(
                "CK106",
                Severity.BLOCKING if global_name else Severity.WARNING,
                res.logical_id,
                path,
                f"explicit {prop} '{shorten(name)}'",
                fix,
            )
            if len(name) >= 6 and "${" not in name:
                self.literal_names.setdefault(name, (res.logical_id, path))

    def _artifacts(self, res: ResourceSite) -> None:
        for keys in ARTIFACTS.get(res.type, ()):
            value = _get(res.body, "Properties", *keys)
            if value is None:
                continue
            text = constant_text(value)
            if (
                isinstance(value, str)
                and keys in LOCAL_ARTIFACTS.get(res.type, ())
                and is_local_path(value)
            ):
                continue  # a local path that `aws cloudformation package` uploads: CK113
            literal = is_constant(value) or (
                isinstance(value, dict)
                and not _is_intrinsic(value)
                and all(is_constant(v) for v in value.values())  # SAM {Bucket, Key}
            )
            where = ".".join(keys)
            self.out.add(
                "CK107",
                Severity.BLOCKING if literal else Severity.WARNING,
                res.logical_id,
                (*res.path, "Properties", *keys),
                f"{where} points at an artifact stored outside the template"
                + (f" ('{shorten(text)}')" if text else ""),
                "Download the artifact now, upload it to a bucket/registry of the destination "
                "account and pass its location as a parameter.",
            )

    def _snapshots_and_secrets(self, res: ResourceSite, node: Any, path: Path) -> None:
        if isinstance(node, list):
            for index, item in enumerate(node):
                self._snapshots_and_secrets(res, item, (*path, index))
            return
        if not isinstance(node, dict):
            return
        for key, value in node.items():
            here = (*path, str(key))
            text = constant_text(value)
            if key in SNAPSHOT_KEYS and text:
                self.out.add(
                    "CK107",
                    Severity.BLOCKING,
                    res.logical_id,
                    here,
                    f"{key} '{shorten(text)}' restores from the lab account",
                    "Share or copy the snapshot to the destination account (see the data "
                    "items) and pass its identifier as a parameter.",
                )
            elif (
                isinstance(key, str)
                and _SECRET_KEY.search(key)
                and text
                and not isinstance(value, bool)
                and "{{resolve:" not in text
                and text.lower() not in ("true", "false")
            ):
                self.out.add(
                    "CK108",
                    Severity.BLOCKING,
                    res.logical_id,
                    here,
                    f"{key} is written in plain text",
                    "Use a NoEcho parameter without a default or a dynamic reference "
                    "{{resolve:secretsmanager:…}}; for RDS prefer ManageMasterUserPassword: true."
                    " Change the exposed password.",
                )
            else:
                self._snapshots_and_secrets(res, value, here)

    def _parameters(self, params: Any) -> None:
        if not isinstance(params, dict):
            return
        for name, spec in params.items():
            if not isinstance(spec, dict):
                continue
            ptype, default = str(spec.get("Type", "")), spec.get("Default")
            base: Path = ("Parameters", str(name))
            if (
                ptype.startswith("AWS::SSM::Parameter::Value")
                and isinstance(default, str)
                and default
                and not default.startswith("/aws/service/")
            ):
                self.out.add(
                    "CK107",
                    severity_for("CK107", "Parameters"),
                    "Parameters",
                    (*base, "Default"),
                    f"SSM parameter '{shorten(default)}' must exist in the destination account",
                    "Create the parameter there first, or use a public /aws/service/… parameter.",
                )
            if (
                not _SECRET_PARAM.search(str(name))
                or _REFERS_TO_SECRET.search(str(name))
                or ptype.startswith("AWS::")
            ):
                continue
            no_echo = _truthy(spec.get("NoEcho"))
            has_default = default not in (None, "")
            if has_default:
                self.out.add(
                    "CK108",
                    Severity.BLOCKING if not no_echo else Severity.WARNING,
                    "Parameters",
                    (*base, "Default"),
                    f"parameter {name} has a default value, so the secret is in the template",
                    "Remove the Default (and set NoEcho: true); pass the value at deploy time "
                    "or use a dynamic reference. Change the exposed password.",
                )
            elif not no_echo:
                self.out.add(
                    "CK108",
                    Severity.WARNING,
                    "Parameters",
                    base,
                    f"parameter {name} looks secret but lacks NoEcho: true",
                    "Add NoEcho: true so the value is masked in the console and API.",
                )

    def _transforms(self, value: Any, path: Path) -> None:
        items = value if isinstance(value, list) else [value]
        for index, item in enumerate(items):
            here = (*path, index) if isinstance(value, list) else path
            name = item.get("Name") if isinstance(item, dict) else item
            if not isinstance(name, str):
                continue
            location = _get(item, "Parameters", "Location")
            if name not in AWS_TRANSFORMS:
                self.out.add(
                    "CK107",
                    Severity.BLOCKING,
                    "Transform",
                    here,
                    f"transform '{shorten(name)}' is a macro defined in the lab account",
                    "Deploy the macro's stack in the destination account first, or expand "
                    "the macro (get-template --template-stage Processed) and use the result.",
                )
            elif name == "AWS::Include" and is_constant(location):
                self.out.add(
                    "CK107",
                    Severity.BLOCKING,
                    "Transform",
                    here,
                    f"AWS::Include reads '{shorten(location)}' from S3",
                    "Copy the snippet into the template or into a bucket of the destination "
                    "account.",
                )
