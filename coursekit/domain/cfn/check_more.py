"""Resource rules added for issue 12: types new accounts refuse (CK110), stateful
resources without deletion policies (CK111), unknown tags (CK112), local
artifacts (CK113) and literal names of existing roles (CK102)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from . import patterns as p
from .context import Collector, severity_for, shorten
from .model import Severity
from .nodes import OpaqueNode
from .retired import RETIRED_PROPERTIES, Retired, retired_type
from .tables import LOCAL_ARTIFACTS, ROLE_PROPERTIES, STATEFUL
from .walk import Path, ResourceSite, constant_text, iter_resources

B, W, N = Severity.BLOCKING, Severity.WARNING, Severity.INFO

_REMOTE = ("s3://", "https://", "http://")


def _values(body: Any, keys: tuple[str, ...], path: Path) -> Iterator[tuple[Any, Path]]:
    """Values under ``keys`` ("*" = every list item), with their paths."""
    if not keys:
        yield body, path
        return
    key, rest = keys[0], keys[1:]
    if key == "*":
        if isinstance(body, list):
            for index, item in enumerate(body):
                yield from _values(item, rest, (*path, index))
    elif isinstance(body, dict) and key in body:
        yield from _values(body[key], rest, (*path, key))


def _props(res: ResourceSite) -> dict[str, Any]:
    props = res.body.get("Properties") if isinstance(res.body, dict) else None
    return props if isinstance(props, dict) else {}


def is_local_path(text: str) -> bool:
    """A file or folder on the author's machine, not an S3/HTTP location or ARN."""
    text = text.strip()
    return bool(text) and not text.startswith((*_REMOTE, "arn:")) and "amazonaws.com" not in text


