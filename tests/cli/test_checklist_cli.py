"""`coursekit checklist …` end to end on a SQLite file."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
LAB_TEMPLATE = REPO / "tests/data/cfn/learner-lab/cafe-export-from-learner-lab.yaml"


@pytest.fixture
def cli(comp529_cli):  # type: ignore[no-untyped-def]
    from coursekit.cli.support import service_context
    from coursekit.services.roster.roster import add_student

    with service_context() as ctx:
        add_student(ctx, "COMP529", student_id="000111", name="Ada Lovelace")
        add_student(ctx, "COMP529", student_id="000222", name="Grace Hopper")
    return comp529_cli


def test_attach_show_done_waive_class_export(cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    code, out = cli("checklist", "attach", "000111", str(LAB_TEMPLATE))
    assert code == 0 and "items added" in out
    code, out = cli("checklist", "show", "000111", "--json")
    assert code == 0, out
    import json

    items = json.loads(out)["items"]
    first = items[0]["id"]
    assert cli("checklist", "done", "000111", str(first))[1].strip().endswith(": done")
    code, out = cli("checklist", "waive", "000111", str(items[1]["id"]))
    assert code == 2  # --note is required
    code, out = cli("checklist", "waive", "000111", str(items[1]["id"]), "--note", "n/a")
    assert code == 0 and out.strip().endswith(": waived")
    rows = json.loads(cli("checklist", "class", "--json")[1])
    ada = next(r for r in rows if r["student_id"] == "000111")
    assert (ada["done"], ada["waived"], ada["open"]) == (1, 1, len(items) - 2)
    assert next(r for r in rows if r["student_id"] == "000222")["template"] is None
    code, out = cli("checklist", "export", "--out", str(tmp_path / "md"))
    assert code == 0 and (tmp_path / "md" / "class-summary.md").exists()
    assert out.strip() == f"wrote 2 files to {tmp_path / 'md'}"  # the summary and Ada's
    assert len(list((tmp_path / "md").iterdir())) == 2


def test_unknown_student_is_a_one_line_error(cli) -> None:  # type: ignore[no-untyped-def]
    code, out = cli("checklist", "show", "nobody")
    assert code == 2 and out.strip() == "error: no student 'nobody' in COMP529"


def test_unparsable_template_full_view_and_dropped_student(cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "bad.yaml"
    bad.write_text("Resources:\n  A: &x {Type: AWS::S3::Bucket}\n  B: *x\n")
    code, out = cli("checklist", "attach", "000111", str(bad))
    assert code == 1 and "does not parse" in out and "not handed in" in out
    import json

    rows = json.loads(cli("checklist", "class", "--json")[1])
    ada = next(r for r in rows if r["student_id"] == "000111")
    assert ada["template"] == "bad.yaml" and ada["parse_error"] and not ada["handed_in"]
    assert (ada["open"], ada["blocking"]) == (1, 1)
    code, out = cli("checklist", "show", "000111")
    assert "000111 is not handed in: the latest template (bad.yaml) does not parse" in out
    code, out = cli("checklist", "show", "000111", "--full")
    assert code == 0
    assert "fix: Fix the template so that it parses" in out  # the whole fix text, not cut
    assert "until then the checklist is that of the last template that parsed." in out

    from coursekit.cli.support import service_context
    from coursekit.services.checklists import student_checklist
    from coursekit.services.roster.roster import drop_student

    with service_context() as ctx:
        drop_student(ctx, student_checklist(ctx, "COMP529", "000222").enrollment_id)
    code, out = cli("checklist", "attach", "000222", str(LAB_TEMPLATE))
    assert code == 2 and "has dropped COMP529" in out and "--include-dropped" in out
    code, out = cli("checklist", "attach", "000222", str(LAB_TEMPLATE), "--include-dropped")
    assert code == 0 and "items added" in out


def test_an_item_names_the_template_line_of_its_finding(cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    template = tmp_path / "stack.yaml"
    template.write_text(
        "Resources:\n"  # 1
        "  Fn:\n"  # 2
        "    Type: AWS::Lambda::Function\n"  # 3
        "    Properties:\n"  # 4
        "      Role: arn:aws:iam::123456789012:role/LabRole\n"  # 5
        "      Runtime: python3.12\n"
        "      Handler: index.handler\n"
        "      Code:\n"
        "        ZipFile: print(1)\n"
    )
    assert cli("checklist", "attach", "000111", str(template))[0] == 0
    import json

    items = json.loads(cli("checklist", "show", "000111", "--json")[1])["items"]
    role = [i for i in items if i["path"] == "Resources.Fn.Properties.Role"]
    assert role and {i["line"] for i in role} == {5}
    code, out = cli("checklist", "show", "000111", "--full")
    assert code == 0 and "  line: 5" in out
