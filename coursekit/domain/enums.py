"""Vocabulary shared by every layer (stored as text in the database)."""

from __future__ import annotations

from enum import StrEnum


class AssessmentKind(StrEnum):
    GUIDED_LAB = "guided_lab"
    CHALLENGE_LAB = "challenge_lab"
    KNOWLEDGE_CHECK = "knowledge_check"
    ASSESSMENT = "assessment"
    EXAM = "exam"
    PROJECT = "project"
    ACTIVITY = "activity"

    @property
    def is_lab(self) -> bool:
        return self in (AssessmentKind.GUIDED_LAB, AssessmentKind.CHALLENGE_LAB)


class ScoreStatus(StrEnum):
    GRADED = "graded"
    MISSING = "missing"  # no score yet (blank or "-" in Canvas)
    EXCUSED = "excused"  # "EX"
    NOT_ASSIGNED = "not_assigned"  # "N/A"


# The Canvas spelling of the statuses that leave a score out of every count: the one home
# for "EX" and "N/A" (reading a gradebook, writing one, reports and screens).
CANVAS_MARKS: dict[str, str] = {
    ScoreStatus.EXCUSED.value: "EX",
    ScoreStatus.NOT_ASSIGNED.value: "N/A",
}


class EnrollmentStatus(StrEnum):
    ACTIVE = "active"
    DROPPED = "dropped"


class CreditEventKind(StrEnum):
    GRANT = "grant"
    USAGE_SNAPSHOT = "usage_snapshot"
    ADJUSTMENT = "adjustment"


class ChecklistStatus(StrEnum):
    TODO = "todo"
    DONE = "done"
    WAIVED = "waived"


class ImportKind(StrEnum):
    ROSTER = "roster"
    GRADEBOOK = "gradebook"
    CREDITS = "credits"
    PRACTICE = "practice"
    MERGE = "merge"  # `coursekit student merge`: not a file, but undone like one
