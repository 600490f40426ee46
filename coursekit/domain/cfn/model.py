"""Records produced by template analysis, and the catalogue of rule ids.

Rule ids are stable: checklist items are stored by ``(rule_id, resource, path)``
and re-attaching a changed template keeps the status of items whose key still
appears. Never renumber; retire an id instead.

=============  =======================  ===========================================
rule id        name                     what it finds
=============  =======================  ===========================================
CK100          template-structure       no ``Resources``, a resource without ``Type``
CK101          literal-account-id       every 12-digit account id in an ARN or
                                        string (placeholders worded as such;
                                        public publishers are warnings)
CK102          lab-only-name            ``LabRole``, ``LabInstanceProfile``,
                                        ``vockey``, ``LabEksClusterRole``,
                                        ``EMR_DefaultRole``, ``EMR_EC2_DefaultRole``,
                                        ``voclabs``
CK103          literal-ami              ``ami-…`` ids (resources, mappings, defaults)
CK104          hardcoded-az             ``us-east-1a`` or zone ids like ``use1-az1``
CK105          hardcoded-region         ``us-east-1`` outside pseudo parameters
CK106          explicit-physical-name   ``BucketName``, ``RoleName``, ``TableName`` …
CK107          external-dependency      ``Fn::ImportValue``, SSM/Secrets Manager by
                                        name or ARN, ``{{resolve:…}}``, Lambda code
                                        in S3, nested-stack URLs, snapshots, macros
CK108          plaintext-secret         literal passwords, secret parameters with a
                                        default or without ``NoEcho``
CK109          literal-name-reference   a resource referred to by its literal name
                                        instead of ``!Ref``/``!GetAtt``
CK110          unavailable-in-new-      types/properties new accounts refuse
               accounts                 (``retired.py``)
CK111          no-deletion-policy       stateful resource without DeletionPolicy /
                                        UpdateReplacePolicy
CK112          unknown-tag              a YAML tag CloudFormation does not define
CK113          local-artifact           a local path ``package`` must upload
LAB-*          learner-lab profile      ``--target learner-lab`` limits
                                        (``learner_lab.py``)
DATA-*         data items               data that never travels with a template
                                        (S3, DYNAMODB, RDS, EC2, EBS, EFS, LAMBDA,
                                        ECR, SECRET, KMS, COGNITO, LOGS, APIGW, SFN,
                                        EIP, KEYPAIR, EXTERNAL)
STEP-*         general steps            RECORD (parameters and outputs), LINT (for
                                        the destination region), DEPLOY (test once
                                        before the accounts close)
cfn-lint:XNNN  cfn-lint matches         merged from the optional cfn-lint bridge
=============  =======================  ===========================================
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Severity(enum.StrEnum):
    """How urgent a finding is; ``blocking`` sorts first."""

    BLOCKING = "blocking"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return _RANK[self]


_RANK = {Severity.BLOCKING: 0, Severity.WARNING: 1, Severity.INFO: 2}


class Category(enum.StrEnum):
    """What kind of action a finding asks for (derived from the rule id)."""

    PORTABILITY = "portability"  # fix the template
    DATA = "data"  # copy data out before the account closes
    STEP = "step"  # general migration step
    LINT = "lint"  # reported by cfn-lint


@dataclass(frozen=True, slots=True)
class RuleInfo:
    rule_id: str
    name: str
    summary: str


RULES: dict[str, RuleInfo] = {
    r.rule_id: r
    for r in (
        RuleInfo("CK100", "template-structure", "the template is not a deployable shape"),
        RuleInfo("CK101", "literal-account-id", "literal AWS account id"),
        RuleInfo("CK102", "lab-only-name", "name that exists only in Learner Lab accounts"),
        RuleInfo("CK103", "literal-ami", "literal AMI id"),
        RuleInfo("CK104", "hardcoded-az", "hard-coded availability zone"),
        RuleInfo("CK105", "hardcoded-region", "hard-coded region"),
        RuleInfo("CK106", "explicit-physical-name", "explicit physical resource name"),
        RuleInfo("CK107", "external-dependency", "depends on something outside the template"),
        RuleInfo("CK108", "plaintext-secret", "secret in plain text"),
        RuleInfo("CK109", "literal-name-reference", "resource referred to by literal name"),
        RuleInfo("CK110", "unavailable-in-new-accounts", "new AWS accounts cannot create this"),
        RuleInfo("CK111", "no-deletion-policy", "stateful resource without a deletion policy"),
        RuleInfo("CK112", "unknown-tag", "YAML tag CloudFormation does not define"),
        RuleInfo("CK113", "local-artifact", "local file to package or upload"),
        RuleInfo("LAB-REGION", "learner-lab-region", "region Learner Lab does not offer"),
        RuleInfo(
            "LAB-INSTANCE", "learner-lab-instance-type", "instance type above the lab's sizes"
        ),
        RuleInfo("LAB-COUNT", "learner-lab-instance-count", "more instances than the lab runs"),
        RuleInfo("LAB-SPOT", "learner-lab-spot", "Spot capacity (on-demand only)"),
        RuleInfo("LAB-VOLUME", "learner-lab-volume-size", "EBS volume above the lab's limit"),
        RuleInfo("LAB-RDS", "learner-lab-rds", "database class or storage above the lab's limit"),
        RuleInfo("LAB-LAMBDA", "learner-lab-lambda-concurrency", "Lambda concurrency limit"),
        RuleInfo("LAB-IAM", "learner-lab-iam", "IAM role/user/group creation (use LabRole)"),
        RuleInfo("LAB-KEYPAIR", "learner-lab-key-pair", "key pair missing in a fresh lab"),
        RuleInfo("DATA-S3", "s3-objects", "copy the bucket's objects"),
        RuleInfo("DATA-DYNAMODB", "dynamodb-items", "export the table's items"),
        RuleInfo("DATA-RDS", "rds-data", "snapshot or dump the database"),
        RuleInfo("DATA-EC2", "ec2-disks", "image the instance or copy its data"),
        RuleInfo("DATA-EBS", "ebs-volume", "snapshot the volume or copy its data"),
        RuleInfo("DATA-EFS", "efs-files", "copy the file system's files"),
        RuleInfo("DATA-LAMBDA", "lambda-code", "download the deployment package"),
        RuleInfo("DATA-ECR", "ecr-images", "pull the images"),
        RuleInfo("DATA-SECRET", "secret-values", "record the secret values"),
        RuleInfo("DATA-KMS", "kms-key", "re-encrypt data under a new key"),
        RuleInfo("DATA-COGNITO", "cognito-users", "export the users"),
        RuleInfo("DATA-LOGS", "log-events", "export logs that matter"),
        RuleInfo("DATA-APIGW", "api-definition", "export the API as OpenAPI"),
        RuleInfo("DATA-SFN", "state-machine", "save the state machine definition"),
        RuleInfo("DATA-EXTERNAL", "lab-account-resource", "copy what the template only refers to"),
        RuleInfo("DATA-EIP", "elastic-ip", "addresses are not portable"),
        RuleInfo("DATA-KEYPAIR", "key-pair", "make a new key pair"),
        RuleInfo("STEP-RECORD", "record-parameters-outputs", "record parameters and outputs"),
        RuleInfo("STEP-LINT", "lint-destination-region", "lint for the destination region"),
        RuleInfo("STEP-DEPLOY", "test-deploy", "deploy once before the accounts close"),
    )
}


def rule_name(rule_id: str) -> str:
    """The short kebab-case name of a rule id (``cfn-lint:W3010`` -> ``W3010``)."""
    info = RULES.get(rule_id)
    if info is not None:
        return info.name
    return rule_id.removeprefix("cfn-lint:")


def category_of(rule_id: str) -> Category:
    if rule_id.startswith("DATA-"):
        return Category.DATA
    if rule_id.startswith("STEP-"):
        return Category.STEP
    if rule_id.startswith("cfn-lint:"):
        return Category.LINT
    return Category.PORTABILITY


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem or to-do item.

    ``resource`` is a logical id, a section name (``Parameters``, ``Mappings``,
    ``Outputs``, ``Transform`` …) or None for template-wide steps; ``path`` is a
    dotted JSON path such as ``Resources.Web.Properties.SecurityGroupIds[0]``.
    """

    rule_id: str
    severity: Severity
    resource: str | None
    path: str
    message: str
    fix: str
    line: int | None = None

    @property
    def category(self) -> Category:
        return category_of(self.rule_id)

    @property
    def rule_name(self) -> str:
        return rule_name(self.rule_id)

    @property
    def key(self) -> tuple[str, str, str]:
        """Identity across re-analysis of a changed template."""
        return (self.rule_id, self.resource or "", self.path)

    @property
    def blocks_template(self) -> bool:
        """Blocking and fixable in the template (data items and steps are not)."""
        return self.severity is Severity.BLOCKING and self.category in (
            Category.PORTABILITY,
            Category.LINT,
        )


def sort_key(finding: Finding) -> tuple[int, str, str, str, str]:
    return (
        finding.severity.rank,
        finding.resource or "",
        finding.path,
        finding.rule_id,
        finding.message,
    )


@dataclass(frozen=True, slots=True)
class ResourceRef:
    logical_id: str
    type: str


@dataclass(frozen=True, slots=True)
class TemplateAnalysis:
    """Everything known about one template; ``parse_error`` is ``str(TemplateError)``."""

    filename: str
    resources: tuple[ResourceRef, ...]
    findings: tuple[Finding, ...]
    parse_error: str | None = None

    @property
    def ok(self) -> bool:
        """Parsed and nothing blocking that the template itself could fix."""
        return self.parse_error is None and not any(f.blocks_template for f in self.findings)

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity is severity)
