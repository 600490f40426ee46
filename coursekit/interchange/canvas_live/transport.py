"""Bounded retries under a real Canvas server's limits, at the HTTP layer that
canvasapi's requests session uses.

Canvas throttles with ``403 Forbidden (Rate Limit Exceeded)`` (some proxies send
429) and reports the quota left in ``X-Rate-Limit-Remaining``. A throttled request
was not processed, so it is retried whatever its method; 5xx answers and timeouts
are retried only for idempotent methods (GET/PUT/HEAD) so a POST never runs twice.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import requests
from requests.adapters import HTTPAdapter

IDEMPOTENT = frozenset({"GET", "HEAD", "PUT", "OPTIONS"})
LOW_QUOTA = 50.0  # below this remaining quota, pause before the next request


@dataclass
class RetryPolicy:
    attempts: int = 6  # tries per request, the first included
    base_delay: float = 1.0  # seconds; doubled after each throttled try
    max_delay: float = 30.0
    timeout: tuple[float, float] = (10.0, 120.0)  # connect, read
    sleep: Callable[[float], None] | None = None  # default: time.sleep
    on_wait: Callable[[str, float], None] | None = None  # (reason, seconds) for progress
    waits: list[str] = field(default_factory=list)  # what was waited for (counts, no data)

    def delay(self, attempt: int, retry_after: str | None) -> float:
        if retry_after:
            try:
                return min(float(retry_after), self.max_delay)
            except ValueError:
                pass
        return min(self.base_delay * (2.0**attempt), self.max_delay)

    def wait(self, reason: str, seconds: float) -> None:
        self.waits.append(reason)
        if self.on_wait is not None:
            self.on_wait(reason, seconds)
        self.pause(seconds)

    def pause(self, seconds: float) -> None:
        (self.sleep or time.sleep)(seconds)


def throttled(response: requests.Response) -> bool:
    if response.status_code == 429:
        return True
    return response.status_code == 403 and b"rate limit exceeded" in response.content.lower()


def _remaining(response: requests.Response) -> float | None:
    try:
        return float(response.headers.get("X-Rate-Limit-Remaining", ""))
    except ValueError:
        return None


class RetryingAdapter(HTTPAdapter):
    """``HTTPAdapter`` with timeouts and the retry rules above."""

    def __init__(self, policy: RetryPolicy) -> None:
        super().__init__()
        self.policy = policy

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:  # type: ignore[override]
        policy = self.policy
        if kwargs.get("timeout") is None:
            kwargs["timeout"] = policy.timeout
        method = (request.method or "GET").upper()
        for attempt in range(policy.attempts):
            last = attempt == policy.attempts - 1
            try:
                response = super().send(request, **kwargs)
            except (requests.ConnectionError, requests.Timeout):
                if last or method not in IDEMPOTENT:
                    raise
                policy.wait("timeout", policy.delay(attempt, None))
                continue
            if throttled(response) and not last:
                response.close()
                policy.wait("throttled", policy.delay(attempt, response.headers.get("Retry-After")))
                continue
            if response.status_code >= 500 and method in IDEMPOTENT and not last:
                response.close()
                policy.wait(f"server error {response.status_code}", policy.delay(attempt, None))
                continue
            remaining = _remaining(response)
            if remaining is not None and remaining < LOW_QUOTA and response.ok:
                policy.wait("low quota", policy.base_delay)
            return response
        raise AssertionError("unreachable: the last attempt returns or raises")
