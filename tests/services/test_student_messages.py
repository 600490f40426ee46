"""``coursekit nudges --compose`` drafts and ``coursekit report student-sheets``: one
message per student combining reasons, parseable .eml files with no other student's
data, hostile names that cannot inject headers, sheets holding only their student."""

from __future__ import annotations

import csv
import stat
from email import message_from_bytes, policy
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import select
from typer.testing import CliRunner

from coursekit.cli import app, support
from coursekit.db import models as m
from coursekit.services.context import ServiceError
from coursekit.services.reporting.student_digests import compose_messages, write_student_sheets
from support import report_seed as seed_module

REPO = Path(__file__).resolve().parents[2]
NOW = seed_module.NOW
IDS = [sid for sid, *_ in seed_module.STUDENTS]
HEADERS = {
    "From",
    "To",
    "Subject",
    "Date",
    "X-Unsent",
    "Content-Type",
    "Content-Transfer-Encoding",
    "MIME-Version",
}


@pytest.fixture
def seeded(course_ctx: Any) -> Any:
    seed_module.seed(course_ctx)
    return course_ctx


def _rename(ctx: Any, student_id: str, **fields: Any) -> None:
    with ctx.transaction() as session:
        student = session.exec(select(m.Student).where(m.Student.student_id == student_id)).one()
        for key, value in fields.items():
            setattr(student, key, value)


def _others(student_id: str) -> list[str]:
    """Strings that belong to other students only: their ids and e-mail addresses."""
    return [x for sid in IDS if sid != student_id for x in (sid, seed_module.email(sid))]


def test_one_draft_per_student_with_every_reason(seeded: Any, tmp_path: Path) -> None:
    out = tmp_path / "drafts"
    result = compose_messages(seeded, "COMP529", out, sender="Prof <prof@uni.example.edu>", now=NOW)
    assert len(result.messages) == 12 and not result.no_address  # all 12 are behind on labs
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [*(f"{s}.eml" for s in IDS), "mail-merge.csv"]
    )
    # Credits, hand-computed from report_seed: student i has spent 40 + 5i of 100 USD at NOW
    # (snapshot 2026-11-20 00:00, 12 h old: not stale), so used ≥ 75 % from i = 7. Burn rate:
    # only that snapshot lies in the 14-day window, so the last two fit it: (20 + 3i) USD over
    # the 40 days since 2026-10-11; the rest, 60 − 5i, lasts 40(60 − 5i)/(20 + 3i) days, i.e.
    # 40 days (run-out 2026-12-30, before accounts close on 12-31) for i = 5, 50 for i = 4.
    # Either way the message mentions credits exactly for i ≥ 5.
    credit_warning = {sid: i >= 5 for i, sid in enumerate(IDS)}
    for i, sid in enumerate(IDS):
        path = out / f"{sid}.eml"
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        data = path.read_bytes()
        eml = message_from_bytes(data, policy=policy.default)
        assert set(eml.keys()) == HEADERS
        assert eml["To"].addresses[0].addr_spec == seed_module.email(sid)
        assert eml["Subject"] == "COMP529: a few things to look at this week"
        body = eml.get_content()
        assert "Labs: you have passed" in body  # every student is behind
        # the blocking CK101 item is still to do for students 6 and later (seed)
        assert ("Export checklist for" in body) == (i >= 6)
        assert ("Learner Lab credits:" in body) == credit_warning[sid]
        text = data.decode("utf-8", "replace") + body
        assert not [x for x in _others(sid) if x in text], sid
    dijkstra = message_from_bytes((out / f"{IDS[11]}.eml").read_bytes(), policy=policy.default)
    # seed: 40 + 5 × 11 = 95 spent of the 100 granted
    assert "you have used $95.00 of your $100.00 (95 %); $5.00 is" in dijkstra.get_content()
    assert "Hi Edsger," in dijkstra.get_content()


def test_hostile_names_cannot_inject_headers(seeded: Any, tmp_path: Path) -> None:
    _rename(seeded, IDS[8], name="Ada\r\nBcc: everyone@uni.example.edu\r\n\r\n<b>x</b>")
    _rename(seeded, IDS[9], name="=cmd|' /C calc'!A0 =?utf-8?b?QWRtaW4=?=")
    out = tmp_path / "drafts"
    compose_messages(seeded, "COMP529", out, now=NOW)
    ada = message_from_bytes((out / f"{IDS[8]}.eml").read_bytes(), policy=policy.default)
    assert set(ada.keys()) == HEADERS - {"From"} and "Bcc" not in ada
    assert ada["To"].addresses[0].display_name == "Ada Bcc: everyone@uni.example.edu <b>x</b>"
    assert ada["To"].addresses[0].addr_spec == seed_module.email(IDS[8])
    grace = message_from_bytes((out / f"{IDS[9]}.eml").read_bytes(), policy=policy.default)
    assert "Admin" not in str(grace["To"])  # the encoded word was not decoded into a name
    for i, name in enumerate(seed_module.INJECTIONS):  # the seed's markup/formula names
        eml = message_from_bytes((out / f"{IDS[i]}.eml").read_bytes(), policy=policy.default)
        assert set(eml.keys()) == HEADERS - {"From"}
        assert "\r" not in str(eml["To"]) and "\n" not in str(eml["To"]), name
    with (out / "mail-merge.csv").open(newline="", encoding="utf-8") as fh:
        rows = {r["student_id"]: r for r in csv.DictReader(fh)}
    assert rows[IDS[0]]["name"] == "'" + seed_module.INJECTIONS[0]  # =HYPERLINK neutralised
    assert rows[IDS[9]]["name"].startswith("'=cmd")
    assert rows[IDS[9]]["file"] == f"{IDS[9]}.eml" and rows[IDS[9]]["reasons"].startswith("labs")


