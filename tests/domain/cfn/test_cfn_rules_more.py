"""External dependencies, secrets, literal name references, structure, merging."""

from __future__ import annotations

import textwrap

import pytest

from coursekit.domain.cfn import (
    RULES,
    Category,
    Finding,
    Severity,
    TemplateAnalysis,
    analyze_template,
    rule_name,
    with_findings,
)


def _findings(body: str, rule: str | None = None) -> list[Finding]:
    analysis = analyze_template(textwrap.dedent(body), "t.yaml")
    assert analysis.parse_error is None, analysis.parse_error
    return [f for f in analysis.findings if rule is None or f.rule_id == rule]


def _paths(body: str, rule: str) -> list[str]:
    return sorted(f.path for f in _findings(body, rule))


# --- CK107 external dependencies ----------------------------------------------------


def test_import_value_is_reported_at_the_property() -> None:
    body = """
    Resources:
      S:
        Type: AWS::EC2::Subnet
        Properties:
          VpcId: !ImportValue network-VpcId
          CidrBlock: !ImportValue {"Fn::Sub": "${Net}-Cidr"}
    """
    assert _paths(body, "CK107") == [
        "Resources.S.Properties.CidrBlock",
        "Resources.S.Properties.VpcId",
    ]


@pytest.mark.parametrize(
    ("value", "external"),
    [
        ("'{{resolve:ssm:/cafe/db/host}}'", True),
        ("'{{resolve:ssm-secure:/cafe/db/password:1}}'", True),
        ("'{{resolve:secretsmanager:cafe/db:SecretString:password}}'", True),
        ("'{{resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64}}'",
         False),
        ("!Sub '{{resolve:secretsmanager:${DbSecret}::password}}'", False),
        ("arn:aws:secretsmanager:us-east-1:481516234200:secret:cafe/db-AbCdEf", True),
        ("arn:aws:ssm:us-east-1:481516234200:parameter/cafe/db", True),
        ("arn:aws:ssm:us-east-1:481516234200:parameter/cafe/*", False),  # a policy wildcard
    ],
)  # fmt: skip
def test_references_to_parameters_and_secrets(value: str, external: bool) -> None:
    body = f"""
    Resources:
      F:
        Type: AWS::Lambda::Function
        Properties:
          Environment: {{Variables: {{X: {value}}}}}
    """
    paths = _paths(body, "CK107")
    assert paths == (["Resources.F.Properties.Environment.Variables.X"] if external else [])


def test_artifacts_literal_are_blocking_parameterised_are_warnings() -> None:
    body = """
    Parameters:
      CodeBucket: {Type: String}
    Resources:
      A:
        Type: AWS::Lambda::Function
        Properties: {Code: {S3Bucket: lab-bucket, S3Key: a.zip}}
      B:
        Type: AWS::Lambda::Function
        Properties: {Code: {S3Bucket: !Ref CodeBucket, S3Key: b.zip}}
      C:
        Type: AWS::Lambda::Function
        Properties: {Code: {ZipFile: "def handler(e, c): pass"}}
      N:
        Type: AWS::CloudFormation::Stack
        Properties: {TemplateURL: "https://lab-bucket.s3.amazonaws.com/net.yaml"}
      S:
        Type: AWS::Serverless::Function
        Properties: {CodeUri: ./src}
    """
    found = {(f.resource, f.path, f.severity) for f in _findings(body, "CK107")}
    assert found == {
        ("A", "Resources.A.Properties.Code.S3Bucket", Severity.BLOCKING),
        ("B", "Resources.B.Properties.Code.S3Bucket", Severity.WARNING),
        ("N", "Resources.N.Properties.TemplateURL", Severity.BLOCKING),
    }


