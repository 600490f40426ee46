"""Issue 12 items 3, 4, 5 and 7 on small templates of our own."""

from __future__ import annotations

import base64
import textwrap
from pathlib import Path

import pytest

from coursekit.domain.cfn import Finding, Severity, analyze_template, parse_template
from coursekit.domain.cfn.retired import RETIRED_TYPES

OWN = Path(__file__).resolve().parents[2] / "data" / "cfn" / "own"
B, W, N = Severity.BLOCKING, Severity.WARNING, Severity.INFO


def _findings(text: str, rule: str | None = None) -> list[Finding]:
    analysis = analyze_template(textwrap.dedent(text), "t.yaml")
    assert analysis.parse_error is None, analysis.parse_error
    return [f for f in analysis.findings if rule is None or f.rule_id == rule]


# --- item 3: types and properties new accounts refuse ------------------------


def test_cloud9_and_launch_configuration_are_refused_in_new_accounts() -> None:
    found = _findings(
        """
        Resources:
          Ide: {Type: AWS::Cloud9::EnvironmentEC2, Properties: {InstanceType: t3.small}}
          Lc: {Type: AWS::AutoScaling::LaunchConfiguration, Properties: {InstanceType: t3.micro}}
          Asg:
            Type: AWS::AutoScaling::AutoScalingGroup
            Properties: {LaunchConfigurationName: !Ref Lc, MinSize: '1', MaxSize: '1'}
          Stack: {Type: AWS::OpsWorks::Stack, Properties: {Name: s}}
          Fn: {Type: AWS::Lambda::Function, Properties: {Runtime: python3.7}}
          Ok: {Type: AWS::Lambda::Function, Properties: {Runtime: python3.12}}
        """,
        "CK110",
    )
    got = {(f.resource, f.path): f for f in found}
    assert set(got) == {
        ("Ide", "Resources.Ide"),
        ("Lc", "Resources.Lc"),
        ("Asg", "Resources.Asg.Properties.LaunchConfigurationName"),
        ("Stack", "Resources.Stack"),
        ("Fn", "Resources.Fn.Properties.Runtime"),
    }
    assert all(f.severity is B for f in found)
    assert "AWS::EC2::LaunchTemplate" in got[("Lc", "Resources.Lc")].fix
    assert "2024-10-01" in got[("Lc", "Resources.Lc")].message
    assert "closed to new customers" in got[("Ide", "Resources.Ide")].message


def test_retired_table_is_data_with_source_and_date() -> None:
    for entry in RETIRED_TYPES.values():
        assert entry.source.startswith("https://")
        assert len(entry.since) == 10 and entry.since[4] == "-"
        assert entry.replacement


# --- item 4: secrets by value -------------------------------------------------


def test_secrets_in_userdata_env_code_and_outputs_are_found_never_echoed() -> None:
    path = OWN / "userdata-with-secrets.yaml"
    text = path.read_text()
    analysis = analyze_template(text, path.name)
    secrets = {f.path: f for f in analysis.findings if f.rule_id == "CK108"}
    assert set(secrets) == {
        "Resources.Web.Properties.UserData.Fn::Base64",
        "Resources.Fn.Properties.Environment.Variables.API_TOKEN",
        "Resources.Fn.Properties.Code.ZipFile",
        "Outputs.Login.Value",
    }
    user_data = secrets["Resources.Web.Properties.UserData.Fn::Base64"].message
    assert "an AWS access key id" in user_data
    assert "AWS_SECRET_ACCESS_KEY" in user_data
    assert "mysql command line" in user_data
    assert "DB_PASSWORD" not in user_data  # $(aws ssm …) is not a literal
    assert "private key" in secrets["Resources.Fn.Properties.Code.ZipFile"].message
    for secret in ("ASIAZ4QWERTYUIOP1234", "Xy7/kLm9", "Cafe2024pw", "tk_9f8A", "Hunter2", "MIIE"):
        assert all(secret not in f.message and secret not in f.fix for f in analysis.findings)
    assert all(f.severity is B for f in secrets.values())


