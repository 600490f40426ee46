"""Property tests: any JSON-shaped template is analysed without raising."""

from __future__ import annotations

import json
import string

from hypothesis import given, settings
from hypothesis import strategies as st

from coursekit.domain.cfn import analyze_template, sort_key
from coursekit.domain.cfn.parse import TEMPLATE_SECTIONS

_KEYS = st.sampled_from(
    [
        "Resources", "Type", "Properties", "Parameters", "Mappings", "Outputs", "Transform",
        "Fn::ForEach::Loop", "Fn::ImportValue", "Fn::Sub", "Ref", "Fn::GetAtt", "Default",
        "NoEcho", "BucketName", "Code", "S3Bucket", "KeyName", "MasterUserPassword", "Name",
        "AvailabilityZone", "DBSnapshotIdentifier", "Fn::Transform", "Location", "Value",
    ]
) | st.text(string.ascii_letters, min_size=1, max_size=8)  # fmt: skip
_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**13), max_value=10**13)
    | st.sampled_from(
        [
            "AWS::S3::Bucket", "AWS::Lambda::Function", "AWS::RDS::DBInstance", "vockey",
            "arn:aws:iam::481516234200:role/LabRole", "ami-12345678", "us-east-1a",
            "{{resolve:ssm:/x}}", "${AWS::AccountId}", "us-west-2", "MyMacro", "AWS::Include",
        ]
    )
    # NUL and lone surrogates are refused by the parser (test_cfn_hostile).
    | st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=20)
)  # fmt: skip
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_KEYS, inner, max_size=4),
    max_leaves=30,
)


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(_KEYS, _VALUES, max_size=6))
def test_any_json_template_is_analysed(template: dict[str, object]) -> None:
    analysis = analyze_template(json.dumps(template), "fuzz.json")
    if not TEMPLATE_SECTIONS.intersection(template):
        assert analysis.parse_error is not None
        assert "not a CloudFormation template" in analysis.parse_error
        return
    assert analysis.parse_error is None
    assert list(analysis.findings) == sorted(analysis.findings, key=sort_key)


@settings(max_examples=100, deadline=None)
@given(st.dictionaries(st.text(string.ascii_letters, min_size=1, max_size=6), _VALUES))
def test_any_resources_section_is_analysed(resources: dict[str, object]) -> None:
    analysis = analyze_template(json.dumps({"Resources": resources}), "fuzz.json")
    assert analysis.parse_error is None
    assert len(analysis.resources) <= len(resources) or any(
        k.startswith("Fn::ForEach::") for k in resources
    )
