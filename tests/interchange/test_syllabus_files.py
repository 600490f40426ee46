"""Every shipped syllabus and exam file loads; broken copies name file, key and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from coursekit.interchange.syllabus_toml import SourceError, load_exams, load_syllabus, parse_exam

REPO = Path(__file__).resolve().parents[2]
SYLLABI = REPO / "syllabi"
EXAMS = load_exams(SYLLABI / "exams")
EXPECTED_EXAMS = {
    "CLF-C02",
    "AIF-C01",
    "SAA-C03",
    "DVA-C02",
    "SOA-C02",
    "SOA-C03",
    "DEA-C01",
    "MLA-C01",
    "SAP-C02",
    "SCS-C02",
    "SCS-C03",
    "MLS-C01",
    "ANS-C01",
    "DVA-C01",
    "AIP-C01",
    "DOP-C02",
}


def test_every_exam_of_the_reference_is_shipped() -> None:
    assert set(EXAMS) == EXPECTED_EXAMS
    saa = EXAMS["SAA-C03"]
    assert (saa.passing_score, saa.minutes, saa.total_questions) == (720, 130, 65)
    assert [d.weight for d in saa.domains] == [30, 26, 24, 20]
    assert EXAMS["SAP-C02"].seconds_per_question == 144  # 2 min 24 s
    assert EXAMS["SCS-C02"].status == "retired" and str(EXAMS["SCS-C02"].retired_on) == "2025-12-01"


@pytest.mark.parametrize("name", ["comp529-cloud-computing.toml", "comp524-cybersecurity.toml"])
def test_course_syllabi_load(name: str) -> None:
    syllabus, _ = load_syllabus(SYLLABI / name, EXAMS)
    kinds = {a.kind.value for a in syllabus.assessments}
    assert {"guided_lab", "challenge_lab", "knowledge_check"} <= kinds
    assert sum(c.weight or 0 for c in syllabus.grading.categories) == 100
    assert all(a.due_at is None or a.due_at.tzinfo is not None for a in syllabus.assessments)


def test_comp529_covers_every_cloud_architecting_lab() -> None:
    syllabus, _ = load_syllabus(SYLLABI / "comp529-cloud-computing.toml", EXAMS)
    guided = [a for a in syllabus.assessments if a.kind.value == "guided_lab"]
    challenge = [a for a in syllabus.assessments if a.kind.value == "challenge_lab"]
    checks = [a for a in syllabus.assessments if a.kind.value == "knowledge_check"]
    assert (len(guided), len(challenge), len(checks)) == (12, 7, 15)
    vpc = syllabus.assessment("1937925")
    assert vpc is not None and vpc.title == "Guided lab: Creating a Virtual Private Cloud"
    assert all(a.pass_threshold == 75 for a in guided)
    assert all(a.pass_threshold == 60 for a in challenge)
    assert syllabus.course.exam_code == "SAA-C03"


def _broken(tmp_path: Path, source: str, old: str, new: str) -> Path:
    text = (SYLLABI / source).read_text()
    assert old in text
    path = tmp_path / source.rsplit("/", 1)[-1]
    path.write_text(text.replace(old, new, 1))
    return path


def _line_of(path: Path, snippet: str) -> int:
    return next(i for i, line in enumerate(path.read_text().splitlines(), 1) if snippet in line)


@pytest.mark.parametrize(
    ("old", "new", "key", "snippet"),
    [
        (
            "weight = 30\ndrop_lowest = 1",
            "weight = 35\ndrop_lowest = 1",
            "grading.categories",
            "[[grading.categories]]",
        ),
        ('exam = "SAA-C03"', 'exam = "SAA-C09"', "course.exam", 'exam = "SAA-C09"'),
        ("ends_on = 2026-12-18", 'ends_on = "18/12/2026"', "course.ends_on", "ends_on ="),
        (
            "credit_budget_usd = 100.0",
            "credit_budget_usd = 100.0\nbudjet = 5",
            "course.budjet",
            "budjet",
        ),
        ("domains = [1, 2]\n", "domains = [1, 7]\n", "assessments[3].domains", "domains = [1, 7]"),
        ('kind = "guided_lab"', 'kind = "guided_labb"', "assessments[0].kind", "guided_labb"),
    ],
    ids=[
        "weights-not-100",
        "unknown-exam",
        "date-as-text",
        "misspelt-key",
        "domain-out-of-range",
        "unknown-kind",
    ],
)
def test_broken_syllabus_names_file_key_and_line(tmp_path, old, new, key, snippet) -> None:  # type: ignore[no-untyped-def]
    path = _broken(tmp_path, "comp529-cloud-computing.toml", old, new)
    with pytest.raises(SourceError) as info:
        load_syllabus(path, EXAMS)
    err = info.value
    assert err.filename == path.name
    assert err.key == key
    assert err.line == _line_of(path, snippet)
    assert str(err).startswith(f"{path.name}:{err.line}: {key}")


def test_broken_exam_file_names_key_and_line(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = _broken(tmp_path, "exams/SAA-C03.toml", "weight = 30", "weight = 31")
    with pytest.raises(SourceError, match=r"SAA-C03.toml:\d+: domains: domain weights sum to 101"):
        parse_exam(path.read_text(), path.name)
    bad = _broken(tmp_path, "exams/SAA-C03.toml", "minutes = 130", 'minutes = "long"')
    with pytest.raises(SourceError) as info:
        parse_exam(bad.read_text(), bad.name)
    assert info.value.key == "minutes" and info.value.line == _line_of(bad, "minutes =")


def test_toml_syntax_error_names_line(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = _broken(
        tmp_path, "comp529-cloud-computing.toml", 'term = "Fall 2026"', "term = Fall 2026"
    )
    with pytest.raises(SourceError, match=r"line 10"):
        load_syllabus(path, EXAMS)
