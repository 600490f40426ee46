"""The vocabulary of problems: what went wrong (``ProblemCode``) and what the user can do
about it (``HintKind``).

Services raise ``ServiceError(message, code=..., field=..., hint=...)`` and readers report
``RowIssue(..., code=..., hint=...)``; the message states the problem only. How to act on a
hint is worded at the edges, each in its own terms: ``coursekit.cli.hints`` names the
command-line options, ``coursekit.tui.hints`` the keys and controls of the TUI. Callers
decide by code and hint, never by the message text.
"""

from __future__ import annotations

from enum import StrEnum


class ProblemCode(StrEnum):
    """What went wrong."""

    NOT_FOUND = "not_found"  # no such course, student, assessment, batch, change, file
    AMBIGUOUS = "ambiguous"  # the input names several records
    CONFLICT = "conflict"  # the record changed underneath (another edit won)
    INVALID_VALUE = "invalid_value"  # a value the user gave (or a cell holds) is not valid
    MISSING_VALUE = "missing_value"  # a required value (or cell) is empty
    ALREADY_DONE = "already_done"  # nothing to do: the state is already the one asked for
    BLOCKED = "blocked"  # refused because later changes depend on it (undo, revert, merge)
    FILE_ERRORS = "file_errors"  # a plan with errors cannot be applied
    FILE_UNREADABLE = "file_unreadable"  # a file cannot be read or written
    DECISION_OPEN = "decision_open"  # rows the import will not guess about
    HAND_EDITED = "hand_edited"  # the file would overwrite edits made by hand
    STALE_EDIT = "stale_edit"  # the file is older than scores stored since
    CELL_TAKEN = "cell_taken"  # a cell to fill already holds a value
    STUDENT_DROPPED = "student_dropped"  # the student has dropped the course
    DATABASE_REFUSED = "database_refused"  # not coursekit's database, or a newer schema
    CANVAS_FAILED = "canvas_failed"  # Canvas refused or could not be reached
    NOT_CONNECTED = "not_connected"  # the course has no Canvas connection (yet)
    COLUMN_MISSING = "column_missing"  # a required column is not in the file
    COLUMN_UNKNOWN = "column_unknown"  # a column (or a mapping target) nothing matches
    COLUMN_DUPLICATE = "column_duplicate"  # two columns carry the same header
    COLUMN_FUZZY = "column_fuzzy"  # a column matched by a similar title only
    DUPLICATE_ROW = "duplicate_row"  # a row repeats an earlier one
    IDENTIFIER_TAKEN = "identifier_taken"  # another student holds the row's identifier
    ROW_SKIPPED = "row_skipped"  # a row the import leaves out (and why)
    READ_AS = "read_as"  # the reader interpreted the file in a way worth checking
    POINTS_DIFFER = "points_differ"  # the file's points possible differ from the course's
    NO_ROWS = "no_rows"  # nothing to read
    MORE = "more"  # "… and N more": the rest of a capped list


class HintKind(StrEnum):
    """What the user can do about it (each edge words it in its own terms)."""

    FIX_VALUE = "fix_value"  # give another value for ``field``
    MAP_COLUMN = "map_column"  # map a file column to ``field`` (or to an assessment)
    FORCE = "force"  # let the file win over newer edits
    OVERWRITE = "overwrite"  # fill cells that already hold a value
    SETTLE_DECISION = "settle_decision"  # say which student a row is, or that it is new
    LINK_ROW = "link_row"  # say the row is the student who holds the identifier
    PICK_COURSE = "pick_course"  # name one of several courses
    LIST_COURSES = "list_courses"  # see which courses there are
    CREATE_COURSE = "create_course"  # no course yet: create one from a syllabus
    INCLUDE_DROPPED = "include_dropped"  # act on a dropped student anyway
    CANVAS_LOGIN = "canvas_login"  # connect the course to Canvas
    MERGE_STUDENTS = "merge_students"  # two stored students may be one person
