"""Data that never travels with a template, per resource, plus the general steps.

Stateful data whose loss is permanent (objects, rows, disks, code, secrets) is
``blocking``; the rest is ``warning``; the general steps are ``info``. These
are to-do items: a perfectly portable template still has them.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from .context import Collector
from .model import Severity
from .walk import ResourceSite, constant_text, iter_resources

B, W = Severity.BLOCKING, Severity.WARNING


class DataRule(NamedTuple):
    rule_id: str
    severity: Severity
    what: str  # what is lost; "{id}" is the logical id
    action: str  # "{name}" is the physical name when the template sets one


_SNAPSHOT = (
    "Take a manual {kind} and share it with the new account, or dump the data "
    "(mysqldump / pg_dump)."
)
_LAMBDA = DataRule(
    "DATA-LAMBDA",
    B,
    "the code of Lambda function {id}",
    "Download the deployment package: aws lambda get-function --function-name {name} "
    "(then fetch Code.Location).",
)

DATA_RULES: dict[str, DataRule] = {
    "AWS::S3::Bucket": DataRule(
        "DATA-S3",
        B,
        "the objects in S3 bucket {id}",
        "Copy the objects out: aws s3 sync s3://{name} ./backup",
    ),
    "AWS::DynamoDB::Table": DataRule(
        "DATA-DYNAMODB",
        B,
        "the items in DynamoDB table {id}",
        "Export the items: aws dynamodb export-table-to-point-in-time (needs PITR) or "
        "aws dynamodb scan --table-name {name} > items.json",
    ),
    "AWS::RDS::DBInstance": DataRule(
        "DATA-RDS",
        B,
        "the data in RDS database {id}",
        _SNAPSHOT.format(kind="snapshot"),
    ),
    "AWS::RDS::DBCluster": DataRule(
        "DATA-RDS",
        B,
        "the data in RDS cluster {id}",
        _SNAPSHOT.format(kind="cluster snapshot"),
    ),
    "AWS::EC2::Instance": DataRule(
        "DATA-EC2",
        B,
        "the disks and hand-made setup of EC2 instance {id}",
        "Create an AMI (aws ec2 create-image) and share it, or copy the data off the disk; "
        "save user-data scripts and configuration done by hand.",
    ),
    "AWS::EC2::Volume": DataRule(
        "DATA-EBS",
        B,
        "the data on EBS volume {id}",
        "Snapshot the volume (aws ec2 create-snapshot) and share it, or copy the data off.",
    ),
    "AWS::EFS::FileSystem": DataRule(
        "DATA-EFS",
        B,
        "the files in EFS file system {id}",
        "Copy the files out (mount it and rsync, or AWS DataSync).",
    ),
    "AWS::Lambda::Function": _LAMBDA,
    "AWS::Serverless::Function": _LAMBDA,
    "AWS::Lambda::LayerVersion": DataRule(
        "DATA-LAMBDA",
        B,
        "the content of Lambda layer {id}",
        "Download the layer: aws lambda get-layer-version (then fetch Content.Location).",
    ),
    "AWS::ECR::Repository": DataRule(
        "DATA-ECR",
        B,
        "the images in ECR repository {id}",
        "Pull the images (docker pull) and push them to a registry of the new account.",
    ),
    "AWS::SecretsManager::Secret": DataRule(
        "DATA-SECRET",
        B,
        "the value of secret {id}",
        "Record the value (aws secretsmanager get-secret-value); it is not in the template.",
    ),
    "AWS::KMS::Key": DataRule(
        "DATA-KMS",
        W,
        "the key material of KMS key {id}",
        "Key material cannot be exported: decrypt the data and re-encrypt it under a key of "
        "the new account.",
    ),
    "AWS::Cognito::UserPool": DataRule(
        "DATA-COGNITO",
        W,
        "the users of Cognito user pool {id}",
        "Export the users (aws cognito-idp list-users); password hashes cannot be exported, "
        "so users must reset their passwords.",
    ),
    "AWS::Logs::LogGroup": DataRule(
        "DATA-LOGS",
        W,
        "the log events in log group {id}",
        "Export the events that matter to S3 (aws logs create-export-task).",
    ),
    "AWS::ApiGateway::RestApi": DataRule(
        "DATA-APIGW",
        W,
        "the definition of API {id} if it was built in the console",
        "Export it as OpenAPI: aws apigateway get-export --export-type oas30.",
    ),
    "AWS::StepFunctions::StateMachine": DataRule(
        "DATA-SFN",
        W,
        "the definition of state machine {id} if it is not inline",
        "Save it: aws stepfunctions describe-state-machine.",
    ),
    "AWS::EC2::EIP": DataRule(
        "DATA-EIP",
        W,
        "the address of Elastic IP {id}",
        "Elastic IPs are not portable: update DNS records and allow-lists to the new address.",
    ),
    "AWS::EC2::KeyPair": DataRule(
        "DATA-KEYPAIR",
        W,
        "the private key of key pair {id}",
        "Save the private key (SSM parameter /ec2/keypair/<key-pair-id>) or make a new key "
        "pair in the destination account.",
    ),
}

_NAME_PROPS = {
    "AWS::S3::Bucket": "BucketName",
    "AWS::DynamoDB::Table": "TableName",
    "AWS::Lambda::Function": "FunctionName",
}


def _rds_note(props: dict[str, Any]) -> str:
    if str(props.get("StorageEncrypted", "")).lower() != "true":
        return " The storage is not encrypted, so the snapshot can be shared directly."
    if props.get("KmsKeyId") is None:
        return (
            " The storage is encrypted with the default aws/rds key: a snapshot under that "
            "key cannot be shared. Copy the snapshot with a customer-managed KMS key first "
            "(aws rds copy-db-snapshot --kms-key-id …), then share the copy and that key."
        )
    return " Share the customer-managed KMS key with the new account together with the snapshot."


def _applies(res: ResourceSite, props: dict[str, Any]) -> bool:
    if res.type == "AWS::RDS::DBInstance" and props.get("DBClusterIdentifier") is not None:
        return False  # a cluster member: the cluster carries the item
    code = props.get("Code")
    if res.type == "AWS::Lambda::Function" and isinstance(code, dict) and "ZipFile" in code:
        return False  # inline code travels with the template
    return not (res.type == "AWS::Serverless::Function" and "InlineCode" in props)


def _key_name(props: dict[str, Any]) -> Any:
    data = props.get("LaunchTemplateData")
    return props.get("KeyName") or (data.get("KeyName") if isinstance(data, dict) else None)


def add_data_items(out: Collector) -> None:
    for res in iter_resources(out.template.get("Resources")):
        if not isinstance(res.type, str):
            continue
        props = res.body.get("Properties") if isinstance(res.body, dict) else None
        props = props if isinstance(props, dict) else {}
        rule = DATA_RULES.get(res.type)
        if rule is not None and _applies(res, props):
            name = constant_text(props.get(_NAME_PROPS.get(res.type, "")))
            fix = rule.action.format(name=name or f"<{res.logical_id}'s physical name>")
            severity = rule.severity
            if rule.rule_id == "DATA-RDS":
                if props.get("SourceDBInstanceIdentifier") is not None:
                    severity, fix = Severity.INFO, "A read replica: back up its source instead."
                else:
                    fix += _rds_note(props)
            what = rule.what.format(id=res.logical_id)
            out.add(
                rule.rule_id,
                severity,
                res.logical_id,
                res.path,
                f"not in the template: {what}",
                fix,
                res.line,
            )
        if _key_name(props) is not None and res.type != "AWS::EC2::KeyPair":
            out.add(
                "DATA-KEYPAIR",
                W,
                res.logical_id,
                res.path,
                f"{res.logical_id} uses an EC2 key pair; key pairs belong to one account",
                "Create a new key pair in the destination account (labsuser.pem only works "
                "in the lab) and pass its name as a parameter.",
                res.line,
            )


def add_steps(out: Collector, regions_hint: str = "us-east-1") -> None:
    params = out.template.get("Parameters")
    names = ", ".join(str(p) for p in params) if isinstance(params, dict) and params else ""
    out.add(
        "STEP-RECORD",
        Severity.INFO,
        None,
        (),
        "Record the stack's parameter values and outputs" + (f" ({names})" if names else ""),
        "aws cloudformation describe-stacks --stack-name <stack> > stack.json; note NoEcho "
        "values (passwords) separately, they are not shown.",
    )
    out.add(
        "STEP-LINT",
        Severity.INFO,
        None,
        (),
        "Lint the template for the destination region",
        f"pip install cfn-lint; cfn-lint --regions {regions_hint} <template> "
        "(coursekit's cfn check runs it when asked to lint).",
    )
    out.add(
        "STEP-DEPLOY",
        Severity.INFO,
        None,
        (),
        "Deploy the template once into the destination account before the lab accounts close",
        "aws cloudformation deploy --template-file <template> --stack-name test "
        "--capabilities CAPABILITY_NAMED_IAM, check it works, then delete the test stack.",
    )
