"""Regular expressions and name lists shared by the string rules."""

from __future__ import annotations

import re

_NEW_ROLE = "Define an AWS::IAM::Role in the template with just the permissions it needs"
_EMR = (
    "Create the EMR roles in the destination account (aws emr create-default-roles) or "
    "define them in the template."
)

#: Names that exist only in Learner Lab accounts -> how to replace them.
LAB_NAMES: dict[str, str] = {
    "LabRole": f"{_NEW_ROLE} and use !GetAtt <Role>.Arn (or take the role ARN as a parameter).",
    "LabInstanceProfile": f"{_NEW_ROLE}, add an AWS::IAM::InstanceProfile for it and use "
    "!Ref <InstanceProfile>.",
    "vockey": "Use a parameter of type AWS::EC2::KeyPair::KeyName (or drop KeyName and connect "
    "with Session Manager); create a new key pair in the destination account, labsuser.pem "
    "only works in the lab.",
    "LabEksClusterRole": f"{_NEW_ROLE} (AmazonEKSClusterPolicy) and use !GetAtt <Role>.Arn.",
    "EMR_DefaultRole": _EMR,
    "EMR_EC2_DefaultRole": _EMR,
    "voclabs": "voclabs is the Learner Lab's own federated role: name a principal of the "
    "destination account instead.",
}

WORD = r"(?<![\w-])({})(?![\w-])"
LAB = re.compile(WORD.format("|".join(LAB_NAMES)))
ACCOUNT = re.compile(r"(?<!\w)(?<!\d\.)\d{12}(?!\w)(?!\.\d)")
UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
AMI = re.compile(r"(?<![\w-])ami-[0-9a-f]{8,17}(?![\w-])")
_REGION_BODY = (
    r"(?:us|eu|ap|sa|ca|me|af|il|mx|cn)(?:-gov|-iso[a-z]?)?-"
    r"(?:east|west|north|south|central|northeast|northwest|southeast|southwest)-\d{1,2}"
)
REGION = re.compile(rf"(?<![A-Za-z0-9])({_REGION_BODY})(?![A-Za-z0-9])")
REGION_NAME = re.compile(_REGION_BODY)
#: The regional host of an S3 URL (a public object's URL is right in any region).
S3_HOST = re.compile(
    rf"(?<![\w-])s3(?:-website)?[.-](?:dualstack\.)?{_REGION_BODY}\.amazonaws\.com(?:\.cn)?"
)
AZ = re.compile(
    rf"(?<![A-Za-z0-9])(?:{_REGION_BODY})[a-z](?![A-Za-z0-9])"
    r"|(?<![A-Za-z0-9-])[a-z]{2,5}\d-az\d{1,2}(?![A-Za-z0-9])"
)
ARN = re.compile(
    r"arn:[\w-]*:(?P<service>[\w-]*):(?P<region>[^:\s]*):(?P<account>[^:\s]*):"
    r"(?P<rest>[^\s\"',]*)"
)
#: An image in a private ECR registry: ``<account>.dkr.ecr.<region>.amazonaws.com/repo:tag``.
ECR_IMAGE = re.compile(
    r"(?<![\w-])(?P<account>\d{12})\.dkr\.ecr(?:-fips)?\.[a-z0-9-]+\.amazonaws\.com(?:\.cn)?"
    r"/(?P<repo>[\w./-]+(?::[\w.-]+|@sha256:[0-9a-f]+)?)"
)
#: ``{{resolve:kind:name}}``; ``name`` may hold ``${...}``. The three branches
#: of the name cannot match the same text and are possessive, so a failed
#: attempt stops at the next brace: linear time (issue 16 item 7).
DYNAMIC_REF = re.compile(
    r"\{\{resolve:(ssm|ssm-secure|secretsmanager):"
    r"((?:\$\{[^{}]*+\}|[^{}$]++|\$(?!\{))*+)\}\}"
)
ACCOUNTISH_KEY = re.compile(r"account|owner", re.IGNORECASE)


_TWELVE_DIGITS = re.compile(r"\d{12}")


def account_ids(text: str) -> list[str]:
    """12-digit account ids in a string (placeholders too), in order of appearance.

    UUIDs are removed first (their last group can be 12 digits); decimals and
    longer digit runs do not match.
    """
    if _TWELVE_DIGITS.search(text) is None:  # in C: most strings have no id at all
        return []
    found = ACCOUNT.findall(UUID.sub("uuid", text))
    return list(dict.fromkeys(found))


def unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))
