"""Golden test: every problem in the Learner Lab export, with resource and path.

The sample (tests/data/cfn/learner-lab/cafe-export-from-learner-lab.yaml) was
read line by line; each problem it contains is listed below. The analysis must
report all of them and nothing else of the portability kind.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from coursekit.domain.cfn import Category, Severity, TemplateAnalysis, analyze_template

SAMPLE = (
    Path(__file__).resolve().parents[2] / "data/cfn/learner-lab/cafe-export-from-learner-lab.yaml"
)
B, W, INFO = Severity.BLOCKING, Severity.WARNING, Severity.INFO
P = "Properties"

# (rule, resource, path under Resources.<resource>, severity, line)
PROBLEMS = [
    # three subnets pinned to zones
    ("CK104", "PublicSubnet1", f"{P}.AvailabilityZone", W, 20),
    ("CK104", "PrivateSubnet1", f"{P}.AvailabilityZone", W, 27),
    ("CK104", "PrivateSubnet2", f"{P}.AvailabilityZone", W, 33),
    # the web server: lab AMI, lab key pair, lab instance profile, lab bucket in user data
    ("CK103", "CafeInstance", f"{P}.ImageId", B, 47),
    ("CK102", "CafeInstance", f"{P}.KeyName", B, 49),
    ("CK102", "CafeInstance", f"{P}.IamInstanceProfile", B, 50),
    ("CK101", "CafeInstance", f"{P}.UserData.Fn::Base64", B, 54),
    ("CK109", "CafeInstance", f"{P}.UserData.Fn::Base64", W, 54),
    # the bucket: global name with the lab account id in it
    ("CK101", "CafeMediaBucket", f"{P}.BucketName", B, 61),
    ("CK106", "CafeMediaBucket", f"{P}.BucketName", B, 61),
    # the database and table names
    ("CK106", "CafeDatabase", f"{P}.DBInstanceIdentifier", W, 70),
    ("CK106", "OrdersTable", f"{P}.TableName", W, 81),
    # the function: explicit name, LabRole ARN, code in the lab bucket,
    # table by literal name, secret ARN of the lab account and region
    ("CK106", "OrderProcessor", f"{P}.FunctionName", W, 92),
    ("CK101", "OrderProcessor", f"{P}.Role", B, 95),
    ("CK102", "OrderProcessor", f"{P}.Role", B, 95),
    ("CK101", "OrderProcessor", f"{P}.Code.S3Bucket", B, 97),
    ("CK107", "OrderProcessor", f"{P}.Code.S3Bucket", B, 97),
    ("CK109", "OrderProcessor", f"{P}.Environment.Variables.TABLE", W, 101),
    ("CK101", "OrderProcessor", f"{P}.Environment.Variables.SECRET_ARN", B, 102),
    ("CK105", "OrderProcessor", f"{P}.Environment.Variables.SECRET_ARN", W, 102),
    ("CK107", "OrderProcessor", f"{P}.Environment.Variables.SECRET_ARN", B, 102),
    # issue 12 item 5: the database, bucket and table have no DeletionPolicy /
    # UpdateReplacePolicy, so deleting or replacing the stack destroys their data
    ("CK111", "CafeDatabase", "", W, 67),
    ("CK111", "CafeMediaBucket", "", W, 58),
    ("CK111", "OrdersTable", "", W, 78),
]

# Stateful resources whose data must be copied out (plus the key pair in use).
DATA_ITEMS = [
    ("DATA-EC2", "CafeInstance", B),
    ("DATA-KEYPAIR", "CafeInstance", W),
    ("DATA-S3", "CafeMediaBucket", B),
    ("DATA-RDS", "CafeDatabase", B),
    ("DATA-DYNAMODB", "OrdersTable", B),
    ("DATA-LAMBDA", "OrderProcessor", B),
    # issue 12 item 2: the secret ARN points into the lab account, so its value must be
    # recorded before the account closes (the item sits at the ARN's path).
    ("DATA-SECRET", "OrderProcessor", B),
]
DATA_PATHS = {"DATA-SECRET": f"{P}.Environment.Variables.SECRET_ARN"}


@pytest.fixture(scope="module")
def analysis() -> TemplateAnalysis:
    return analyze_template(SAMPLE.read_bytes(), SAMPLE.name)


def test_parses_with_all_resources(analysis: TemplateAnalysis) -> None:
    assert analysis.parse_error is None
    assert len(analysis.resources) == 13
    assert ("CafeDatabase", "AWS::RDS::DBInstance") in {
        (r.logical_id, r.type) for r in analysis.resources
    }


def test_every_problem_is_found_with_resource_path_severity_and_line(
    analysis: TemplateAnalysis,
) -> None:
    found = {
        (f.rule_id, f.resource, f.path): (f.severity, f.line)
        for f in analysis.findings
        if f.category is Category.PORTABILITY
    }
    expected = {
        (rule, resource, f"Resources.{resource}" + (f".{path}" if path else "")): (
            severity,
            line,
        )
        for rule, resource, path, severity, line in PROBLEMS
    }
    assert found == expected


def test_data_items_for_stateful_resources(analysis: TemplateAnalysis) -> None:
    data = {
        (f.rule_id, f.resource): f.severity
        for f in analysis.findings
        if f.category is Category.DATA
    }
    assert data == {(rule, resource): severity for rule, resource, severity in DATA_ITEMS}
    for f in analysis.findings:
        if f.category is Category.DATA:
            where = DATA_PATHS.get(f.rule_id)
            assert f.path == f"Resources.{f.resource}" + (f".{where}" if where else "")


def test_rds_item_carries_the_default_kms_key_note(analysis: TemplateAnalysis) -> None:
    (rds,) = [f for f in analysis.findings if f.rule_id == "DATA-RDS"]
    assert "aws/rds" in rds.fix
    assert "customer-managed KMS key" in rds.fix


def test_s3_item_names_the_bucket(analysis: TemplateAnalysis) -> None:
    (s3,) = [f for f in analysis.findings if f.rule_id == "DATA-S3"]
    assert "s3://cafe-assets-lab-481516234200" in s3.fix


def test_general_steps(analysis: TemplateAnalysis) -> None:
    steps = [
        (f.rule_id, f.resource, f.severity)
        for f in analysis.findings
        if f.category is Category.STEP
    ]
    assert steps == [
        ("STEP-DEPLOY", None, INFO),
        ("STEP-LINT", None, INFO),
        ("STEP-RECORD", None, INFO),
    ]
    (record,) = [f for f in analysis.findings if f.rule_id == "STEP-RECORD"]
    assert "DBPassword" in record.message


def test_not_ready(analysis: TemplateAnalysis) -> None:
    assert not analysis.ok
    assert analysis.count(Severity.BLOCKING) == 18  # 17 + DATA-SECRET (issue 12)