def test_snapshots_of_the_lab_account() -> None:
    body = """
    Resources:
      Db:
        Type: AWS::RDS::DBInstance
        Properties: {DBSnapshotIdentifier: cafe-final}
      V:
        Type: AWS::EC2::Volume
        Properties: {SnapshotId: snap-0123456789abcdef0, AvailabilityZone: !GetAZs ''}
    """
    assert _paths(body, "CK107") == [
        "Resources.Db.Properties.DBSnapshotIdentifier",
        "Resources.V.Properties.SnapshotId",
    ]


def test_transforms() -> None:
    body = """
    Transform: [AWS::Serverless-2016-10-31, MyMacro]
    Resources:
      Q:
        Type: AWS::SQS::Queue
        Properties:
          Fn::Transform: {Name: AWS::Include, Parameters: {Location: s3://lab/snippet.yaml}}
    """
    assert _paths(body, "CK107") == [
        "Resources.Q.Properties.Fn::Transform.Parameters.Location",
        "Transform[1]",
    ]


# --- CK108 plaintext secrets ------------------------------------------------------


def test_literal_passwords() -> None:
    body = """
    Resources:
      Db:
        Type: AWS::RDS::DBInstance
        Properties:
          MasterUserPassword: Passw0rd!
          ManageMasterUserPassword: true
      F:
        Type: AWS::Lambda::Function
        Properties:
          Environment: {Variables: {DB_PASSWORD: hunter22, SECRET_ARN: !Ref S, API_KEY: ""}}
      S:
        Type: AWS::SecretsManager::Secret
        Properties:
          SecretString: '{"password": "x"}'
      G:
        Type: AWS::SecretsManager::Secret
        Properties: {GenerateSecretString: {PasswordLength: 20}}
    """
    assert _paths(body, "CK108") == [
        "Resources.Db.Properties.MasterUserPassword",
        "Resources.F.Properties.Environment.Variables.DB_PASSWORD",
        "Resources.S.Properties.SecretString",
    ]


def test_secret_parameters() -> None:
    body = """
    Parameters:
      DBPassword: {Type: String, NoEcho: true}
      AdminPassword: {Type: String, Default: changeme}
      ApiToken: {Type: String, NoEcho: true, Default: abc}
      GitHubSecret: {Type: String}
      KeyName: {Type: "AWS::EC2::KeyPair::KeyName"}
    Resources:
      Q: {Type: AWS::SQS::Queue}
    """
    found = {(f.path, f.severity) for f in _findings(body, "CK108")}
    assert found == {
        ("Parameters.AdminPassword.Default", Severity.BLOCKING),
        ("Parameters.ApiToken.Default", Severity.WARNING),
        ("Parameters.GitHubSecret", Severity.WARNING),
    }


# --- CK109 literal name references, CK100 structure --------------------------------


def test_literal_name_reference_but_not_refs() -> None:
    body = """
    Resources:
      Table:
        Type: AWS::DynamoDB::Table
        Properties: {TableName: CafeOrders}
      F:
        Type: AWS::Lambda::Function
        DependsOn: Table
        Properties:
          Environment: {Variables: {TABLE: CafeOrders, OTHER: !Ref Table}}
    Outputs:
      T: {Value: "table CafeOrders"}
    """
    assert _paths(body, "CK109") == [
        "Outputs.T.Value",
        "Resources.F.Properties.Environment.Variables.TABLE",
    ]


def test_structure_problems() -> None:
    assert _paths("Parameters: {}\n", "CK100") == ["Resources"]
    assert _paths("Resources:\n  A: {Properties: {}}\n  B: 3\n", "CK100") == [
        "Resources.A",
        "Resources.B",
    ]


# --- data items ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("props", "note"),
    [
        ("{StorageEncrypted: true}", "aws/rds"),
        ("{StorageEncrypted: true, KmsKeyId: !Ref Key}", "customer-managed KMS key with the new"),
        ("{}", "not encrypted"),
    ],
)
def test_rds_kms_notes(props: str, note: str) -> None:
    body = f"Resources:\n  Db: {{Type: AWS::RDS::DBInstance, Properties: {props}}}\n"
    (f,) = _findings(body, "DATA-RDS")
    assert note in f.fix


