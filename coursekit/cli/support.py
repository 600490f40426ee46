"""What every CLI command shares: global options, the service context, one-line
errors, tables. Kept light: importing this must not import pandas or Textual."""

from __future__ import annotations

import errno
import functools
import json
import math
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, is_dataclass
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

import typer

if TYPE_CHECKING:
    from coursekit.config import Settings
    from coursekit.services.context import ServiceContext

P = ParamSpec("P")
R = TypeVar("R")


@dataclass
class GlobalOptions:
    db: str | None = None


options = GlobalOptions()

CourseOption = typer.Option(None, "--course", "-c", help="Course code (default: the only course).")
JsonOption = typer.Option(False, "--json", help="Print JSON for scripts instead of a table.")


def settings() -> Settings:
    from coursekit.config import load_settings

    return load_settings(db=options.db)


@contextmanager
def service_context(*, create: bool = False) -> Iterator[ServiceContext]:
    """The services' context; only ``create=True`` (``init``) may create a database."""
    from coursekit.services.context import ServiceContext

    ctx = ServiceContext.open(settings(), create=create)
    try:
        yield ctx
    finally:
        ctx.close()


def fail(message: str, code: int = 2) -> typer.Exit:
    """Print one line to stderr; the caller raises the returned Exit."""
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code)


def user_errors(func: Callable[P, R]) -> Callable[P, R]:
    """Turn user mistakes (bad files, unknown courses, conflicts) into one-line errors."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except (typer.Exit, typer.Abort, typer.TyperException):
            raise
        except Exception as exc:
            raise _user_error(exc, as_json=bool(kwargs.get("as_json"))) from None

    return wrapper


def _user_error(exc: Exception, *, as_json: bool) -> typer.Exit:
    """Print ``exc`` as one line (and as JSON under ``--json`` for a service error); the
    error classes are imported here, on failure, so that start-up does not pay for them."""
    from coursekit.interchange.toml_source import SourceError
    from coursekit.services.context import ServiceError

    if isinstance(exc, ServiceError):
        from coursekit.cli.hints import error_line, problem_json

        if as_json:
            print_json({"error": {"message": exc.message, **problem_json(exc)}})
        return fail(error_line(exc))
    if isinstance(exc, SourceError):
        return fail(str(exc))
    if isinstance(exc, FileNotFoundError):
        return fail(f"{exc.filename}: no such file")
    message = describe_failure(exc)
    if message is not None:
        return fail(message)
    from coursekit.cli.crash_log import unexpected_error_line

    return fail(unexpected_error_line(exc), code=1)


def describe_failure(exc: BaseException) -> str | None:
    """One line for a failure the user can cause or fix (database, disk, files), else None."""
    if isinstance(exc, OSError) and not hasattr(exc, "orig"):
        name = exc.filename if exc.filename is not None else "a file"
        if exc.errno == errno.ENOSPC:
            return f"{name}: no space left on the disk (nothing was written)"
        if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            return f"{name}: permission denied (read-only file, folder or disk?)"
        if exc.filename is not None and exc.strerror:
            return f"{name}: {exc.strerror}"
        return None
    if type(exc).__module__.startswith("sqlalchemy"):
        from coursekit.db.safety import describe_db_error

        return describe_db_error(exc)
    return None


def print_table(title: str | None, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """A readable table; cells are shown literally (never as Rich markup)."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(title=title, show_lines=False)
    for column in columns:
        table.add_column(column)
    for row in rows:
        table.add_row(*(Text("" if v is None else str(v)) for v in row))
    Console(soft_wrap=False).print(table)


def print_json(data: Any) -> None:
    """Strict JSON: a value no float can hold (``inf``, ``nan``) is written as ``null``,
    never as the ``Infinity`` that JSON parsers reject."""
    try:
        text = json.dumps(data, indent=2, default=str, ensure_ascii=False, allow_nan=False)
    except ValueError:
        text = json.dumps(_finite(data), indent=2, default=str, ensure_ascii=False)
    sys.stdout.write(text + "\n")


def _finite(data: Any) -> Any:
    if isinstance(data, float):
        return data if math.isfinite(data) else None
    if isinstance(data, dict):
        return {key: _finite(value) for key, value in data.items()}
    if isinstance(data, list | tuple):
        return [_finite(value) for value in data]
    if is_dataclass(data) and not isinstance(data, type):
        return _finite(asdict(data))
    return data
