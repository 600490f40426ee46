"""The services' handle on the database: one engine, one session per operation."""

from __future__ import annotations

import functools
import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, ParamSpec, TypeVar

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import IntegrityError

from coursekit.config import Settings
from coursekit.db import migrate, safety
from coursekit.db.engine import make_engine
from coursekit.domain.problems import HintKind, ProblemCode

if TYPE_CHECKING:  # the ORM (sqlalchemy.orm, SQLModel) loads with the first session
    from sqlmodel import Session


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while building hundreds of thousands of
    long-lived tuples (bulk imports, class-wide views): its repeated full passes over
    the growing heap cost more than the reading itself (10,000 students × 40
    assessments: 0.8 s → 0.4 s to load the scores). Reference counting still frees
    memory; the previous state is restored."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


P = ParamSpec("P")
R = TypeVar("R")


def gc_paused(func: Callable[P, R]) -> Callable[P, R]:
    """``func`` run inside ``paused_gc``, the collector re-enabled only once the call has
    returned: by then its frame — every fact and row the call read — has been freed by
    reference counting. Re-enabled inside the call instead, the first collection after
    it walked all of them (≈ 0.1 s after the 10,000-student dashboard)."""

    @functools.wraps(func)
    def paused(*args: P.args, **kwargs: P.kwargs) -> R:
        with paused_gc():
            return func(*args, **kwargs)

    return paused


class ServiceError(Exception):
    """A user-facing failure: the message is one line, safe to print, and states the problem
    only. ``code`` says what went wrong, ``field`` which input (as the service names it, e.g.
    ``"behind"``, ``"course"``), ``hint`` what the user can do; the CLI and the TUI word the
    hint in their own terms (``cli.hints``, ``tui.hints``), nobody reads the message text."""

    def __init__(
        self,
        message: str,
        *,
        code: ProblemCode,
        field: str | None = None,
        hint: HintKind | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.field = field
        self.hint = hint

    @classmethod
    def bad_input(cls, message: str, field: str) -> ServiceError:
        """A value the user gave for ``field`` is not valid; the edges say where to fix it."""
        return cls(message, code=ProblemCode.INVALID_VALUE, field=field, hint=HintKind.FIX_VALUE)


class NotFound(ServiceError):
    def __init__(
        self,
        message: str,
        *,
        code: ProblemCode = ProblemCode.NOT_FOUND,
        field: str | None = None,
        hint: HintKind | None = None,
    ) -> None:
        super().__init__(message, code=code, field=field, hint=hint)


class Conflict(ServiceError):
    """The record changed underneath (another user's edit won)."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message, code=ProblemCode.CONFLICT, field=field)


@contextmanager
def conflict_on_stale(message: str) -> Iterator[None]:
    """Report a lost race on a row's version counter (SQLAlchemy raises StaleDataError at
    the flush or commit) as a ``Conflict`` with ``message``. Wrap the whole
    ``ctx.transaction()``, so a failure at commit is caught too."""
    from sqlalchemy.orm.exc import StaleDataError

    try:
        yield
    except (StaleDataError, IntegrityError):
        # IntegrityError: a concurrent writer inserted the same unique row first (two
        # extension grants creating one score row): the same lost race, not a bug
        raise Conflict(message) from None


@dataclass(slots=True)
class ServiceContext:
    settings: Settings
    engine: Engine

    @classmethod
    def open(
        cls, settings: Settings, *, upgrade: bool = True, create: bool = True
    ) -> ServiceContext:
        """Make the engine; bring the schema to head (migrations only) unless told not to.

        With ``create=False`` (every CLI command but ``init`` and ``db upgrade``) a missing
        SQLite file or an empty database is refused instead of created; a database that is
        not coursekit's, or is of a newer schema, is always refused (``db.safety``)."""
        try:
            safety.check_url(settings.db_url, create=create)
            engine = make_engine(settings.db_url)
            safety.check_schema(engine, create=create, known_revisions=migrate.known_revisions())
        except safety.DatabaseRefused as exc:
            raise ServiceError(str(exc), code=ProblemCode.DATABASE_REFUSED) from None
        if upgrade and not migrate.is_current(engine):
            migrate.upgrade(engine)
        return cls(settings=settings, engine=engine)

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session for reading; nothing is committed."""
        from sqlmodel import Session

        with Session(self.engine, expire_on_commit=False) as session:
            yield session

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work: commit on success, roll back on any error."""
        from sqlmodel import Session

        with Session(self.engine, expire_on_commit=False) as session, session.begin():
            yield session

    @contextmanager
    def read_core(self) -> Iterator[Connection]:
        """A Core connection for reading, without the ORM: for commands whose whole
        work is one query, so they start without importing SQLAlchemy's ORM, SQLModel
        and the model classes (``coursekit courses``)."""
        with self.engine.connect() as conn:
            yield conn

    def close(self) -> None:
        self.engine.dispose()