def test_data_items_skip_what_travels_with_the_template() -> None:
    body = """
    Resources:
      Inline:
        Type: AWS::Lambda::Function
        Properties: {Code: {ZipFile: "x"}}
      Member:
        Type: AWS::RDS::DBInstance
        Properties: {DBClusterIdentifier: !Ref Cluster}
      Cluster: {Type: AWS::RDS::DBCluster}
      Replica:
        Type: AWS::RDS::DBInstance
        Properties: {SourceDBInstanceIdentifier: !Ref Cluster}
    """
    found = {(f.rule_id, f.resource, f.severity) for f in _findings(body)
             if f.category is Category.DATA}  # fmt: skip
    assert found == {
        ("DATA-RDS", "Cluster", Severity.BLOCKING),
        ("DATA-RDS", "Replica", Severity.INFO),
    }


@pytest.mark.parametrize(
    ("rtype", "rule", "severity"),
    [
        ("AWS::ECR::Repository", "DATA-ECR", Severity.BLOCKING),
        ("AWS::SecretsManager::Secret", "DATA-SECRET", Severity.BLOCKING),
        ("AWS::EFS::FileSystem", "DATA-EFS", Severity.BLOCKING),
        ("AWS::KMS::Key", "DATA-KMS", Severity.WARNING),
        ("AWS::Cognito::UserPool", "DATA-COGNITO", Severity.WARNING),
        ("AWS::Logs::LogGroup", "DATA-LOGS", Severity.WARNING),
        ("AWS::ApiGateway::RestApi", "DATA-APIGW", Severity.WARNING),
        ("AWS::StepFunctions::StateMachine", "DATA-SFN", Severity.WARNING),
        ("AWS::EC2::EIP", "DATA-EIP", Severity.WARNING),
        ("AWS::EC2::Volume", "DATA-EBS", Severity.BLOCKING),
        ("AWS::Lambda::LayerVersion", "DATA-LAMBDA", Severity.BLOCKING),
    ],
)
def test_data_item_per_type(rtype: str, rule: str, severity: Severity) -> None:
    (f,) = _findings(f"Resources:\n  X: {{Type: {rtype}}}\n", rule)
    assert (f.resource, f.path, f.severity) == ("X", "Resources.X", severity)
    assert f.fix and f.line == 2


# --- records, catalogue, merging --------------------------------------------------


def test_rule_catalogue() -> None:
    assert rule_name("CK101") == "literal-account-id"
    assert rule_name("cfn-lint:W3010") == "W3010"
    assert all(info.rule_id == key for key, info in RULES.items())


def test_finding_key_and_categories() -> None:
    f = Finding("cfn-lint:W3010", Severity.WARNING, "S", "Resources.S", "m", "fix", 3)
    assert f.key == ("cfn-lint:W3010", "S", "Resources.S")
    assert f.category is Category.LINT
    assert not f.blocks_template
    assert Finding("DATA-S3", Severity.BLOCKING, "B", "Resources.B", "m", "f").category is (
        Category.DATA
    )


def test_with_findings_merges_sorts_and_keeps_existing() -> None:
    base = analyze_template("Resources:\n  Q: {Type: AWS::SQS::Queue}\n", "t.yaml")
    extra = [
        Finding("cfn-lint:E3002", Severity.BLOCKING, "Q", "Resources.Q", "bad", "fix", 2),
        Finding("STEP-LINT", Severity.BLOCKING, None, "", "dup", "dup"),  # same key: ignored
    ]
    merged = with_findings(base, extra)
    assert isinstance(merged, TemplateAnalysis)
    assert merged.findings[0].rule_id == "cfn-lint:E3002"
    assert len(merged.findings) == len(base.findings) + 1
    assert not merged.ok and base.ok