def test_student_without_address_is_listed(seeded: Any, tmp_path: Path) -> None:
    _rename(seeded, IDS[10], email=None)
    out = tmp_path / "drafts"
    result = compose_messages(seeded, "COMP529", out, now=NOW)
    assert [msg.student_id for msg in result.no_address] == [IDS[10]]
    assert not (out / f"{IDS[10]}.eml").exists()
    with (out / "mail-merge.csv").open(newline="", encoding="utf-8") as fh:
        row = next(r for r in csv.DictReader(fh) if r["student_id"] == IDS[10])
    assert row["file"] == "" and row["body"].startswith("Hi Alan,")


def test_templates_are_per_course_and_editable(seeded: Any, tmp_path: Path) -> None:
    first = compose_messages(seeded, "COMP529", tmp_path / "a", now=NOW)
    assert first.templates_created
    assert first.templates == seeded.settings.data_dir / "messages" / "COMP529.toml"
    assert stat.S_IMODE(first.templates.stat().st_mode) == 0o600
    text = first.templates.read_text(encoding="utf-8")
    edited = text.replace(
        'subject = "$course: a few things to look at this week"',
        'subject = "$course reminder for $first_name"',
    )
    first.templates.write_text(edited, encoding="utf-8")
    second = compose_messages(seeded, "COMP529", tmp_path / "b", now=NOW)
    assert not second.templates_created
    eml = message_from_bytes(
        (tmp_path / "b" / f"{IDS[10]}.eml").read_bytes(), policy=policy.default
    )
    assert eml["Subject"] == "COMP529 reminder for Alan"
    first.templates.write_text(edited.replace("$remaining", "$left"), encoding="utf-8")
    with pytest.raises(
        ServiceError, match=r"COMP529.toml:\d+: reasons.credits: unknown placeholder \$left"
    ):
        compose_messages(seeded, "COMP529", tmp_path / "c", now=NOW)
    assert not (tmp_path / "c").exists()


def test_student_sheets_hold_only_their_student(seeded: Any, tmp_path: Path) -> None:
    out = tmp_path / "sheets"
    written = write_student_sheets(seeded, "COMP529", out, now=NOW)
    assert len(written) == 24
    for sid in IDS:
        for suffix in (".md", ".html"):
            text = (out / f"{sid}{suffix}").read_text(encoding="utf-8")
            assert sid in text
            assert not [x for x in _others(sid) if x in text], (sid, suffix)
            assert not [f"{other}-stack.yaml" for other in IDS if other != sid and other in text]
    markup = (out / f"{IDS[7]}.html").read_text(encoding="utf-8")  # name <r><t>raw</t></r>
    assert "&lt;r&gt;&lt;t&gt;raw&lt;/t&gt;&lt;/r&gt;" in markup and "<r>" not in markup
    for outside in ("<script", " src=", "<link", "://", "url("):  # self-contained
        assert outside not in markup, outside
    md = (out / f"{IDS[11]}.md").read_text(encoding="utf-8")
    assert "| \\$100.00 | \\$95.00 | \\$5.00 | 95 % |" in md  # seed: 95 spent of 100
    assert "## Readiness: SAA-C03" in md and "## Export checklist" in md
    hopper = (out / f"{IDS[9]}.md").read_text(encoding="utf-8")
    # seed index 9 scored 12.5 of 30 on the IAM lab (41.67 %, below the 75 % threshold, past due)
    assert (
        "| Guided lab: Exploring AWS Identity and Access Management (IAM) "
        "| below threshold (overdue) | 41.67 % |" in hopper
    )
    # the grade explained, as `grades --explain` explains it: the IAM item and the totals
    from coursekit.services.views.grade_explanation import explain_student

    assert "## How the grade is computed" in hopper
    assert "| 1937901 Guided lab: Exploring AWS Identity and Access Management (IAM) |" in hopper
    assert "| 12.5 |" in hopper
    ex = explain_student(seeded, "COMP529", IDS[9], now=NOW)
    assert f"Current: {ex.current.formula}" in hopper.replace("\\", "")


def test_cli_compose_and_sheets(
    seeded: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(support.options, "db", None)
    monkeypatch.setenv("COURSEKIT_DB", seeded.settings.db_url)
    monkeypatch.setenv("COURSEKIT_DATA_DIR", str(seeded.settings.data_dir))
    as_of = ["--as-of", NOW.isoformat()]
    result = CliRunner().invoke(app, ["nudges", "--compose", str(tmp_path / "d"), *as_of])
    assert result.exit_code == 0, result.output
    assert "wrote 12 draft(s) and mail-merge.csv (12 students)" in result.output
    assert "nothing was sent" in result.output and "templates created" in result.output
    result = CliRunner().invoke(
        app, ["report", "student-sheets", "--out", str(tmp_path / "s"), *as_of]
    )
    assert result.exit_code == 0, result.output
    assert "wrote 12 student sheets" in result.output
