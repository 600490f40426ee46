"""The reports coursekit writes, in the order they are offered: each kind's key, the
help of its ``coursekit report KEY`` command and the one-line hint of the Export screen."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ReportKind:
    key: str
    help: str  # the CLI command's help
    hint: str  # what it holds, one line (the Export screen)


REPORT_KINDS: tuple[ReportKind, ...] = (
    ReportKind(
        "grades",
        "Grades: scores, category and total %, letter; per-section sheets, "
        "distribution chart. .csv is the Canvas gradebook import format.",
        "scores, category and total %, letter; per-section sheets and a distribution chart",
    ),
    ReportKind(
        "readiness",
        "Certification readiness: domain mastery heat map, predicted score, "
        "status, weakest domains and next labs; mastery vs exam weights chart.",
        "exam readiness: domain mastery, predicted score, weakest domains, next labs",
    ),
    ReportKind(
        "credits",
        "Learner Lab credits: budget, spent, remaining, burn rate, projected "
        "run-out, flags; class spend over time chart.",
        "Learner Lab credits: budget, spent, burn rate, projected run-out, flags",
    ),
    ReportKind(
        "labs",
        "Lab completion: students x labs (passed / below threshold / not started / "
        "overdue) and completion rate per lab.",
        "lab completion: students × labs and the completion rate per lab",
    ),
    ReportKind(
        "checklists",
        "Export checklists: each student's progress and a per-rule summary.",
        "export checklists: each student's progress and a per-rule summary",
    ),
)
REPORT_KEYS: tuple[str, ...] = tuple(kind.key for kind in REPORT_KINDS)
