"""The header spellings of each field, per import kind (matched after ``headers.norm``)."""

from __future__ import annotations

from coursekit.domain.columns.headers import synonyms
from coursekit.domain.enums import ImportKind

STUDENT_ID = synonyms(
    "student id",
    "student number",
    "student no",
    "studentid",
    "id number",
    "sis user id",
    "sis id",
    "emplid",
    "banner id",
    "university id",
    "matriculation number",
    "student code",
    "id",
    "learner id",
)
EMAIL = synonyms(
    "email",
    "e-mail",
    "email address",
    "university email",
    "student email",
    "school email",
    "mail",
    "e-mail address",
)

ROSTER_FIELDS: dict[str, frozenset[str]] = {
    "student_id": STUDENT_ID,
    "name": synonyms("name", "student name", "full name", "student", "display name", "learner"),
    "sortable_name": synonyms("sortable name", "name last first", "last first"),
    "first_name": synonyms(
        "first name",
        "given name",
        "first",
        "forename",
        "given names",
        "firstname",
        "preferred first name",
    ),
    "last_name": synonyms("last name", "surname", "family name", "last", "lastname"),
    "email": EMAIL,
    "section": synonyms(
        "section", "class section", "section name", "lab section", "sections", "group", "class"
    ),
    "status": synonyms(
        "status",
        "enrollment status",
        "enrolment status",
        "registration status",
        "enrollment state",
        "state",
    ),
    "login": synonyms(
        "sis login id", "login", "login id", "username", "user name", "netid", "net id"
    ),
    "lms_id": synonyms("canvas id", "canvas user id", "lms id", "lms user id"),
}

CREDIT_FIELDS: dict[str, frozenset[str]] = {
    "student_id": STUDENT_ID,
    "email": EMAIL,
    "at": synonyms(
        "date",
        "snapshot date",
        "as of",
        "report date",
        "timestamp",
        "time",
        "day",
        "usage date",
        "date usd",
    ),
    "spent": synonyms(
        "spent",
        "spent usd",
        "spend",
        "spend usd",
        "usage",
        "usage usd",
        "used",
        "amount spent",
        "cost",
        "total spend",
        "credits used",
        "spent $",
    ),
    "budget": synonyms(
        "budget",
        "budget usd",
        "credit",
        "credits",
        "allocation",
        "limit",
        "total budget",
        "budget $",
        "credit usd",
    ),
}

PRACTICE_FIELDS: dict[str, frozenset[str]] = {
    "student_id": STUDENT_ID,
    "email": EMAIL,
    "exam": synonyms("exam", "exam code", "certification", "test", "practice exam"),
    "at": synonyms(
        "date",
        "taken",
        "taken at",
        "completed",
        "date taken",
        "attempt date",
        "submitted",
        "completed at",
    ),
    "score": synonyms("score", "total", "result", "total score", "overall", "overall score"),
    "percent": synonyms("percent", "score %", "score percent", "percentage", "score (%)", "%"),
    "scaled": synonyms("scaled score", "scaled", "score scaled", "score (scaled)"),
    "minutes": synonyms(
        "minutes",
        "duration",
        "time minutes",
        "time spent",
        "duration minutes",
        "time taken",
        "time (min)",
        "duration (min)",
        "time spent (minutes)",
    ),
    "questions": synonyms(
        "questions", "question count", "number of questions", "items", "questions answered"
    ),
}

FIELDS: dict[ImportKind, dict[str, frozenset[str]]] = {
    ImportKind.ROSTER: ROSTER_FIELDS,
    ImportKind.CREDITS: CREDIT_FIELDS,
    ImportKind.PRACTICE: PRACTICE_FIELDS,
}
