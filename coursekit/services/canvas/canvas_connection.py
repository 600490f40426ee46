"""Which Canvas a course lives in, and an authenticated client for it.

The address and the Canvas course id are stored per course (``CanvasConnection``);
the token only in the system keyring or ``CANVAS_API_TOKEN``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from canvasapi import Canvas

from coursekit.db import models as m
from coursekit.db.queries.canvas import canvas_connection_of
from coursekit.domain.problems import HintKind, ProblemCode
from coursekit.interchange.canvas_live import credentials
from coursekit.interchange.canvas_live.client import Whoami, connect, whoami
from coursekit.interchange.canvas_live.errors import CanvasError
from coursekit.interchange.canvas_live.transport import RetryPolicy
from coursekit.services.context import ServiceContext, ServiceError
from coursekit.services.courses import find_course_row


@dataclass(frozen=True, slots=True)
class Connection:
    course_code: str
    course_id: int
    url: str
    canvas_course_id: str | None


@dataclass(frozen=True, slots=True)
class LoginResult:
    connection: Connection
    user: Whoami
    token_source: str  # "keyring" or the environment variable


@dataclass(frozen=True, slots=True)
class CanvasSession:
    """An open Canvas client for a course's connection."""

    canvas: Canvas
    connection: Connection
    policy: RetryPolicy

    @property
    def canvas_course_id(self) -> str:
        if not self.connection.canvas_course_id:
            raise ServiceError(
                f"{self.connection.course_code}: no Canvas course id yet",
                code=ProblemCode.NOT_CONNECTED,
                field="canvas_course",
                hint=HintKind.CANVAS_LOGIN,
            )
        return self.connection.canvas_course_id


def login(
    ctx: ServiceContext,
    url: str,
    *,
    course: str | None = None,
    canvas_course_id: str | None = None,
    token: str | None = None,
    policy: RetryPolicy | None = None,
) -> LoginResult:
    """Check the token against Canvas, then keep it (keyring) and the address (database).
    Without ``token`` the stored one (or ``CANVAS_API_TOKEN``) is checked."""
    try:
        base = credentials.normalize_url(url)
        source = "keyring"
        if token is None:
            token, source = credentials.load_token(base)
        user = whoami(connect(base, token, policy), base)
        if source == "keyring":
            credentials.store_token(base, token)
    except CanvasError as exc:
        raise ServiceError(str(exc), code=ProblemCode.CANVAS_FAILED) from None
    with ctx.transaction() as session:
        course_row = find_course_row(session, course)
        row = canvas_connection_of(session, course_id=course_row.id)
        if row is None:
            assert course_row.id is not None  # a stored course has its primary key
            row = m.CanvasConnection(course_id=course_row.id, base_url=base)
        row.base_url = base
        if canvas_course_id is not None:
            row.canvas_course_id = canvas_course_id.strip() or None
        row.updated_at = datetime.now(UTC)
        session.add(row)
        session.flush()
        found = _connection(course_row, row)
    return LoginResult(found, user, source)


def _connection(course: m.Course, row: m.CanvasConnection) -> Connection:
    assert course.id is not None
    return Connection(course.code, course.id, row.base_url, row.canvas_course_id)


def get_connection(ctx: ServiceContext, course: str | None = None) -> Connection:
    with ctx.read() as session:
        course_row = find_course_row(session, course)
        row = canvas_connection_of(session, course_id=course_row.id)
        if row is None:
            raise ServiceError(
                f"{course_row.code} is not connected to Canvas",
                code=ProblemCode.NOT_CONNECTED,
                hint=HintKind.CANVAS_LOGIN,
            )
        return _connection(course_row, row)


def open_canvas(
    ctx: ServiceContext, course: str | None = None, policy: RetryPolicy | None = None
) -> CanvasSession:
    connection = get_connection(ctx, course)
    policy = policy or RetryPolicy()
    try:
        token, _ = credentials.load_token(connection.url)
        canvas = connect(connection.url, token, policy)
    except CanvasError as exc:
        raise ServiceError(str(exc), code=ProblemCode.CANVAS_FAILED) from None
    return CanvasSession(canvas, connection, policy)


def check(
    ctx: ServiceContext, course: str | None = None, policy: RetryPolicy | None = None
) -> LoginResult:
    """``whoami``: who the stored token belongs to, for the course's Canvas."""
    connection = get_connection(ctx, course)
    try:
        token, source = credentials.load_token(connection.url)
        user = whoami(connect(connection.url, token, policy), connection.url)
    except CanvasError as exc:
        raise ServiceError(str(exc), code=ProblemCode.CANVAS_FAILED) from None
    return LoginResult(connection, user, source)


def logout(ctx: ServiceContext, course: str | None = None) -> bool:
    """Forget the stored token for the course's Canvas (the address stays)."""
    return credentials.forget_token(get_connection(ctx, course).url)
