"""Rules that look inside scalar values: account ids, lab names, AMIs, zones,
regions, dynamic references, secret ARNs, ImportValue, macros and literal names."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from . import patterns as p
from .context import Collector, severity_for, shorten
from .model import Severity
from .name_index import NameIndex
from .publishers import PLACEHOLDERS, advice_for, publisher_of
from .secrets import find_secrets, secret_by_name
from .tables import AWS_TRANSFORMS
from .walk import Path, Site, strip_substitutions

_ACCOUNT_FIX = (
    "Use ${AWS::AccountId} inside !Sub (e.g. !Sub 'arn:${AWS::Partition}:iam::"
    "${AWS::AccountId}:role/…') or reference the resource with !Ref/!GetAtt."
)
_UNKNOWN_LAYER_FIX = (
    "For a Lambda layer: if it is a public layer of another publisher, keep the ARN (do not "
    "use ${AWS::AccountId}); if it is the lab account's own layer, download it before the "
    "account closes and publish it in the new account."
)
_LAYER_ARN = re.compile(r"arn:[\w-]*:lambda:[^:\s]*:\d{12}:layer:")

_SECRET_DATA = (
    "Record the value now (aws secretsmanager get-secret-value / aws ssm get-parameter "
    "--with-decryption); it is not in the template."
)
B, W = Severity.BLOCKING, Severity.WARNING


#: Something at least one string rule looks for (digits: ids, regions, zones, AMIs).
_TRIGGER = re.compile(
    r"\d|Lab|vockey|voclabs|EMR_|ami-|arn:|\{\{resolve|AKIA|ASIA|IQoJ|FwoG|PRIVATE KEY|mysql"
    r"|(?i:password|passwd|pwd|secret|token|api_?key|access_?key|credential)"
)
_SECRET_KEY_NAME = re.compile(
    r"(?i)password|passwd|pwd|secret|token|api_?key|access_?key|credential"
)


def _is_lab_account(account: str) -> bool:
    """A real-looking account id that is neither a placeholder nor a known publisher."""
    return (
        len(account) == 12
        and account.isdigit()
        and account not in PLACEHOLDERS
        and publisher_of(account) is None
    )


#: Paths ending like this name a logical id, not a physical name.
_REFERENCE_PARTS = frozenset({"Ref", "Fn::GetAtt", "DependsOn", "Condition", "Fn::FindInMap"})


@dataclass
class _MappingHits:
    message: str
    fix: str
    tokens: list[str] = field(default_factory=list)


def _region_keyed(template: dict[str, Any], mapping: Any) -> dict[str, Any] | None:
    maps = template.get("Mappings")
    body = maps.get(mapping) if isinstance(maps, dict) else None
    if (
        isinstance(body, dict)
        and body
        and all(isinstance(k, str) and p.REGION_NAME.fullmatch(k) for k in body)
    ):
        return body
    return None


_SCRIPT_KEYS = frozenset({"UserData", "Environment", "ZipFile", "InlineCode", "Variables"})


def _holds_scripts_or_values(site: Site) -> bool:
    """Where ``NAME=value`` is an assignment: scripts, code, env vars, defaults, outputs."""
    if site.section == "Outputs":
        return True
    if site.section == "Parameters":
        return _last_key(site.path) == "Default"
    return not _SCRIPT_KEYS.isdisjoint(part for part in site.path if isinstance(part, str))


def _last_key(path: Path) -> str:
    return next((part for part in reversed(path) if isinstance(part, str)), "")


class StringChecks:
    """Runs the scalar rules over the sites of one template.

    Hits inside ``Mappings`` are gathered into one finding per mapping (a
    region-to-AMI map would otherwise yield dozens of identical findings).
    """

    def __init__(self, out: Collector, literal_names: dict[str, tuple[str, Path]]) -> None:
        self.out = out
        self.literal_names = literal_names  # physical name -> (logical id, its path)
        self._names = NameIndex(list(literal_names))
        self._per_region_ids = self._per_region_account_ids()
        self._mapping_hits: dict[tuple[str, str], _MappingHits] = {}

    def _per_region_account_ids(self) -> set[str]:
        """Ids that differ per region key of a region-keyed mapping.

        A student's own account id is the same in every region, so an id that
        changes with the region (ELB log-delivery accounts, …) is AWS-owned.
        """
        maps = self.out.template.get("Mappings")
        exempt: set[str] = set()
        for name in maps if isinstance(maps, dict) else ():
            body = _region_keyed(self.out.template, name)
            if body is None or len(body) < 2:
                continue
            seen: dict[str, set[str]] = {}
            for region, values in body.items():
                for account in p.account_ids(repr(values)):
                    seen.setdefault(account, set()).add(region)
            exempt.update(a for a, regions in seen.items() if len(regions) == 1)
        return exempt

    def run(self, sites: Iterable[Site]) -> None:
        for site in sites:
            if "Fn::ImportValue" in site.path:
                self._import_value(site)
            if "Fn::Transform" in site.path:
                self._inline_transform(site)
            value = site.value
            if isinstance(value, int) and not isinstance(value, bool):
                self._int_account(site, value)
            elif isinstance(value, str) and self._worth_checking(site, value):
                self._string(site, value)
        for (rule, mapping), hits in self._mapping_hits.items():
            tokens = p.unique(hits.tokens)
            shown = ", ".join(tokens[:3]) + (
                f" and {len(tokens) - 3} more" if len(tokens) > 3 else ""
            )
            self.out.add(
                rule,
                severity_for(rule, "Mappings"),
                "Mappings",
                ("Mappings", mapping),
                f"mapping {mapping}: {hits.message} {shown}",
                hits.fix,
            )

    def _worth_checking(self, site: Site, value: str) -> bool:
        """Cheap pre-filter: can any string rule fire on ``value``?

        Every rule needs a string of 6+ characters (the shortest trigger is
        ``vockey``) and, unless a literal physical name or a secret-like key is
        involved, one of the trigger substrings. Keeps a 1 MB template of tiny
        strings well inside the time bound.
        """
        if len(value) < 6:
            return False
        if self._names or _TRIGGER.search(value):
            return True
        return bool(_SECRET_KEY_NAME.search(_last_key(site.path))) or (
            "UserData" in site.path and len(value) >= 16  # base64 user data
        )

    def _hit(self, rule: str, site: Site, tokens: list[str], message: str, fix: str) -> None:
        if site.section == "Mappings" and len(site.path) > 2:
            hits = self._mapping_hits.setdefault(
                (rule, str(site.path[1])), _MappingHits(message, fix)
            )
            hits.tokens.extend(tokens)
            return
        self.out.add(
            rule,
            severity_for(rule, site.section),
            site.resource,
            site.path,
            f"{message} {', '.join(tokens)}",
            fix,
            site.line,
        )

    def _int_account(self, site: Site, value: int) -> None:
        text = f"{value:012d}"
        if (
            0 < value < 10**12
            and p.ACCOUNTISH_KEY.search(_last_key(site.path))
            and text not in self._per_region_ids
        ):
            self._account(site, [text], "")

    def _account(self, site: Site, ids: list[str], text: str) -> None:
        """One CK101 per site: real-looking and placeholder ids block, publishers warn."""
        known = [(a, pub) for a in ids if (pub := publisher_of(a)) is not None]
        placeholders = [a for a in ids if a in PLACEHOLDERS]
        lab = [a for a in ids if a not in PLACEHOLDERS and publisher_of(a) is None]
        parts: list[str] = []
        if lab:
            parts.append("literal account id " + ", ".join(lab))
        if placeholders:
            parts.append(
                "placeholder account id "
                + ", ".join(placeholders)
                + " (an AWS documentation example: no deployment can use it)"
            )
        parts += [f"account id {a} of {pub.name} (public)" for a, pub in known]
        fixes: list[str] = []
        if lab or placeholders:
            fixes.append(_ACCOUNT_FIX)
            if lab and _LAYER_ARN.search(text):
                fixes.append(_UNKNOWN_LAYER_FIX)
        fixes += p.unique([advice_for(pub) for _, pub in known])
        severity = severity_for("CK101", site.section)
        if not (lab or placeholders):
            severity = max(severity, Severity.WARNING, key=lambda s: s.rank)
        if site.section == "Mappings" and len(site.path) > 2:
            self._hit("CK101", site, ids, "literal account id", " ".join(fixes))
            return
        self.out.add(
            "CK101",
            severity,
            site.resource,
            site.path,
            "; ".join(parts),
            " ".join(fixes),
            site.line,
        )

    def _string(self, site: Site, value: str) -> None:
        text = strip_substitutions(value)
        ids = [a for a in p.account_ids(text) if a not in self._per_region_ids]
        if ids:
            self._account(site, ids, text)
        names = p.unique(p.LAB.findall(text))
        if names:
            self._hit(
                "CK102",
                site,
                names,
                "Learner-Lab-only name",
                " ".join(p.LAB_NAMES[n] for n in names),
            )
        amis = p.unique(p.AMI.findall(text))
        if amis:
            self._hit(
                "CK103",
                site,
                amis,
                "literal AMI id",
                "AMI ids differ per region and custom AMIs belong to the account: use a "
                "parameter of type AWS::SSM::Parameter::Value<AWS::EC2::Image::Id> with a public "
                "alias such as /aws/service/ami-amazon-linux-latest/"
                "al2023-ami-kernel-default-x86_64 (share or copy a custom AMI first).",
            )
        self._zones_and_regions(site, text)
        self._secrets(site, value)
        self._external(site, value)
        self._literal_names(site, text)

    def _secrets(self, site: Site, value: str) -> None:
        in_scripts = _holds_scripts_or_values(site)
        hits = find_secrets(value, assignments=in_scripts)
        by_name = secret_by_name(_last_key(site.path), value) if in_scripts else None
        if by_name is not None and not hits:
            hits = [by_name]
        if not hits:
            return
        kinds = ", ".join(hit.kind for hit in hits)
        self.out.add(
            "CK108",
            Severity.BLOCKING,
            site.resource,
            site.path,
            f"{kinds} written in plain text (value not shown)",
            "Remove it from the template and treat it as exposed: deactivate or rotate it now. "
            "Pass secrets at deploy time with a NoEcho parameter or {{resolve:secretsmanager:…}}"
            "; Learner Lab credentials from 'AWS Details' expire and never belong in a template.",
            site.line,
        )

    def _zones_and_regions(self, site: Site, text: str) -> None:
        zones = p.unique([m.group(0) for m in p.AZ.finditer(text)])
        if zones:
            self._hit(
                "CK104",
                site,
                zones,
                "hard-coded availability zone",
                "Zone names map to different zones in each account and exist in one region "
                "only: use !Select [0, !GetAZs ''] (1, 2, … for more subnets) or a parameter of "
                "type AWS::EC2::AvailabilityZone::Name.",
            )
        # The region in an S3 object URL's host is part of the address, not a choice.
        regions = p.unique(p.REGION.findall(p.S3_HOST.sub("s3.amazonaws.com", text)))
        if (
            site.section == "Mappings"
            and len(site.path) > 2
            and _region_keyed(self.out.template, site.path[1])
        ):
            regions = [r for r in regions if r != site.path[2]]  # a value for its own region
        if regions:
            self._hit(
                "CK105",
                site,
                regions,
                "hard-coded region",
                "Use ${AWS::Region} inside !Sub or !Ref AWS::Region.",
            )

    def _external(self, site: Site, value: str) -> None:
        for kind, name in p.DYNAMIC_REF.findall(value):
            if (kind == "ssm" and name.startswith("/aws/service/")) or "${" in name:
                continue  # public parameter, or one named by the template itself
            self._hit(
                "CK107",
                site,
                [f"{kind}:{shorten(name, 50)}"],
                "dynamic reference to an entry outside the template:",
                "Record the value now; create the parameter/secret in the destination account "
                "first or define it in the template.",
            )
        stripped = strip_substitutions(value)
        for match in p.ARN.finditer(stripped):
            service, rest = match.group("service"), match.group("rest")
            if "${}" in rest or "*" in rest:
                continue  # built from template values, or a policy wildcard
            lab = _is_lab_account(match.group("account"))
            arn = shorten(match.group(0), 70)
            if service == "secretsmanager" or (service == "ssm" and rest.startswith("parameter")):
                self._hit(
                    "CK107",
                    site,
                    [arn],
                    "refers to an existing entry",
                    "Record the value now, create it in the destination account (or in the "
                    "template) and pass its ARN as a parameter or with !Ref.",
                )
                if lab:
                    self._data(site, "DATA-SECRET", B, f"the value of {arn}", _SECRET_DATA)
            elif lab and service == "lambda" and rest.startswith("layer:"):
                self._hit(
                    "CK107",
                    site,
                    [arn],
                    "uses a Lambda layer of the lab account:",
                    "Download the layer now, publish it in the destination account (or define "
                    "an AWS::Lambda::LayerVersion in the template) and pass its ARN as a "
                    "parameter.",
                )
                self._data(
                    site,
                    "DATA-LAMBDA",
                    B,
                    f"the content of Lambda layer {arn}",
                    f"aws lambda get-layer-version-by-arn --arn {match.group(0)} (then fetch "
                    "Content.Location) and keep the zip.",
                )
            elif lab and self._lab_arn(service, rest):
                self._hit(
                    "CK107",
                    site,
                    [arn],
                    f"uses a {service} resource of the lab account that the template does not "
                    "create:",
                    "Recreate it in the destination account (or define it in the template) and "
                    "pass its ARN as a parameter.",
                )
                self._data(
                    site,
                    "DATA-EXTERNAL",
                    W,
                    f"the {service} resource {arn}",
                    "Record its configuration and copy its data out before the account closes "
                    "(it is not in the template).",
                )
        for match in p.ECR_IMAGE.finditer(stripped):
            if not _is_lab_account(match.group("account")):
                continue
            image = shorten(match.group(0), 90)
            self._hit(
                "CK107",
                site,
                [image],
                "uses a container image in the lab account's ECR registry:",
                "Pull the image now, push it to a registry of the destination account and pass "
                "its URI as a parameter.",
            )
            self._data(
                site,
                "DATA-ECR",
                B,
                f"the container image {image}",
                f"docker pull {match.group(0)}, then push it to a registry of the new account.",
            )

    def _lab_arn(self, service: str, rest: str) -> bool:
        """An ARN into the lab account that names something the template does not hold."""
        if service in ("sts", "") or rest == "root":
            return False  # the account itself as a principal: CK101 says it all
        if service == "iam" and p.LAB.search(rest):
            return False  # LabRole & co.: CK102 says it all
        return not self._names.findall(rest)  # a resource of this template: CK109

    def _data(self, site: Site, rule: str, severity: Severity, what: str, fix: str) -> None:
        self.out.add(
            rule, severity, site.resource, site.path, f"not in the template: {what}", fix, site.line
        )

    def _import_value(self, site: Site) -> None:
        path = site.path[: site.path.index("Fn::ImportValue")]
        self.out.add(
            "CK107",
            severity_for("CK107", site.section),
            site.resource,
            path,
            "Fn::ImportValue needs an export from another stack in the same account",
            "Deploy the exporting stack in the destination account first, or replace the "
            "import with a parameter.",
        )

    def _inline_transform(self, site: Site) -> None:
        rest = site.path[site.path.index("Fn::Transform") + 1 :]
        if rest == ("Name",) and site.value not in AWS_TRANSFORMS:
            self._hit(
                "CK107",
                site,
                [shorten(site.value)],
                "macro defined in the lab account:",
                "Deploy the macro's stack in the destination account first.",
            )
        elif rest == ("Parameters", "Location") and isinstance(site.value, str):
            self._hit(
                "CK107",
                site,
                [shorten(site.value)],
                "AWS::Include snippet read from",
                "Copy the snippet into the template or a bucket of the new account.",
            )

    def _literal_names(self, site: Site, text: str) -> None:
        if not self.literal_names or site.section not in ("Resources", "Outputs"):
            return
        if _REFERENCE_PARTS.intersection(part for part in site.path if isinstance(part, str)):
            return
        if self.out.has("CK107", site.resource, site.path):
            return
        hits: list[tuple[str, str]] = []
        for name in self._names.findall(text):
            owner, name_path = self.literal_names[name]
            if site.path[: len(name_path)] != name_path:
                hits.append((name, owner))
        if not hits:
            return
        owners = p.unique([owner for _, owner in hits])
        refs = ", ".join(f"!Ref {owner}" for owner in owners)
        self._hit(
            "CK109",
            site,
            [f"{owner} as '{name}'" for name, owner in hits],
            "refers by literal name to",
            f"Use {refs} (or !GetAtt <resource>.Arn / !Sub '${{<resource>}}') so the "
            "reference follows the resource when its name changes.",
        )
