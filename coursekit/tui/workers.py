"""Thread workers for service calls.

Services block (SQL), so screens call them from thread workers and hand results back with
``deliver(self.app, callback, result)`` ("attributes down, messages up"). ``service_work`` is
``@work(thread=True, exit_on_error=False)`` plus error reporting: a failing service call must not
kill the app, so the error becomes a notification — a ``ServiceError`` shows its one-line
message, anything else only its class name (never row data; details go to the log).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from textual import work
from textual.app import App
from textual.worker import get_current_worker


def error_message(error: BaseException) -> str:
    """What the user sees for a failed service call: one line, no student data of other rows."""
    from coursekit.services.context import ServiceError
    from coursekit.tui.hints import error_text

    if isinstance(error, ServiceError):
        return error_text(error)
    return f"unexpected error ({type(error).__name__}); details are in the log"


def report_error(app: App[Any], error: BaseException) -> None:
    """Notify the user of ``error`` (callable from any thread)."""
    if not app.is_running:
        return
    app.log.error(f"service call failed: {type(error).__name__}")
    app.call_from_thread(
        app.notify, error_message(error), title="Error", severity="error", markup=False
    )


def service_work(
    *, group: str = "default", exclusive: bool = True, description: str = ""
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Decorate a DOM-node method that calls services: runs in a thread worker; an exception
    becomes an error notification instead of closing the app."""

    def decorator(method: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(method)
        def guarded(self: Any, *args: Any, **kwargs: Any) -> Any:
            try:
                return method(self, *args, **kwargs)
            except Exception as exc:
                report_error(self.app, exc)
                raise

        return work(
            guarded,
            thread=True,
            exclusive=exclusive,
            group=group,
            exit_on_error=False,
            description=description or None,
        )

    return decorator


def deliver(app: App[Any], callback: Callable[..., Any], *args: Any) -> None:
    """From a worker thread: run ``callback(*args)`` on the UI thread unless the worker was
    cancelled meanwhile (an exclusive reload superseded it; its data would be stale)."""
    if get_current_worker().is_cancelled or not app.is_running:
        return
    app.call_from_thread(callback, *args)
