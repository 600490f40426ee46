"""Issue 16 item 7 (owned by issue 12): the template parser and rules stay linear.

Hypothesis builds templates from the tokens the patterns react to, repeated
many times, in YAML and JSON; every example must finish inside Hypothesis's
``deadline`` (2 s) and end as an analysis or a one-line parse error, never an
exception. The seeded run here is bounded; benchmarks/fuzz_cfn.py runs the
long one and the 1 MiB pathological cases.
"""

from __future__ import annotations

import json
from datetime import timedelta

from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from coursekit.domain.cfn import MAX_TEMPLATE_BYTES, analyze_template

#: Fragments that start a match in some pattern (and so could make it backtrack).
TOKENS = [
    "${", "${AWS::Region}", "{{resolve:ssm:", "{{resolve:secretsmanager:", "}}", "}", "{",
    "arn:", "arn:aws:lambda:us-east-1:481516234200:layer:x:1", ":", "481516234200",
    "123456789012", "1", "us-east-", "us-east-1", "us-east-1a", "use1-az1", "ami-",
    "ami-0123456789abcdef0", "LabRole", "vockey", "password=", "Ab1$Cd2%", "mysql ", " -p",
    "AKIA", "IQoJb3JpZ2luX2Vj", "-----BEGIN PRIVATE KEY-----", "s3.us-west-2.amazonaws.com",
    ".dkr.ecr.", "cafe-orders", " ", "\\n", "\u00e9", "=", "'", '"',
]  # fmt: skip
_PIECE = st.tuples(st.sampled_from(TOKENS), st.integers(1, 4000))
_TEXT = st.lists(_PIECE, min_size=1, max_size=6).map(lambda ps: "".join(t * n for t, n in ps))
_PLACE = st.sampled_from(
    [
        ("AWS::Lambda::Function", "Code", lambda v: {"ZipFile": v}),
        ("AWS::Lambda::Function", "Environment", lambda v: {"Variables": {"API_TOKEN": v}}),
        ("AWS::S3::Bucket", "BucketName", lambda v: {"Fn::Sub": v}),
        ("AWS::EC2::Instance", "UserData", lambda v: {"Fn::Base64": v}),
        ("AWS::DynamoDB::Table", "TableName", lambda v: v),
    ]
)


def _template(text: str, place: tuple) -> dict:  # type: ignore[type-arg]
    rtype, prop, build = place
    return {
        "Resources": {
            "Orders": {"Type": "AWS::DynamoDB::Table", "Properties": {"TableName": "cafe-orders"}},
            "R": {"Type": rtype, "Properties": {prop: build(text)}},
        },
        "Outputs": {"O": {"Value": text}},
    }


def _check(data: str) -> None:
    analysis = analyze_template(data, "fuzz")
    if analysis.parse_error is not None:
        assert "\n" not in analysis.parse_error
    else:
        assert analysis.resources


@seed(20261202)
@settings(
    max_examples=60,
    deadline=timedelta(seconds=2),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(_TEXT, _PLACE)
def test_repeated_pattern_tokens_stay_within_two_seconds_json(text: str, place: tuple) -> None:  # type: ignore[type-arg]
    data = json.dumps(_template(text, place))
    if len(data.encode()) <= MAX_TEMPLATE_BYTES:
        _check(data)


@seed(20261203)
@settings(
    max_examples=60,
    deadline=timedelta(seconds=2),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(_TEXT, st.sampled_from(["!Sub", "!Base64", "!Rain::Embed", ""]))
def test_repeated_pattern_tokens_stay_within_two_seconds_yaml(text: str, tag: str) -> None:
    body = json.dumps(text)  # a double-quoted YAML scalar
    data = (
        "Resources:\n  R:\n    Type: AWS::EC2::Instance\n    Properties:\n"
        f"      UserData: {tag} {body}\n      Tags: [{{Key: k, Value: {body}}}]\n"
    )
    if len(data.encode()) <= MAX_TEMPLATE_BYTES:
        _check(data)


@seed(20261204)
@settings(max_examples=200, deadline=timedelta(seconds=2))
@given(st.text(max_size=300))
def test_any_text_is_a_result_or_one_line_error(text: str) -> None:
    analysis = analyze_template(text, "fuzz.yaml")
    if analysis.parse_error is not None:
        assert "\n" not in analysis.parse_error


def test_hundred_thousand_unclosed_subs_regression() -> None:
    """Issue 16: 100,000 ``${`` in one !Sub took 94 s (quadratic regex)."""
    data = "Resources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties:\n"
    data += "      BucketName: !Sub '" + "${" * 100_000 + "'\n"
    analysis = analyze_template(data, "subs.yaml")
    assert analysis.parse_error is None
    # nothing is substituted, so it is a literal bucket name (shown shortened)
    (name,) = [f for f in analysis.findings if f.rule_id == "CK106"]
    assert len(name.message) < 100


def test_more_values_than_the_limit_is_one_line() -> None:
    data = '{"Resources": {"A": {"Type": "AWS::S3::Bucket", "Properties": {"Tags": ['
    data += ",".join(['"a"'] * 70_000) + "]}}}}"
    analysis = analyze_template(data, "wide.json")
    assert analysis.parse_error == "wide.json:1: more than 60,000 values in one template"
    yaml_text = "Resources:\n  A:\n    Type: AWS::S3::Bucket\n    Properties:\n      Tags: ["
    yaml_text += "a," * 70_000 + "a]\n"
    analysis = analyze_template(yaml_text, "wide.yaml")
    assert analysis.parse_error is not None
    assert "more than 60,000 values in one template" in analysis.parse_error
