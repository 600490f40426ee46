"""Issue 12 items 1-2: every literal account id is reported; public publishers are
told apart; resources of the lab account become dependencies and data items."""

from __future__ import annotations

import textwrap

from coursekit.domain.cfn import Finding, Severity, analyze_template

B, W = Severity.BLOCKING, Severity.WARNING


def _analyse(props: str, rtype: str = "AWS::Lambda::Function") -> list[Finding]:
    body = textwrap.indent(textwrap.dedent(props), " " * 6)
    text = f"Resources:\n  R:\n    Type: {rtype}\n    Properties:\n{body}"
    analysis = analyze_template(text, "t.yaml")
    assert analysis.parse_error is None, analysis.parse_error
    return list(analysis.findings)


def _only(findings: list[Finding], rule: str) -> list[Finding]:
    return [f for f in findings if f.rule_id == rule]


def test_placeholder_id_is_reported_as_a_placeholder_and_blocks() -> None:
    (f,) = _only(_analyse("Role: arn:aws:iam::123456789012:role/Example"), "CK101")
    assert f.severity is B
    assert f.message.startswith("placeholder account id 123456789012")
    assert "documentation example" in f.message
    assert "${AWS::AccountId}" in f.fix


def test_real_and_placeholder_ids_in_one_value_are_both_named() -> None:
    (f,) = _only(_analyse("Description: '481516234200 and 111122223333'"), "CK101")
    assert "literal account id 481516234200" in f.message
    assert "placeholder account id 111122223333" in f.message


def test_placeholder_int_under_an_account_key() -> None:
    findings = _analyse("SourceAccount: 123456789012", "AWS::Lambda::Permission")
    (f,) = _only(findings, "CK101")
    assert f.path == "Resources.R.Properties.SourceAccount"
    assert "placeholder" in f.message


def test_public_layer_is_a_warning_with_keep_advice_and_no_data_item() -> None:
    findings = _analyse(
        "Layers:\n  - arn:aws:lambda:us-east-1:017000801446:layer:AWSLambdaPowertoolsPythonV2:78"
    )
    (f,) = _only(findings, "CK101")
    assert f.severity is W
    assert "AWS Lambda Powertools for Python" in f.message
    assert "keep the ARN" in f.fix
    assert "${AWS::AccountId}" in f.fix  # only as what NOT to do
    assert "would point at an account without the layer" in f.fix
    layer = "Resources.R.Properties.Layers[0]"
    # CK105 stays: the layer is published per region, so the region belongs in ${AWS::Region}
    assert [x.rule_id for x in findings if x.path == layer] == ["CK101", "CK105"]


def test_public_ami_owner_is_a_warning() -> None:
    findings = _analyse("OwnerAccount: '099720109477'", "AWS::ImageBuilder::ImageRecipe")
    (f,) = _only(findings, "CK101")
    assert (f.severity, "Canonical (Ubuntu)" in f.message) == (W, True)


def test_aws_service_principal_account_is_a_warning() -> None:
    findings = _analyse(
        """\
        PolicyDocument:
          Statement:
            - Principal: {AWS: 'arn:aws:iam::127311923021:root'}
        """,
        "AWS::S3::BucketPolicy",
    )
    (f,) = _only(findings, "CK101")
    assert f.severity is W
    assert "Elastic Load Balancing" in f.message
    assert not _only(findings, "DATA-EXTERNAL")


def test_lab_owned_layer_is_dependency_and_data_item() -> None:
    findings = _analyse("Layers:\n  - arn:aws:lambda:us-east-1:481516234200:layer:deps:3")
    path = "Resources.R.Properties.Layers[0]"
    by_rule = {f.rule_id: f for f in findings if f.path == path}
    assert by_rule["CK101"].severity is B
    assert "public layer of another publisher, keep the ARN" in by_rule["CK101"].fix
    assert by_rule["CK107"].severity is B
    assert "layer of the lab account" in by_rule["CK107"].message
    assert by_rule["DATA-LAMBDA"].severity is B
    assert "get-layer-version-by-arn" in by_rule["DATA-LAMBDA"].fix


def test_lab_ecr_image_is_dependency_and_data_item() -> None:
    findings = _analyse(
        "ContainerDefinitions:\n"
        "  - Image: 481516234200.dkr.ecr.us-east-1.amazonaws.com/cafe/web:1.2\n",
        "AWS::ECS::TaskDefinition",
    )
    path = "Resources.R.Properties.ContainerDefinitions[0].Image"
    rules = {f.rule_id for f in findings if f.path == path}
    assert {"CK101", "CK107", "DATA-ECR"} <= rules
    (data,) = _only(findings, "DATA-ECR")
    assert "docker pull 481516234200.dkr.ecr.us-east-1.amazonaws.com/cafe/web:1.2" in data.fix


def test_aws_owned_registry_is_not_a_lab_image() -> None:
    findings = _analyse(
        "ContainerDefinitions:\n"
        "  - Image: 763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-inference:2.1\n",
        "AWS::ECS::TaskDefinition",
    )
    assert not _only(findings, "DATA-ECR")
    assert [f.severity for f in _only(findings, "CK101")] == [W]


def test_other_arn_into_the_lab_account_is_dependency_and_data_item() -> None:
    findings = _analyse(
        """\
        Environment:
          Variables:
            QUEUE: arn:aws:sqs:us-east-1:481516234200:orders
        """
    )
    (dep,) = _only(findings, "CK107")
    assert "sqs resource of the lab account" in dep.message
    (data,) = _only(findings, "DATA-EXTERNAL")
    assert data.path == "Resources.R.Properties.Environment.Variables.QUEUE"
    assert data.severity is W


def test_lab_secret_arn_gets_a_data_item() -> None:
    findings = _analyse(
        "Environment:\n  Variables:\n"
        "    S: arn:aws:secretsmanager:us-east-1:481516234200:secret:db-AbCdEf\n"
    )
    path = "Resources.R.Properties.Environment.Variables.S"
    assert {f.rule_id for f in findings if f.path == path} == {
        "CK101",
        "CK105",
        "CK107",
        "DATA-SECRET",
    }


def test_lab_role_arn_and_account_root_are_not_external_resources() -> None:
    findings = _analyse("Role: arn:aws:iam::481516234200:role/LabRole")
    assert not _only(findings, "CK107")
    assert not _only(findings, "DATA-EXTERNAL")
    root = _analyse(
        "KeyPolicy:\n  Statement:\n    - Principal: {AWS: 'arn:aws:iam::481516234200:root'}\n",
        "AWS::KMS::Key",
    )
    assert not _only(root, "DATA-EXTERNAL")
    assert [f.severity for f in _only(root, "CK101")] == [B]
