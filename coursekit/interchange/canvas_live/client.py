"""A canvasapi ``Canvas`` with the retry transport, and Canvas errors as one line."""

from __future__ import annotations

import logging
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import urlsplit

import requests
from canvasapi import Canvas
from canvasapi import exceptions as cx
from canvasapi import requester as canvasapi_requester

from coursekit.interchange.canvas_live.credentials import normalize_url
from coursekit.interchange.canvas_live.errors import CanvasError
from coursekit.interchange.canvas_live.transport import RetryingAdapter, RetryPolicy

# canvasapi logs request and response bodies at DEBUG: those hold student data.
logging.getLogger("canvasapi").setLevel(logging.WARNING)


def _omitted(_value: object) -> str:
    return "<omitted by coursekit>"


# ... and it pretty-prints every body for those log lines even when DEBUG is off
# (half the time of a large pull). Bodies are never logged by coursekit, so the
# formatter canvasapi's requester uses is replaced by one that drops them.
canvasapi_requester.pformat = _omitted


def connect(url: str, token: str, policy: RetryPolicy | None = None) -> Canvas:
    base = normalize_url(url)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # canvasapi warns on http://, allowed for loopback only
        canvas = Canvas(base, token)
    requester = canvas._Canvas__requester
    adapter = RetryingAdapter(policy or RetryPolicy())
    requester._session.mount("https://", adapter)
    requester._session.mount("http://", adapter)
    return canvas


@contextmanager
def canvas_errors(what: str, url: str = "") -> Iterator[None]:
    """Turn canvasapi / requests failures into a ``CanvasError`` naming ``what``."""
    host = urlsplit(url).netloc or "Canvas"
    try:
        yield
    except (cx.InvalidAccessToken, cx.Unauthorized):
        raise CanvasError(
            f"{what}: Canvas refused the access token (401); run `coursekit canvas login` again"
        ) from None
    except cx.Forbidden as exc:
        if "rate limit" in str(exc).lower():
            raise CanvasError(
                f"{what}: Canvas kept throttling the requests (403 Rate Limit Exceeded); "
                "try again in a few minutes"
            ) from None
        raise CanvasError(f"{what}: the token may not do this in Canvas (403 Forbidden)") from None
    except cx.ResourceDoesNotExist:
        raise CanvasError(f"{what}: not found in Canvas (404)") from None
    except cx.RateLimitExceeded:
        raise CanvasError(f"{what}: Canvas kept throttling the requests (429)") from None
    except cx.CanvasException as exc:
        status = getattr(exc, "status_code", None) or _status(str(exc))
        raise CanvasError(f"{what}: Canvas answered with an error{status}") from None
    except requests.Timeout:
        raise CanvasError(f"{what}: {host} did not answer in time") from None
    except requests.ConnectionError:
        raise CanvasError(f"{what}: cannot reach {host}") from None
    except (ValueError, KeyError, TypeError) as exc:
        raise CanvasError(f"{what}: unexpected answer from Canvas ({type(exc).__name__})") from None


def _status(text: str) -> str:
    for word in text.split():
        if word.isdigit() and len(word) == 3:
            return f" ({word})"
    return ""


@dataclass(frozen=True, slots=True)
class Whoami:
    user_id: int
    name: str
    login: str


def whoami(canvas: Canvas, url: str) -> Whoami:
    with canvas_errors("checking the Canvas login", url):
        user = canvas.get_current_user()
        return Whoami(
            int(user.id), str(getattr(user, "name", "")), str(getattr(user, "login_id", "") or "")
        )