def test_a_kms_key_parameter_is_not_a_secret() -> None:
    analysis = analyze_template((OWN / "userdata-with-secrets.yaml").read_bytes(), "u.yaml")
    params = [f for f in analysis.findings if f.rule_id == "CK108" and f.resource == "Parameters"]
    assert params == []


def test_base64_userdata_literal_is_decoded() -> None:
    script = base64.b64encode(b"#!/bin/bash\nexport API_KEY=ab12CD34ef56gh\n").decode()
    found = _findings(
        f"""
        Resources:
          Web:
            Type: AWS::EC2::Instance
            Properties: {{UserData: {script}}}
        """,
        "CK108",
    )
    assert [(f.path, "API_KEY" in f.message) for f in found] == [
        ("Resources.Web.Properties.UserData", True)
    ]


def test_secret_default_and_access_key_anywhere() -> None:
    found = _findings(
        """
        Parameters:
          Config: {Type: String, Default: "token=Zx81Qw72Er63"}
        Resources:
          B:
            Type: AWS::S3::Bucket
            Properties:
              Tags: [{Key: k, Value: AKIAIOSFODNN7EXAMPLF}]
        """,
        "CK108",
    )
    assert {f.path for f in found} == {
        "Parameters.Config.Default",
        "Resources.B.Properties.Tags[0].Value",
    }


@pytest.mark.parametrize(
    "value",
    [
        "arn:aws:secretsmanager:us-east-1:481516234200:secret:db-AbCdEf",  # an ARN, not a value
        "password=$DB_PASSWORD",
        "password: changeme",
        "token=${Token}",
        "password=xxxxxxxx",
    ],
)
def test_not_secrets(value: str) -> None:
    found = _findings(
        f"""
        Resources:
          F:
            Type: AWS::Lambda::Function
            Properties: {{Environment: {{Variables: {{X: "{value}"}}}}}}
        """,
        "CK108",
    )
    assert found == []


# --- item 5: deletion policies --------------------------------------------------


def test_stateful_resources_need_both_policies() -> None:
    found = _findings(
        """
        Resources:
          Db: {Type: AWS::RDS::DBInstance, Properties: {Engine: mysql}}
          Kept:
            Type: AWS::S3::Bucket
            DeletionPolicy: Retain
            UpdateReplacePolicy: Retain
          Half: {Type: AWS::DynamoDB::Table, DeletionPolicy: Retain}
          Fs: {Type: AWS::EFS::FileSystem}
          Vol: {Type: AWS::EC2::Volume, Properties: {Size: 8}}
          Logs: {Type: AWS::Logs::LogGroup}
          Member: {Type: AWS::RDS::DBInstance, Properties: {DBClusterIdentifier: c}}
          Queue: {Type: AWS::SQS::Queue}
        """,
        "CK111",
    )
    got = {f.resource: f for f in found}
    assert set(got) == {"Db", "Half", "Fs", "Vol", "Logs"}
    assert "DeletionPolicy: Snapshot" in got["Db"].fix
    assert "DeletionPolicy: Retain" in got["Fs"].fix
    assert "without UpdateReplacePolicy:" in got["Half"].message
    assert (got["Vol"].severity, got["Logs"].severity) == (W, N)


# --- item 7: unknown tags, non-templates, local artifacts, sizes, names --------


def test_unknown_tag_is_a_warning_and_the_rest_is_analysed() -> None:
    analysis = analyze_template(
        textwrap.dedent(
            """
            Resources:
              Fn:
                Type: AWS::Lambda::Function
                Properties:
                  Code: {ZipFile: !Rain::Embed handler.py}
                  Role: arn:aws:iam::481516234200:role/LabRole
              Other:
                Type: AWS::S3::Bucket
                Properties: {Tags: !Custom [a, b]}
            """
        ),
        "t.yaml",
    )
    assert analysis.parse_error is None
    tags = {(f.path, f.severity) for f in analysis.findings if f.rule_id == "CK112"}
    assert tags == {
        ("Resources.Fn.Properties.Code.ZipFile", W),
        ("Resources.Other.Properties.Tags", W),
    }
    assert {"CK101", "CK102"} <= {f.rule_id for f in analysis.findings}


