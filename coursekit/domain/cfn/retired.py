"""Resource types and property values that new AWS accounts can no longer use.

Data, not code: each entry carries the replacement to suggest, the date the
restriction started and where AWS announced it. Checked on 2026-11-30.
A student moving work out usually lands in a *new* account, so a template
that deploys in the lab may be refused there.
"""

from __future__ import annotations

from typing import NamedTuple

CHECKED_ON = "2026-11-30"


class Retired(NamedTuple):
    what: str  # why the destination account refuses it
    replacement: str
    since: str  # ISO date the restriction began
    source: str


_CLOSED_2024 = "https://aws.amazon.com/blogs/devops/how-to-migrate-from-aws-cloud9-to-aws-ide-toolkits-or-aws-cloudshell/"

#: Exact resource types, or prefixes ending in ``::`` for a whole service.
RETIRED_TYPES: dict[str, Retired] = {
    "AWS::Cloud9::EnvironmentEC2": Retired(
        "AWS Cloud9 is closed to new customers",
        "an EC2 instance reached with VS Code Remote-SSH or Session Manager, or AWS CloudShell",
        "2024-07-25",
        _CLOSED_2024,
    ),
    "AWS::AutoScaling::LaunchConfiguration": Retired(
        "accounts created after 2024-10-01 cannot create launch configurations",
        "an AWS::EC2::LaunchTemplate, referenced from the Auto Scaling group's LaunchTemplate",
        "2024-10-01",
        "https://docs.aws.amazon.com/autoscaling/ec2/userguide/launch-configurations.html",
    ),
    "AWS::OpsWorks::": Retired(
        "AWS OpsWorks Stacks reached end of life",
        "EC2 with user data or AWS Systems Manager (State Manager, Run Command)",
        "2024-05-26",
        "https://docs.aws.amazon.com/opsworks/latest/userguide/stacks-eol-faqs.html",
    ),
    "AWS::DataPipeline::": Retired(
        "AWS Data Pipeline is closed to new customers",
        "AWS Step Functions, AWS Glue or Amazon MWAA",
        "2024-07-25",
        "https://docs.aws.amazon.com/datapipeline/latest/DeveloperGuide/migration.html",
    ),
    "AWS::QLDB::": Retired(
        "Amazon QLDB reached end of support",
        "Amazon Aurora PostgreSQL (with an audit table)",
        "2025-07-31",
        "https://docs.aws.amazon.com/qldb/latest/developerguide/what-is.html",
    ),
    "AWS::IoTAnalytics::": Retired(
        "AWS IoT Analytics is closed to new customers (end of support 2025-12-15)",
        "AWS IoT Core rules into Amazon Kinesis, S3 and Athena",
        "2024-07-25",
        "https://docs.aws.amazon.com/iotanalytics/latest/userguide/iotanalytics-end-of-support.html",
    ),
}

_DEPRECATED_RUNTIME = Retired(
    "Lambda blocks creating functions on this deprecated runtime",
    "a supported runtime (python3.12, nodejs20.x, java21, …) after testing the code on it",
    "per runtime",
    "https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html#runtimes-deprecated",
)
_RUNTIMES = frozenset(
    {
        "python2.7",
        "python3.6",
        "python3.7",
        "nodejs",
        "nodejs4.3",
        "nodejs4.3-edge",
        "nodejs6.10",
        "nodejs8.10",
        "nodejs10.x",
        "nodejs12.x",
        "dotnetcore1.0",
        "dotnetcore2.0",
        "dotnetcore2.1",
        "dotnetcore3.1",
        "ruby2.5",
    }
)

#: (type, property) -> (literal values refused, or None for any value) and why.
RETIRED_PROPERTIES: dict[tuple[str, str], tuple[frozenset[str] | None, Retired]] = {
    ("AWS::AutoScaling::AutoScalingGroup", "LaunchConfigurationName"): (
        None,
        RETIRED_TYPES["AWS::AutoScaling::LaunchConfiguration"],
    ),
    ("AWS::Lambda::Function", "Runtime"): (_RUNTIMES, _DEPRECATED_RUNTIME),
    ("AWS::Serverless::Function", "Runtime"): (_RUNTIMES, _DEPRECATED_RUNTIME),
}


def retired_type(rtype: str) -> Retired | None:
    """The entry for ``rtype`` (exact, or its service prefix)."""
    found = RETIRED_TYPES.get(rtype)
    if found is not None:
        return found
    service = rtype.rsplit("::", 1)[0] + "::"
    return RETIRED_TYPES.get(service)