class MoreChecks:
    def __init__(self, out: Collector, literal_names: dict[str, tuple[str, Path]]) -> None:
        self.out = out
        self.literal_names = literal_names

    def run(self) -> None:
        for res in iter_resources(self.out.template.get("Resources")):
            if not isinstance(res.type, str) or not isinstance(res.body, dict):
                continue
            self._retired(res)
            self._deletion_policy(res)
            self._local_artifacts(res)
            self._role_names(res)
        self._unknown_tags()

    # --- CK110 -------------------------------------------------------------
    def _retired(self, res: ResourceSite) -> None:
        entry = retired_type(res.type)
        if entry is not None:
            self._add_retired(res, res.path, f"{res.type}: {entry.what}", entry)
        props = _props(res)
        for (rtype, prop), (values, why) in RETIRED_PROPERTIES.items():
            if rtype != res.type or prop not in props:
                continue
            text = constant_text(props[prop])
            if values is None or (text is not None and text in values):
                shown = f" '{shorten(text)}'" if text else ""
                self._add_retired(
                    res, (*res.path, "Properties", prop), f"{prop}{shown}: {why.what}", why
                )

    def _add_retired(self, res: ResourceSite, path: Path, message: str, why: Retired) -> None:
        self.out.add(
            "CK110",
            B,
            res.logical_id,
            path,
            f"{message} (since {why.since})",
            f"Use {why.replacement} instead. Source: {why.source}",
        )

    # --- CK111 -------------------------------------------------------------
    def _deletion_policy(self, res: ResourceSite) -> None:
        advised = STATEFUL.get(res.type)
        if advised is None:
            return
        if (
            res.type == "AWS::RDS::DBInstance"
            and _props(res).get("DBClusterIdentifier") is not None
        ):
            return  # a cluster member: the cluster's policy decides
        missing = [k for k in ("DeletionPolicy", "UpdateReplacePolicy") if k not in res.body]
        if not missing:
            return
        self.out.add(
            "CK111",
            N if res.type == "AWS::Logs::LogGroup" else W,
            res.logical_id,
            res.path,
            f"stateful {res.type} without {' and '.join(missing)}: deleting the stack, or a "
            "change that replaces the resource, destroys its data",
            f"Add DeletionPolicy: {advised} and UpdateReplacePolicy: {advised} before deleting "
            "the lab stack or running the 'deploy once, then delete' test (remove retained "
            "test resources by hand afterwards).",
            res.line,
        )

    # --- CK113 -------------------------------------------------------------
    def _local_artifacts(self, res: ResourceSite) -> None:
        for keys in LOCAL_ARTIFACTS.get(res.type, ()):
            for value, path in _values(_props(res), keys, (*res.path, "Properties")):
                text = value if isinstance(value, str) else None
                if text is None or not is_local_path(text):
                    continue
                self.out.add(
                    "CK113",
                    W,
                    res.logical_id,
                    path,
                    f"{'.'.join(keys)} is the local path '{shorten(text)}', uploaded only by "
                    "aws cloudformation package / sam deploy",
                    "Keep these files with the template (copy them out first if they live in "
                    "the lab's Cloud9 or CloudShell), then package or upload them into the "
                    "destination account before the accounts close.",
                )

    # --- CK102 (literal names of existing roles) ---------------------------
    def _role_names(self, res: ResourceSite) -> None:
        for keys in ROLE_PROPERTIES.get(res.type, ()):
            for value, path in _values(_props(res), keys, (*res.path, "Properties")):
                if isinstance(value, dict) and set(value) == {"Ref"}:
                    self._role_parameter(str(value["Ref"]), res, path)
                    continue
                text = constant_text(value)
                if not self._names_existing_role(text):
                    continue
                self.out.add(
                    "CK102",
                    severity_for("CK102", "Resources"),
                    res.logical_id,
                    path,
                    f"names the existing IAM role or instance profile '{shorten(text)}', which "
                    "the lab account provided and the template does not create",
                    "Define the role (and instance profile) in the template and use !Ref / "
                    "!GetAtt <Role>.Arn, or take the name as a parameter without a lab default.",
                )

    def _names_existing_role(self, text: str | None) -> bool:
        return bool(
            text
            and "arn:" not in text  # ARNs: CK101/CK107 say it with the account
            and not p.LAB.search(text)  # LabRole & co.: the string rule says it
            and text not in self.literal_names  # created here: CK109's business
        )

    def _role_parameter(self, name: str, res: ResourceSite, used_at: Path) -> None:
        params = self.out.template.get("Parameters")
        spec = params.get(name) if isinstance(params, dict) else None
        default = spec.get("Default") if isinstance(spec, dict) else None
        if not isinstance(default, str) or not self._names_existing_role(default):
            return
        self.out.add(
            "CK102",
            severity_for("CK102", "Parameters"),
            "Parameters",
            ("Parameters", name, "Default"),
            f"default '{shorten(default)}' names an existing IAM role or instance profile of "
            f"the lab account (used by {res.logical_id})",
            "Remove the default (or create the role in the template) so a deploy elsewhere "
            "names a role that exists there.",
        )

    # --- CK112 -------------------------------------------------------------
    def _unknown_tags(self) -> None:
        stack: list[tuple[Any, Path]] = [(self.out.template, ())]
        while stack:
            node, path = stack.pop()
            if isinstance(node, OpaqueNode):
                resource = (
                    str(path[1])
                    if path[:1] == ("Resources",) and len(path) > 1
                    else (str(path[0]) if path else None)
                )
                self.out.add(
                    "CK112",
                    W,
                    resource,
                    path,
                    f"unknown tag {shorten(node.tag, 40)}: its value was not analysed, and "
                    "CloudFormation refuses it unless a tool expands it first",
                    "Expand it with the tool that defines it (e.g. rain pkg for !Rain::…) and "
                    "check the expanded template, or write it as plain CloudFormation.",
                )
            if isinstance(node, dict):
                stack.extend((v, (*path, str(k))) for k, v in node.items())
            elif isinstance(node, list):
                stack.extend((v, (*path, i)) for i, v in enumerate(node))