@pytest.mark.parametrize(
    "text",
    [
        "version: '3'\nservices:\n  web: {image: nginx}\n",
        "on: push\njobs:\n  build: {runs-on: ubuntu-latest}\n",
        '{"name": "x", "version": "1.0.0"}',
    ],
    ids=["docker-compose", "github-workflow", "package-json"],
)
def test_non_templates_are_rejected_in_one_line(text: str) -> None:
    analysis = analyze_template(text, "compose.yaml")
    assert analysis.findings == ()
    assert analysis.parse_error is not None
    assert "not a CloudFormation template" in analysis.parse_error
    assert "\n" not in analysis.parse_error


def test_a_template_without_resources_is_still_a_template() -> None:
    analysis = analyze_template("AWSTemplateFormatVersion: '2010-09-09'\nOutputs: {}\n", "t.yaml")
    assert analysis.parse_error is None
    assert [f.rule_id for f in analysis.findings if f.rule_id == "CK100"] == ["CK100"]


def test_local_artifacts_are_one_rule_for_every_property() -> None:
    found = _findings(
        """
        Transform: AWS::Serverless-2016-10-31
        Resources:
          Nested: {Type: AWS::CloudFormation::Stack, Properties: {TemplateURL: ./network.yaml}}
          Fn: {Type: AWS::Lambda::Function, Properties: {Code: function.zip}}
          Sam: {Type: AWS::Serverless::Function, Properties: {CodeUri: ./src}}
          Layer: {Type: AWS::Lambda::LayerVersion, Properties: {Content: layer/}}
          Ver:
            Type: AWS::ElasticBeanstalk::ApplicationVersion
            Properties: {ApplicationName: a, SourceBundle: app.zip}
          Api: {Type: AWS::Serverless::Api, Properties: {DefinitionUri: openapi.yaml}}
          Remote:
            Type: AWS::CloudFormation::Stack
            Properties: {TemplateURL: "https://s3.amazonaws.com/b/net.yaml"}
        """
    )
    local = {(f.resource, f.path, f.severity) for f in found if f.rule_id == "CK113"}
    assert local == {
        ("Nested", "Resources.Nested.Properties.TemplateURL", W),
        ("Fn", "Resources.Fn.Properties.Code", W),
        ("Sam", "Resources.Sam.Properties.CodeUri", W),
        ("Layer", "Resources.Layer.Properties.Content", W),
        ("Ver", "Resources.Ver.Properties.SourceBundle", W),
        ("Api", "Resources.Api.Properties.DefinitionUri", W),
    }
    # the local nested stack is no longer also a blocking external dependency
    assert [f.resource for f in found if f.rule_id == "CK107"] == ["Remote"]


def test_oversize_error_states_both_sizes() -> None:
    from coursekit.domain.cfn import MAX_TEMPLATE_BYTES

    head = b"a: " + b"x" * MAX_TEMPLATE_BYTES  # what a reader keeps: limit + 1 bytes and more
    analysis = analyze_template(head[: MAX_TEMPLATE_BYTES + 1], "big.yaml", size=3_000_000)
    assert analysis.parse_error == (
        "big.yaml: the template is 3,000,000 bytes, larger than the limit of "
        "1,048,576 bytes (1,024 KiB)"
    )


