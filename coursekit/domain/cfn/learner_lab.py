"""The "redeploy into next term's Learner Lab" profile (``cfn check --target
learner-lab``): the opposite direction of the export check. An instructor
reusing a template wants it to fit a fresh Learner Lab account, where LabRole
and vockey are *right* and anything beyond the lab's limits is refused (or,
past 20 instances, gets the account deleted).

Every limit is data with its source; ``LIMITS`` feeds the README table.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, NamedTuple

from . import patterns as p
from .context import Collector, shorten
from .model import Finding, Severity
from .walk import Path, constant_text, iter_resources, iter_sites, strip_substitutions

SOURCE = (
    "AWS Academy Learner Lab student and educator guides (service limits section), "
    "as summarised in the project's reference aws-academy.md"
)
CHECKED_ON = "2026-11-30"


class Limit(NamedTuple):
    rule_id: str
    what: str
    allowed: str


REGIONS = ("us-east-1", "us-west-2")
EC2_SIZES = ("nano", "micro", "small", "medium", "large")
RDS_SIZES = ("nano", "micro", "small", "medium")
EBS_MAX_GB = 100
RDS_MAX_GB = 100
RUNNING_INSTANCES_MAX = 9
INSTANCES_ACCOUNT_DELETED = 20
LAMBDA_CONCURRENCY_MAX = 10
LAB_KEY_PAIR = "vockey"
LAB_KEY_PAIR_REGION = "us-east-1"
IAM_CREATE_TYPES = ("AWS::IAM::Role", "AWS::IAM::User", "AWS::IAM::Group")

LIMITS: tuple[Limit, ...] = (
    Limit("LAB-REGION", "regions", " and ".join(REGIONS) + " only"),
    Limit("LAB-INSTANCE", "EC2 instance types", "sizes " + ", ".join(EC2_SIZES)),
    Limit(
        "LAB-COUNT",
        "EC2 instances",
        f"at most {RUNNING_INSTANCES_MAX} running (32 vCPU); {INSTANCES_ACCOUNT_DELETED} or "
        "more gets the account deleted",
    ),
    Limit("LAB-SPOT", "purchase option", "on-demand only (no Spot)"),
    Limit("LAB-VOLUME", "EBS volumes", f"at most {EBS_MAX_GB} GB"),
    Limit(
        "LAB-RDS",
        "RDS instances",
        "classes " + ", ".join(RDS_SIZES) + f"; at most {RDS_MAX_GB} GB",
    ),
    Limit("LAB-LAMBDA", "Lambda concurrency", f"at most {LAMBDA_CONCURRENCY_MAX}"),
    Limit("LAB-IAM", "IAM", "no new roles, users or groups: use LabRole / LabInstanceProfile"),
    Limit("LAB-KEYPAIR", "key pairs", f"{LAB_KEY_PAIR} exists in {LAB_KEY_PAIR_REGION} only"),
)

#: Export-direction rules that do not apply when the destination *is* a Learner
#: Lab: lab names are right there, regions are checked against the lab's list,
#: and data items / steps are about leaving.
NOT_FOR_LEARNER_LAB = frozenset({"CK102", "CK105", "CK111"})

B, W = Severity.BLOCKING, Severity.WARNING
_SIZE = re.compile(r"^(?:db\.)?[a-z0-9-]+\.(?P<size>\d*[a-z]+)$")


def keep_for_learner_lab(finding: Finding) -> bool:
    return finding.rule_id not in NOT_FOR_LEARNER_LAB and not finding.rule_id.startswith(
        ("DATA-", "STEP-")
    )


def _number(value: Any) -> float | None:
    text = constant_text(value)
    try:
        return float(text) if text is not None else None
    except ValueError:
        return None


def _get(node: Any, *keys: str) -> Any:
    for key in keys:
        node = node.get(key) if isinstance(node, dict) else None
    return node


def _block_devices(props: dict[str, Any], base: Path) -> Iterator[tuple[Any, Path]]:
    for holder, path in (
        (props, base),
        (props.get("LaunchTemplateData"), (*base, "LaunchTemplateData")),
    ):
        mappings = holder.get("BlockDeviceMappings") if isinstance(holder, dict) else None
        for index, item in enumerate(mappings if isinstance(mappings, list) else []):
            size = _get(item, "Ebs", "VolumeSize")
            if size is not None:
                yield size, (*path, "BlockDeviceMappings", index, "Ebs", "VolumeSize")


class LearnerLabChecks:
    def __init__(self, out: Collector) -> None:
        self.out = out
        self.instances = 0
        self.regions: set[str] = set()
        self.vockey_paths: list[Path] = []

    def run(self) -> None:
        template = self.out.template
        for site in iter_sites(template):
            if site.section == "Mappings" or not isinstance(site.value, str):
                continue
            text = strip_substitutions(site.value)
            zones = [m.group(0)[:-1] for m in p.AZ.finditer(text)]  # us-west-2a -> us-west-2
            named = p.REGION.findall(text) + [z for z in zones if p.REGION_NAME.fullmatch(z)]
            for region in p.unique(named):
                self.regions.add(region)
                if region not in REGIONS:
                    self.out.add(
                        "LAB-REGION",
                        B,
                        site.resource,
                        site.path,
                        f"region {region} is not available in Learner Lab",
                        f"Use {' or '.join(REGIONS)} (or !Ref AWS::Region).",
                        site.line,
                    )
        for res in iter_resources(template.get("Resources")):
            if not isinstance(res.type, str) or not isinstance(res.body, dict):
                continue
            props = res.body.get("Properties")
            props = props if isinstance(props, dict) else {}
            base = (*res.path, "Properties")
            self._resource(res.logical_id, res.type, props, base, res.path)
        self._parameters(template.get("Parameters"))
        self._count()
        self._vockey_region()

    def _add(
        self, rule: str, resource: str, path: Path, message: str, fix: str, sev: Severity = B
    ) -> None:
        self.out.add(rule, sev, resource, path, message, fix)

    def _resource(
        self, rid: str, rtype: str, props: dict[str, Any], base: Path, path: Path
    ) -> None:
        if rtype in IAM_CREATE_TYPES:
            self._add(
                "LAB-IAM",
                rid,
                path,
                f"{rtype}: Learner Lab students cannot create IAM roles, users or groups",
                "Use the existing LabRole (arn:${AWS::Partition}:iam::${AWS::AccountId}:role/"
                "LabRole) or LabInstanceProfile instead of creating one.",
            )
        if (
            rtype == "AWS::EC2::SpotFleet"
            or "SpotPrice" in props
            or _get(props, "LaunchTemplateData", "InstanceMarketOptions") is not None
        ):
            self._add(
                "LAB-SPOT",
                rid,
                path,
                "Spot capacity is not available in Learner Lab",
                "Use on-demand instances (drop SpotPrice / InstanceMarketOptions).",
            )
        if rtype == "AWS::EC2::Instance":
            self.instances += 1
        for key_path in (("InstanceType",), ("LaunchTemplateData", "InstanceType")):
            self._instance_type(rid, _get(props, *key_path), (*base, *key_path))
        self._key_name(rid, _get(props, "KeyName"), (*base, "KeyName"))
        self._key_name(rid, _get(props, "LaunchTemplateData", "KeyName"),
                       (*base, "LaunchTemplateData", "KeyName"))  # fmt: skip
        for size, where in _block_devices(props, base):
            self._volume(rid, size, where)
        if rtype == "AWS::EC2::Volume":
            self._volume(rid, props.get("Size"), (*base, "Size"))
        if rtype == "AWS::RDS::DBInstance":
            self._rds(rid, props, base)
        if rtype == "AWS::AutoScaling::AutoScalingGroup":
            top = _number(props.get("MaxSize"))
            if top is not None:
                self.instances += int(top)
        if rtype in ("AWS::Lambda::Function", "AWS::Serverless::Function"):
            reserved = _number(props.get("ReservedConcurrentExecutions"))
            if reserved is not None and reserved > LAMBDA_CONCURRENCY_MAX:
                self._add(
                    "LAB-LAMBDA", rid, (*base, "ReservedConcurrentExecutions"),
                    f"reserves {int(reserved)} concurrent executions; Learner Lab allows "
                    f"{LAMBDA_CONCURRENCY_MAX}",
                    f"Reserve at most {LAMBDA_CONCURRENCY_MAX} (or none).",
                )  # fmt: skip

    def _instance_type(self, rid: str, value: Any, path: Path) -> None:
        text = constant_text(value)
        match = _SIZE.match(text or "")
        if match and match.group("size") not in EC2_SIZES:
            self._add(
                "LAB-INSTANCE", rid, path,
                f"instance type {shorten(text)} is larger than Learner Lab allows",
                f"Use a size from {', '.join(EC2_SIZES)} (e.g. t3.medium).",
            )  # fmt: skip

    def _volume(self, rid: str, value: Any, path: Path) -> None:
        size = _number(value)
        if size is not None and size > EBS_MAX_GB:
            self._add(
                "LAB-VOLUME", rid, path,
                f"EBS volume of {size:g} GB; Learner Lab allows {EBS_MAX_GB} GB",
                f"Use at most {EBS_MAX_GB} GB.",
            )  # fmt: skip

    def _rds(self, rid: str, props: dict[str, Any], base: Path) -> None:
        cls = constant_text(props.get("DBInstanceClass"))
        match = _SIZE.match(cls or "")
        if match and match.group("size") not in RDS_SIZES:
            self._add(
                "LAB-RDS", rid, (*base, "DBInstanceClass"),
                f"DB instance class {shorten(cls)} is larger than Learner Lab allows",
                f"Use a class of size {', '.join(RDS_SIZES)} (e.g. db.t3.micro).",
            )  # fmt: skip
        storage = _number(props.get("AllocatedStorage"))
        if storage is not None and storage > RDS_MAX_GB:
            self._add(
                "LAB-RDS", rid, (*base, "AllocatedStorage"),
                f"{storage:g} GB of database storage; Learner Lab allows {RDS_MAX_GB} GB",
                f"Allocate at most {RDS_MAX_GB} GB.",
            )  # fmt: skip

    def _key_name(self, rid: str, value: Any, path: Path) -> None:
        text = constant_text(value)
        if not text:
            return
        if text == LAB_KEY_PAIR:
            self.vockey_paths.append(path)
            return
        self._add(
            "LAB-KEYPAIR", rid, path,
            f"key pair '{shorten(text)}' does not exist in a fresh Learner Lab account",
            f"Use {LAB_KEY_PAIR} (in {LAB_KEY_PAIR_REGION}), a KeyName parameter, or drop "
            "KeyName and connect with Session Manager.",
        )  # fmt: skip

    def _parameters(self, params: Any) -> None:
        if not isinstance(params, dict):
            return
        for name, spec in params.items():
            if not isinstance(spec, dict):
                continue
            default = spec.get("Default")
            path = ("Parameters", str(name), "Default")
            ptype = str(spec.get("Type", ""))
            if "KeyPair::KeyName" in ptype or str(name).lower() == "keyname":
                if isinstance(default, str) and default and default != LAB_KEY_PAIR:
                    self._add(
                        "LAB-KEYPAIR", "Parameters", path,
                        f"default key pair '{shorten(default)}' does not exist in a fresh "
                        "Learner Lab account",
                        f"Default to {LAB_KEY_PAIR}.", W,
                    )  # fmt: skip
                elif default == LAB_KEY_PAIR:
                    self.vockey_paths.append(path)
            elif "instancetype" in str(name).lower():
                text = constant_text(default)
                match = _SIZE.match(text or "")
                if match and match.group("size") not in EC2_SIZES:
                    self._add(
                        "LAB-INSTANCE", "Parameters", path,
                        f"default instance type {shorten(text)} is larger than Learner Lab "
                        "allows", f"Default to a size from {', '.join(EC2_SIZES)}.", W,
                    )  # fmt: skip

    def _count(self) -> None:
        if self.instances <= RUNNING_INSTANCES_MAX:
            return
        deleted = self.instances >= INSTANCES_ACCOUNT_DELETED
        self._add(
            "LAB-COUNT", "Resources", ("Resources",),
            f"up to {self.instances} EC2 instances (instances plus Auto Scaling MaxSize); "
            f"Learner Lab runs at most {RUNNING_INSTANCES_MAX}"
            + (f", and {INSTANCES_ACCOUNT_DELETED} or more gets the account deleted" if deleted
               else ""),
            f"Keep instances plus Auto Scaling MaxSize at {RUNNING_INSTANCES_MAX} or fewer.",
        )  # fmt: skip

    def _vockey_region(self) -> None:
        others = sorted(r for r in self.regions if r != LAB_KEY_PAIR_REGION and r in REGIONS)
        if not self.vockey_paths or not others:
            return
        for path in self.vockey_paths:
            self._add(
                "LAB-KEYPAIR", str(path[1]), path,
                f"{LAB_KEY_PAIR} exists only in {LAB_KEY_PAIR_REGION}, but the template also "
                f"names {', '.join(others)}",
                f"Deploy in {LAB_KEY_PAIR_REGION}, or create a key pair in the other region and "
                "pass it as a parameter.", W,
            )  # fmt: skip
