"""Issue 12 item 6 and the S3-URL false alarm: lab-only values behind a condition
that is off by default are warnings naming the condition."""

from __future__ import annotations

import textwrap

from coursekit.domain.cfn import Severity, analyze_template

TEMPLATE = """
Parameters:
  Env: {Type: String, Default: prod, AllowedValues: [lab, prod]}
  RoleArn: {Type: String}
Conditions:
  IsLab: !Equals [!Ref Env, lab]
  IsProd: !Not [!Condition IsLab]
  Unknown: !Equals [!Ref RoleArn, ""]
Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Role: !If [IsLab, !Sub "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/LabRole",
                 !Ref RoleArn]
      KmsKeyArn: !If [IsProd, !Ref RoleArn, "arn:aws:kms:us-east-1:481516234200:key/k"]
  Web:
    Type: AWS::EC2::Instance
    Condition: IsLab
    Properties: {KeyName: vockey, ImageId: ami-0abcdef1234567890}
  Always:
    Type: AWS::EC2::Instance
    Properties:
      KeyName: !If [IsProd, vockey, !Ref AWS::NoValue]
      IamInstanceProfile: !If [Unknown, LabInstanceProfile, !Ref AWS::NoValue]
"""


def _by_path() -> dict[tuple[str, str], tuple[Severity, str]]:
    analysis = analyze_template(textwrap.dedent(TEMPLATE), "t.yaml")
    assert analysis.parse_error is None
    return {(f.rule_id, f.path): (f.severity, f.message) for f in analysis.findings}


def test_lab_role_in_the_off_branch_is_a_warning_naming_the_condition() -> None:
    severity, message = _by_path()[("CK102", "Resources.Fn.Properties.Role.Fn::If[1].Fn::Sub")]
    assert severity is Severity.WARNING
    assert "only used when condition IsLab is true; it is false with the default" in message


def test_else_branch_of_a_condition_that_is_on_is_off_too() -> None:
    severity, message = _by_path()[("CK101", "Resources.Fn.Properties.KmsKeyArn.Fn::If[2]")]
    assert severity is Severity.WARNING
    assert "condition IsProd is false; it is true" in message


def test_resource_condition_off_by_default() -> None:
    found = _by_path()
    for rule, prop in (("CK102", "KeyName"), ("CK103", "ImageId")):
        severity, message = found[(rule, f"Resources.Web.Properties.{prop}")]
        assert severity is Severity.WARNING
        assert "condition IsLab" in message


def test_branch_that_is_on_by_default_or_unknown_still_blocks() -> None:
    found = _by_path()
    assert found[("CK102", "Resources.Always.Properties.KeyName.Fn::If[1]")][0] is Severity.BLOCKING
    unknown = found[("CK102", "Resources.Always.Properties.IamInstanceProfile.Fn::If[1]")]
    assert unknown[0] is Severity.BLOCKING  # RoleArn has no default: cannot tell


def test_public_s3_object_url_region_is_not_flagged_but_an_endpoint_is() -> None:
    text = textwrap.dedent(
        """
        Resources:
          Web:
            Type: AWS::EC2::Instance
            Properties:
              UserData:
                Fn::Base64: |
                  wget https://aws-tc-largeobjects.s3.us-west-2.amazonaws.com/CUR-TF-100/app.zip
                  wget https://my-site.s3-website-us-east-1.amazonaws.com/index.html
              Tags: [{Key: api, Value: "https://sqs.eu-west-1.amazonaws.com/q"}]
        """
    )
    analysis = analyze_template(text, "t.yaml")
    regions = [(f.path, f.message) for f in analysis.findings if f.rule_id == "CK105"]
    assert regions == [("Resources.Web.Properties.Tags[0].Value", "hard-coded region eu-west-1")]
