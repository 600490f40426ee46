"""The portability rules one by one, on small templates."""

from __future__ import annotations

import textwrap

import pytest

from coursekit.domain.cfn import Finding, Severity, analyze_template


def _findings(body: str, rule: str | None = None) -> list[Finding]:
    analysis = analyze_template(textwrap.dedent(body), "t.yaml")
    assert analysis.parse_error is None, analysis.parse_error
    return [f for f in analysis.findings if rule is None or f.rule_id == rule]


def _hits(body: str, rule: str) -> list[tuple[str | None, str]]:
    return [(f.resource, f.path) for f in _findings(body, rule)]


def _resource(props: str, rtype: str = "AWS::Lambda::Function") -> str:
    indented = textwrap.indent(textwrap.dedent(props), " " * 6)
    return f"Resources:\n  R:\n    Type: {rtype}\n    Properties:\n{indented}"


# --- CK101 literal account ids -------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "arn:aws:iam::481516234200:role/Something",
        "!Sub 'arn:${AWS::Partition}:iam::481516234200:role/${Name}'",
        "my-bucket-481516234200",
        "481516234200.dkr.ecr.us-east-1.amazonaws.com/app:latest",
        "'481516234200'",
    ],
)
def test_literal_account_ids(value: str) -> None:
    (f,) = _findings(_resource(f"Role: {value}"), "CK101")
    assert (f.resource, f.severity) == ("R", Severity.BLOCKING)
    # The path goes down into intrinsics, e.g. Resources.R.Properties.Role.Fn::Sub
    assert f.path.startswith("Resources.R.Properties.Role")
    assert f.line == 5
    assert "481516234200" in f.message


@pytest.mark.parametrize(
    "value",
    [
        "!Sub 'arn:${AWS::Partition}:iam::${AWS::AccountId}:role/x'",
        # Documentation placeholders are findings since issue 12 (test_cfn_accounts.py).
        "1234abcd-12ab-34cd-56ef-123456789012",  # a UUID's last group
        "1234567890123",  # 13 digits
        "0.481516234200",  # a decimal
        "build-4815162342001",
        "481516234200",  # an int without an account-like key
    ],
)
def test_not_account_ids(value: str) -> None:
    assert _hits(_resource(f"Role: {value}"), "CK101") == []


def test_int_account_id_under_an_account_key() -> None:
    body = _resource("SourceAccount: 481516234200", "AWS::Lambda::Permission")
    assert _hits(body, "CK101") == [("R", "Resources.R.Properties.SourceAccount")]


def test_account_ids_in_descriptions_are_ignored() -> None:
    body = """
    Description: built in 481516234200
    Parameters:
      Role:
        Type: String
        Description: e.g. arn:aws:iam::481516234200:role/x
    Resources:
      Q: {Type: AWS::SQS::Queue}
    """
    assert _hits(body, "CK101") == []


def test_account_id_in_parameter_default_is_a_warning() -> None:
    body = """
    Parameters:
      Role: {Type: String, Default: "arn:aws:iam::481516234200:role/x"}
    Resources:
      Q: {Type: AWS::SQS::Queue}
    """
    (f,) = _findings(body, "CK101")
    assert (f.resource, f.path, f.severity) == (
        "Parameters",
        "Parameters.Role.Default",
        Severity.WARNING,
    )


# --- CK102 lab-only names -------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["LabRole", "LabInstanceProfile", "vockey", "LabEksClusterRole", "EMR_DefaultRole"]
)
def test_lab_names(name: str) -> None:
    body = _resource(f"Role: !Sub 'arn:aws:iam::${{AWS::AccountId}}:role/{name}'")
    (f,) = _findings(body, "CK102")
    assert name in f.message
    assert f.fix


@pytest.mark.parametrize("value", ["LabRoleExtra", "MyLabRole", "vockey2", "Labels", "lab-role"])
def test_lab_names_need_word_boundaries(value: str) -> None:
    # (not under Role: a literal role name there is CK102 since issue 12, whatever it is)
    assert _hits(_resource(f"Description: {value}"), "CK102") == []


def test_emr_roles_are_lab_names() -> None:
    body = _resource(
        "JobFlowRole: EMR_EC2_DefaultRole\nServiceRole: EMR_DefaultRole", "AWS::EMR::Cluster"
    )
    assert sorted(p for _, p in _hits(body, "CK102")) == [
        "Resources.R.Properties.JobFlowRole",
        "Resources.R.Properties.ServiceRole",
    ]


# --- CK103 AMIs, CK104 zones, CK105 regions --------------------------------------


