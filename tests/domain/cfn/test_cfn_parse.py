"""Parsing: short-form tags, scalar typing, line numbers, JSON and YAML."""

from __future__ import annotations

import datetime

import pytest

from coursekit.domain.cfn import TemplateError, parse_template
from coursekit.domain.cfn.nodes import NodeDict, NodeList

pytestmark = pytest.mark.usefixtures("yaml_backend")


def test_short_forms_map_to_long_forms() -> None:
    text = """
Resources:
  A:
    Type: X
    Properties:
      Ref1: !Ref Bucket
      Cond: !Condition IsProd
      Att: !GetAtt Db.Endpoint.Address
      AttList: !GetAtt [Db, Arn]
      Sub: !Sub "${AWS::StackName}-x"
      SubList: !Sub ["${A}", {A: !Ref B}]
      Azs: !GetAZs
      Sel: !Select [0, !GetAZs ""]
      Join: !Join ["-", [a, b]]
      Map: !FindInMap [M, !Ref "AWS::Region", Ami]
      B64: !Base64 hello
      Imp: !ImportValue net-VpcId
      Spl: !Split [",", "a,b"]
      If: !If [C, !Ref "AWS::NoValue", x]
      Logic: !And [!Equals [a, b], !Or [!Not [!Condition C], !Condition D]]
      Cidr: !Cidr [10.0.0.0/16, 4, 8]
      Tr: !Transform {Name: AWS::Include, Parameters: {Location: s3://b/k}}
      Json: !ToJsonString {a: 1}
      Len: !Length [1, 2]
"""
    props = parse_template(text, "t.yaml")["Resources"]["A"]["Properties"]
    assert props["Ref1"] == {"Ref": "Bucket"}
    assert props["Cond"] == {"Condition": "IsProd"}
    assert props["Att"] == {"Fn::GetAtt": ["Db", "Endpoint.Address"]}
    assert props["AttList"] == {"Fn::GetAtt": ["Db", "Arn"]}
    assert props["Sub"] == {"Fn::Sub": "${AWS::StackName}-x"}
    assert props["SubList"] == {"Fn::Sub": ["${A}", {"A": {"Ref": "B"}}]}
    assert props["Azs"] == {"Fn::GetAZs": ""}
    assert props["Sel"] == {"Fn::Select": [0, {"Fn::GetAZs": ""}]}
    assert props["Join"] == {"Fn::Join": ["-", ["a", "b"]]}
    assert props["Map"]["Fn::FindInMap"][1] == {"Ref": "AWS::Region"}
    assert props["B64"] == {"Fn::Base64": "hello"}
    assert props["Imp"] == {"Fn::ImportValue": "net-VpcId"}
    assert props["Spl"] == {"Fn::Split": [",", "a,b"]}
    assert props["If"]["Fn::If"][1] == {"Ref": "AWS::NoValue"}
    assert props["Logic"] == {
        "Fn::And": [
            {"Fn::Equals": ["a", "b"]},
            {"Fn::Or": [{"Fn::Not": [{"Condition": "C"}]}, {"Condition": "D"}]},
        ]
    }
    assert props["Cidr"] == {"Fn::Cidr": ["10.0.0.0/16", 4, 8]}
    assert props["Tr"]["Fn::Transform"]["Name"] == "AWS::Include"
    assert props["Json"] == {"Fn::ToJsonString": {"a": 1}}
    assert props["Len"] == {"Fn::Length": [1, 2]}


def test_plain_yaml_scalars_are_not_all_strings() -> None:
    data = parse_template("A: no\nB: 0777\nC: '0777'\nD: 1.5\nE: ~\nF: 2010-09-09\n", "t.yaml")
    assert data["A"] is False
    assert data["B"] == 511
    assert data["C"] == "0777"
    assert data["D"] == 1.5
    assert data["E"] is None
    # Timestamps stay text: AWSTemplateFormatVersion is often unquoted.
    assert data["F"] == "2010-09-09"
    assert not isinstance(data["F"], datetime.date)


def test_line_numbers_are_kept_for_keys_and_items() -> None:
    text = (
        "Resources:\n  Web:\n    Type: AWS::EC2::Instance\n    Properties:\n      Ids:\n"
        "        - a\n        - b\n"
    )
    data = parse_template(text, "t.yaml")
    resources = data["Resources"]
    assert isinstance(resources, NodeDict)
    assert resources.key_lines["Web"] == 2
    assert resources["Web"].key_lines["Properties"] == 4
    ids = resources["Web"]["Properties"]["Ids"]
    assert isinstance(ids, NodeList)
    assert ids.item_lines == [6, 7]


def test_json_template_with_key_lines_tabs_and_escapes() -> None:
    text = '{\n\t"Resources": {\n\t\t"B": {"Type": "AWS::S3::Bucket", "X": "a\\/b"}\n\t}\n}\n'
    data = parse_template(text.encode(), "t.json")
    assert data["Resources"]["B"]["X"] == "a/b"
    assert data.key_lines["Resources"] == 2
    assert data["Resources"].key_lines["B"] == 3


def test_bytes_with_bom_are_decoded() -> None:
    data = parse_template("\ufeffA: 1\n".encode(), "t.yaml")
    assert data == {"A": 1}


def test_flow_yaml_that_is_not_json_still_parses() -> None:
    data = parse_template("{Resources: {B: {Type: AWS::S3::Bucket}}}", "t.yaml")
    assert data["Resources"]["B"]["Type"] == "AWS::S3::Bucket"


def test_template_error_str_has_file_and_line() -> None:
    err = TemplateError("cafe.yaml", 12, "duplicate key 'Type'")
    assert str(err) == "cafe.yaml:12: duplicate key 'Type'"
    assert str(TemplateError("cafe.yaml", None, "too big")) == "cafe.yaml: too big"


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("A: 1\nB: [\n", 3, "invalid YAML"),
        ("A: 1\n  B: 2\n", 2, "invalid YAML"),
        ('{"A": 1,\n "B": [}', 2, "invalid JSON"),
        ("- 1\n- 2\n", 1, "must be a mapping"),
        ("A: 1\n---\nB: 2\n", 2, "invalid YAML"),
    ],
    ids=[
        "yaml-unclosed-list",
        "yaml-bad-indent",
        "json-unclosed-list",
        "yaml-top-level-list",
        "yaml-two-documents",
    ],
)
def test_syntax_errors_name_the_line(text: str, line: int, message: str) -> None:
    with pytest.raises(TemplateError) as info:
        parse_template(text, "bad.yaml")
    assert info.value.filename == "bad.yaml"
    assert info.value.line == line
    assert message in info.value.message


def test_empty_template_is_an_error() -> None:
    with pytest.raises(TemplateError, match="empty"):
        parse_template("  \n", "e.yaml")


def test_keys_must_be_scalars() -> None:
    with pytest.raises(TemplateError, match="keys must be plain scalars"):
        parse_template("? [a, b]\n: 1\n", "k.yaml")