def test_completed_explicit_name_table() -> None:
    found = _findings(
        """
        Resources:
          App: {Type: AWS::ElasticBeanstalk::Application, Properties: {ApplicationName: cafe}}
          Env:
            Type: AWS::ElasticBeanstalk::Environment
            Properties: {ApplicationName: !Ref App, EnvironmentName: cafe-env, CNAMEPrefix: cafe}
          Cd: {Type: AWS::CodeDeploy::Application, Properties: {ApplicationName: cafe-cd}}
          Dg:
            Type: AWS::CodeDeploy::DeploymentGroup
            Properties:
              ApplicationName: !Ref Cd
              DeploymentGroupName: cafe-dg
              ServiceRoleArn: !GetAtt R.Arn
          Vault: {Type: AWS::Backup::BackupVault, Properties: {BackupVaultName: cafe-vault}}
          R: {Type: AWS::IAM::Role, Properties: {AssumeRolePolicyDocument: {}}}
        """,
        "CK106",
    )
    got = {f.path: f.severity for f in found}
    assert got == {
        "Resources.App.Properties.ApplicationName": W,
        "Resources.Env.Properties.EnvironmentName": W,
        "Resources.Env.Properties.CNAMEPrefix": B,  # global, like bucket names
        "Resources.Cd.Properties.ApplicationName": W,
        "Resources.Dg.Properties.DeploymentGroupName": W,
        "Resources.Vault.Properties.BackupVaultName": W,
    }


def test_literal_names_of_existing_roles_and_parameter_defaults() -> None:
    found = _findings(
        """
        Parameters:
          ProfileName: {Type: String, Default: CafeRole}
          Unset: {Type: String}
        Resources:
          Web: {Type: AWS::EC2::Instance, Properties: {IamInstanceProfile: CafeRole}}
          Web2: {Type: AWS::EC2::Instance, Properties: {IamInstanceProfile: !Ref ProfileName}}
          Web3: {Type: AWS::EC2::Instance, Properties: {IamInstanceProfile: !Ref Unset}}
          Web4: {Type: AWS::EC2::Instance, Properties: {IamInstanceProfile: !Ref Made}}
          Made: {Type: AWS::IAM::InstanceProfile, Properties: {Roles: [CafeRole]}}
        """,
        "CK102",
    )
    got = {(f.resource, f.path): f.severity for f in found}
    assert got == {
        ("Web", "Resources.Web.Properties.IamInstanceProfile"): B,
        ("Parameters", "Parameters.ProfileName.Default"): W,
        ("Made", "Resources.Made.Properties.Roles[0]"): B,
    }
    assert all("CafeRole" in f.message for f in found)


def test_every_literal_of_a_path_is_named() -> None:
    (f,) = _findings(
        """
        Resources:
          Orders: {Type: AWS::DynamoDB::Table, Properties: {TableName: cafe-orders}}
          Media: {Type: AWS::S3::Bucket, Properties: {BucketName: cafe-media-bucket}}
          Fn:
            Type: AWS::Lambda::Function
            Properties:
              Environment:
                Variables: {CONFIG: "table=cafe-orders bucket=cafe-media-bucket"}
        """,
        "CK109",
    )
    assert "Orders as 'cafe-orders'" in f.message
    assert "Media as 'cafe-media-bucket'" in f.message
    assert "!Ref Orders" in f.fix and "!Ref Media" in f.fix


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("A: !!bool maybe\n", "a value is invalid for its tag"),
        ("A: " + "9" * 4400 + "\n", "a number with more than 4,300 digits"),
        ('{"A": ' + "9" * 4400 + "}", "a number with more than 4,300 digits"),
        ('A: "\\ud800"\n', "invalid YAML"),
        ('{"A": "\\ud800"}', "a lone surrogate (U+D800) in a value"),
        ('{"A": "x\\u0000y"}', "a NUL character (U+0000) in a value"),
        ('A: "x\\0y"\n', "a NUL character (U+0000) in a value"),
        ('{"A": "x\u0000y"}', "a NUL character (U+0000) in a value"),
    ],
    ids=[
        "yaml-bool-maybe",
        "yaml-4400-digit-number",
        "json-4400-digit-number",
        "yaml-escaped-lone-surrogate",
        "json-escaped-lone-surrogate",
        "json-escaped-nul",
        "yaml-escaped-nul",
        "json-raw-nul",
    ],
)
def test_parser_edges_are_one_line_errors(text: str, message: str) -> None:
    from coursekit.domain.cfn import TemplateError

    with pytest.raises(TemplateError) as info:
        parse_template(text, "edge.yaml")
    assert message in str(info.value)
    assert "\n" not in str(info.value)