def test_ami_in_resource_mapping_and_parameter() -> None:
    body = """
    Parameters:
      Ami: {Type: String, Default: ami-0123456789abcdef0}
    Mappings:
      Amis:
        us-east-1: {Id: ami-12345678}
        us-west-2: {Id: ami-87654321}
    Resources:
      I:
        Type: AWS::EC2::Instance
        Properties: {ImageId: ami-0c02fb55956c7d316}
    """
    hits = {(f.resource, f.path, f.severity) for f in _findings(body, "CK103")}
    assert hits == {
        ("Parameters", "Parameters.Ami.Default", Severity.WARNING),
        ("Mappings", "Mappings.Amis", Severity.WARNING),
        ("I", "Resources.I.Properties.ImageId", Severity.BLOCKING),
    }


def test_ssm_ami_parameter_is_fine() -> None:
    body = """
    Parameters:
      Ami:
        Type: AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>
        Default: /aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64
    Resources:
      I: {Type: AWS::EC2::Instance, Properties: {ImageId: !Ref Ami}}
    """
    assert _findings(body, "CK103") == [] and _findings(body, "CK107") == []


def test_zones_and_zone_ids() -> None:
    body = _resource(
        "AvailabilityZone: us-west-2c\nAvailabilityZoneId: use1-az4", "AWS::EC2::Subnet"
    )
    assert sorted(p for _, p in _hits(body, "CK104")) == [
        "Resources.R.Properties.AvailabilityZone",
        "Resources.R.Properties.AvailabilityZoneId",
    ]
    assert _hits(body, "CK105") == []  # a zone is not also reported as a region


def test_getazs_is_fine() -> None:
    body = _resource("AvailabilityZone: !Select [0, !GetAZs '']", "AWS::EC2::Subnet")
    assert _hits(body, "CK104") == []


def test_regions_outside_pseudo_parameters() -> None:
    body = _resource(
        """
        A: https://sqs.eu-west-1.amazonaws.com/x
        B: !Sub 'https://sqs.${AWS::Region}.amazonaws.com/x'
        """
    )
    assert _hits(body, "CK105") == [("R", "Resources.R.Properties.A")]


def test_region_keyed_mapping_values_for_their_own_region_are_fine() -> None:
    # (an S3 object URL's region is never flagged since issue 12, so a service endpoint here)
    body = """
    Mappings:
      Urls:
        us-east-1: {Url: "https://sqs.us-east-1.amazonaws.com/x"}
        us-west-2: {Url: "https://sqs.us-east-1.amazonaws.com/x"}
    Resources:
      Q: {Type: AWS::SQS::Queue}
    """
    (f,) = _findings(body, "CK105")
    assert (f.resource, f.path, f.severity) == ("Mappings", "Mappings.Urls", Severity.INFO)


# --- CK106 physical names --------------------------------------------------------


@pytest.mark.parametrize(
    ("rtype", "prop", "severity"),
    [
        ("AWS::S3::Bucket", "BucketName", Severity.BLOCKING),
        ("AWS::IAM::Role", "RoleName", Severity.WARNING),
        ("AWS::DynamoDB::Table", "TableName", Severity.WARNING),
        ("AWS::SQS::Queue", "QueueName", Severity.WARNING),
        ("AWS::SNS::Topic", "TopicName", Severity.WARNING),
        ("AWS::ECS::Cluster", "ClusterName", Severity.WARNING),
    ],
)
def test_explicit_physical_names(rtype: str, prop: str, severity: Severity) -> None:
    (f,) = _findings(_resource(f"{prop}: my-name", rtype), "CK106")
    assert (f.path, f.severity) == (f"Resources.R.Properties.{prop}", severity)


@pytest.mark.parametrize(
    "value",
    ["!Sub '${AWS::StackName}-data'", "!Ref NameParam", "!Join ['-', [!Ref 'AWS::StackName', x]]"],
)
def test_derived_names_are_fine(value: str) -> None:
    assert _hits(_resource(f"BucketName: {value}", "AWS::S3::Bucket"), "CK106") == []


def test_constant_sub_and_join_are_literals() -> None:
    assert _hits(_resource("BucketName: !Sub 'fixed'", "AWS::S3::Bucket"), "CK106")
    assert _hits(_resource("BucketName: !Join ['-', [a, b]]", "AWS::S3::Bucket"), "CK106")


def test_function_name_on_event_source_mapping_is_a_reference() -> None:
    body = _resource("FunctionName: my-function", "AWS::Lambda::EventSourceMapping")
    assert _hits(body, "CK106") == []
