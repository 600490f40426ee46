"""Checklist files (issue 16): ids ``A/1`` and ``A_1`` used to write the same file (one
student's checklist lost while the command said all were written), and attacker-chosen
URLs in a template stayed live links in the Markdown sent to students."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from coursekit.domain.checklist import ChecklistEntry, StudentChecklist
from coursekit.interchange.checklist_markdown import (
    file_name,
    render_student,
    write_student_checklist,
)
from coursekit.interchange.report_markdown import md_text

TODAY = date(2026, 12, 1)


def checklist(student_id: str, resource: str = "Bucket", message: str = "m") -> StudentChecklist:
    entry = ChecklistEntry(
        1,
        "DATA-S3",
        resource,
        "Resources.Bucket",
        message,
        "copy it",
        "high",
        "todo",
        None,
        "",
        1,
    )
    return StudentChecklist(
        1, student_id, "Ada", None, "COMP529", date(2026, 12, 20), "t.yaml", None, (entry,)
    )


def test_ids_that_sanitise_alike_get_distinct_files(tmp_path: Path) -> None:
    taken: set[str] = set()
    ids = ["A/1", "A_1", "A\\1", "a_1", "../A_1", ".."]
    paths = [write_student_checklist(tmp_path, checklist(i), TODAY, taken=taken) for i in ids]
    assert len({p.name.casefold() for p in paths}) == len(ids)
    assert all(p.parent == tmp_path and p.is_file() for p in paths)
    assert paths[1].name == "checklist-A_1.md"  # an id that is already safe keeps its name
    for student_id, path in zip(ids, paths, strict=True):  # each file is its own student's
        header = path.read_text(encoding="utf-8").splitlines()[0]
        assert header.endswith(f"({md_text(student_id)})")


def test_same_names_are_stable_for_the_same_id() -> None:
    assert file_name("A/1", set()) == file_name("A/1", set())
    assert file_name("A/1", set()) != file_name("A_1", set())


def test_untrusted_urls_are_not_links() -> None:
    hostile = "see https://evil.example/login and www.evil.example or [x](http://e) <b>"
    text = render_student(checklist("0042", resource="`x` http://r", message=hostile), TODAY)
    assert "https://evil" not in text and "www.evil" not in text
    assert "[x](http" not in text and "<b>" not in text
    assert "`'x' http://r`" in text  # a resource sits in a code span: never a link
