"""Issue 12 item 8: ``--target learner-lab`` checks a template for next term's Learner Lab."""

from __future__ import annotations

from pathlib import Path

import pytest

from coursekit.domain.cfn import Category, Severity, analyze_template
from coursekit.domain.cfn.learner_lab import LIMITS, SOURCE

OWN = Path(__file__).resolve().parents[2] / "data" / "cfn" / "own"
SAMPLE = (
    Path(__file__).resolve().parents[2] / "data/cfn/learner-lab/cafe-export-from-learner-lab.yaml"
)
B, W = Severity.BLOCKING, Severity.WARNING
P = "Properties"


def _lab(path: Path) -> dict[tuple[str, str], Severity]:
    analysis = analyze_template(path.read_bytes(), path.name, target="learner-lab")
    assert analysis.parse_error is None
    return {(f.rule_id, f.path): f.severity for f in analysis.findings}


def test_every_limit_is_found_with_path_and_severity() -> None:
    found = _lab(OWN / "next-term-lab.yaml")
    lab = {k: v for k, v in found.items() if k[0].startswith("LAB-")}
    assert lab == {
        ("LAB-IAM", "Resources.DemoRole"): B,
        ("LAB-INSTANCE", f"Resources.Web.{P}.InstanceType"): B,
        ("LAB-INSTANCE", "Parameters.WebInstanceType.Default"): W,
        ("LAB-REGION", f"Resources.Web.{P}.AvailabilityZone"): B,
        ("LAB-VOLUME", f"Resources.Web.{P}.BlockDeviceMappings[0].Ebs.VolumeSize"): B,
        ("LAB-VOLUME", f"Resources.Data.{P}.Size"): B,
        ("LAB-KEYPAIR", f"Resources.Small.{P}.KeyName"): B,
        ("LAB-KEYPAIR", "Parameters.KeyName.Default"): W,
        ("LAB-RDS", f"Resources.Db.{P}.DBInstanceClass"): B,
        ("LAB-RDS", f"Resources.Db.{P}.AllocatedStorage"): B,
        ("LAB-SPOT", "Resources.Lt"): B,
        ("LAB-LAMBDA", f"Resources.Fn.{P}.ReservedConcurrentExecutions"): B,
        ("LAB-COUNT", "Resources"): B,  # 2 instances + MaxSize 25
    }


def test_lab_names_are_right_in_a_lab_and_no_export_items() -> None:
    found = _lab(OWN / "next-term-lab.yaml")
    rules = {rule for rule, _ in found}
    assert "CK102" not in rules  # LabRole, LabInstanceProfile, vockey exist there
    assert not [r for r in rules if r.startswith(("DATA-", "STEP-"))]
    assert "CK111" not in rules


def test_count_over_twenty_warns_that_the_account_is_deleted() -> None:
    analysis = analyze_template(
        (OWN / "next-term-lab.yaml").read_bytes(), "t", target="learner-lab"
    )
    (count,) = [f for f in analysis.findings if f.rule_id == "LAB-COUNT"]
    assert "up to 27 EC2 instances" in count.message
    assert "gets the account deleted" in count.message


def test_vockey_outside_us_east_1_is_a_warning() -> None:
    text = (
        "Resources:\n"
        "  W:\n    Type: AWS::EC2::Instance\n    Properties:\n"
        "      KeyName: vockey\n      AvailabilityZone: us-west-2a\n"
    )
    analysis = analyze_template(text, "t.yaml", target="learner-lab")
    found = {(f.rule_id, f.path): f for f in analysis.findings if f.rule_id.startswith("LAB-")}
    assert list(found) == [("LAB-KEYPAIR", "Resources.W.Properties.KeyName")]
    assert found[("LAB-KEYPAIR", "Resources.W.Properties.KeyName")].severity is W


def test_the_lab_export_still_carries_its_lab_account_problems() -> None:
    found = _lab(SAMPLE)
    # the old term's account id, AMI, bucket name and lab-bucket code still break a new lab
    assert {r for r, _ in found} >= {"CK101", "CK103", "CK106", "CK107"}
    assert not [k for k in found if k[0] in ("CK102", "CK105")]
    assert all(not r.startswith("LAB-") for r, _ in found)  # sizes and regions fit


def test_limits_are_data_with_a_source() -> None:
    assert "Learner Lab" in SOURCE
    ids = [limit.rule_id for limit in LIMITS]
    assert len(ids) == len(set(ids)) == 9
    assert all(limit.allowed for limit in LIMITS)


def test_lab_findings_are_template_problems() -> None:
    analysis = analyze_template(
        (OWN / "next-term-lab.yaml").read_bytes(), "t", target="learner-lab"
    )
    assert all(f.category is Category.PORTABILITY for f in analysis.findings)
    assert not analysis.ok


def test_unknown_target_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown target"):
        analyze_template("Resources: {}", "t.yaml", target="mars")
