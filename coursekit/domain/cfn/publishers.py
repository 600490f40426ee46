"""Account ids that are not the student's: AWS's documentation placeholders and
well-known public publishers (AWS-owned accounts, public Lambda layers, public
AMI owners, AWS-owned container registries).

Data, not code: each entry says who owns the id and where that is documented.
Checked against the sources on 2026-11-30. An id found here is reported as a
*warning* with the advice that fits it (keep it, or vendor the layer), never
with the ``${AWS::AccountId}`` fix, which would point at an account that does
not hold the layer, image or AMI.
"""

from __future__ import annotations

from typing import NamedTuple

#: Source and date of the table (README lists them with the rule table).
SOURCE = (
    "AWS documentation pages named per entry (Lambda Powertools, Lambda Insights, ADOT, "
    "Parameters and Secrets extension, ECR DLC/EKS registries, AMI owner ids) and the "
    "publishers' own install pages"
)
CHECKED_ON = "2026-11-30"

#: Account ids printed in AWS documentation and samples. A template that still
#: carries one was copied from an example and fails on deploy; it is reported
#: (worded as a placeholder), never skipped.
PLACEHOLDERS = frozenset(
    {
        "000000000000",
        "012345678901",
        "111111111111",
        "111122223333",
        "123456789012",
        "210987654321",
        "222222222222",
        "333333333333",
        "444455556666",
        "555555555555",
        "777788889999",
        "999999999999",
    }
)


class Publisher(NamedTuple):
    name: str
    kind: str  # "layer", "ami", "registry", "service"
    source: str


_KEEP_LAYER = (
    "This is a public layer published by {name}: keep the ARN as it is (${{AWS::AccountId}} "
    "would point at an account without the layer), check that the version exists in the "
    "destination region, or vendor the layer into your own LayerVersion."
)
_KEEP_AMI = (
    "{name} publishes public AMIs from this account: keep the owner id, or better look the "
    "image up through a public SSM parameter so it never goes stale."
)
_KEEP_REGISTRY = (
    "This is {name}'s public registry: keep it, and check the image exists in the "
    "destination region."
)
_KEEP_SERVICE = "This account belongs to AWS ({name}): keep it as it is for this region."

ADVICE = {
    "layer": _KEEP_LAYER,
    "ami": _KEEP_AMI,
    "registry": _KEEP_REGISTRY,
    "service": _KEEP_SERVICE,
}

KNOWN: dict[str, Publisher] = {
    # Public Lambda layers and extensions.
    "017000801446": Publisher(
        "AWS Lambda Powertools for Python", "layer", "docs.powertools.aws.dev/lambda/python"
    ),
    "094274105915": Publisher(
        "AWS Lambda Powertools for TypeScript", "layer", "docs.powertools.aws.dev/lambda/typescript"
    ),
    "580247275435": Publisher(
        "CloudWatch Lambda Insights",
        "layer",
        "docs.aws.amazon.com Lambda-Insights-extension-versions",
    ),
    "590474943231": Publisher(
        "AWS Parameters and Secrets Lambda Extension (us-east-2)",
        "layer",
        "docs.aws.amazon.com/secretsmanager retrieving-secrets_lambda",
    ),
    "177933569100": Publisher(
        "AWS Parameters and Secrets Lambda Extension (us-east-1)",
        "layer",
        "docs.aws.amazon.com/secretsmanager retrieving-secrets_lambda",
    ),
    "901920570463": Publisher(
        "AWS Distro for OpenTelemetry", "layer", "aws-otel.github.io/docs/getting-started/lambda"
    ),
    "770693421928": Publisher(
        "Klayers (public Python layers)", "layer", "github.com/keithrozario/Klayers"
    ),
    "464622532012": Publisher("Datadog", "layer", "docs.datadoghq.com/serverless/aws_lambda"),
    "451483290750": Publisher("New Relic", "layer", "docs.newrelic.com lambda layers"),
    # Public AMI owners (Owners / owner-id filters).
    "137112412989": Publisher("Amazon (Amazon Linux)", "ami", "docs.aws.amazon.com finding-an-ami"),
    "801119661308": Publisher("Amazon (Windows)", "ami", "docs.aws.amazon.com finding-an-ami"),
    "099720109477": Publisher("Canonical (Ubuntu)", "ami", "ubuntu.com/server/docs/cloud-images"),
    "309956199498": Publisher("Red Hat", "ami", "access.redhat.com public cloud images"),
    "136693071363": Publisher("Debian", "ami", "wiki.debian.org/Cloud/AmazonEC2Image"),
    "679593333241": Publisher("AWS Marketplace", "ami", "docs.aws.amazon.com marketplace AMIs"),
    # AWS-owned container registries.
    "763104351884": Publisher(
        "AWS Deep Learning Containers", "registry", "github.com/aws/deep-learning-containers"
    ),
    "602401143452": Publisher("Amazon EKS", "registry", "docs.aws.amazon.com/eks add-on images"),
    # AWS service accounts (bucket policies for log delivery).
    "127311923021": Publisher(
        "Elastic Load Balancing log delivery, us-east-1",
        "service",
        "docs.aws.amazon.com elb access logs",
    ),
    "797873946194": Publisher(
        "Elastic Load Balancing log delivery, us-west-2",
        "service",
        "docs.aws.amazon.com elb access logs",
    ),
}


def publisher_of(account: str) -> Publisher | None:
    return KNOWN.get(account)


def advice_for(publisher: Publisher) -> str:
    return ADVICE[publisher.kind].format(name=publisher.name)
