"""The Canvas transport against the local server: bounded retries for 5xx only
where a request is safe to repeat, a pause when the quota runs low, errors as
one line without the token."""

from __future__ import annotations

from typing import Any

import pytest

from coursekit.interchange.canvas_live.client import connect, whoami
from coursekit.interchange.canvas_live.credentials import normalize_url
from coursekit.interchange.canvas_live.errors import CanvasError
from coursekit.interchange.canvas_live.push import GradeWrite, write_grades
from coursekit.interchange.canvas_live.transport import RetryPolicy
from support import canvas_server as server


def _policy(slept: list[float]) -> RetryPolicy:
    return RetryPolicy(sleep=slept.append)


def test_a_get_is_retried_after_server_errors_with_growing_waits(canvas: Any) -> None:
    fake, url = canvas
    slept: list[float] = []
    fake.server_errors = 2
    assert whoami(connect(url, server.TOKEN, _policy(slept)), url).name == "Dr. Instructor"
    assert slept == [1.0, 2.0]


def test_a_post_is_never_repeated_after_a_server_error(canvas: Any) -> None:
    fake, url = canvas
    slept: list[float] = []
    client = connect(url, server.TOKEN, _policy(slept))
    fake.server_errors, fake.server_error_method = 1, "POST"
    with pytest.raises(CanvasError, match=r"writing grades to Canvas course 5001: .*\(502\)"):
        write_grades(client, "5001", [GradeWrite("11", "1937901", 30.0)], sleep=slept.append)
    assert [m for m, _ in fake.requests].count("POST") == 1
    assert fake.bulk_payloads == []


def test_a_low_quota_pauses_before_the_next_request(canvas: Any) -> None:
    fake, url = canvas
    slept: list[float] = []
    policy = _policy(slept)
    fake.remaining = "12.5"
    whoami(connect(url, server.TOKEN, policy), url)
    assert policy.waits == ["low quota"] and slept == [1.0]


def test_a_bad_token_is_one_line_without_the_token(canvas: Any) -> None:
    _, url = canvas
    with pytest.raises(CanvasError) as info:
        whoami(connect(url, "wrong-token-123", RetryPolicy(sleep=lambda s: None)), url)
    assert str(info.value) == (
        "checking the Canvas login: Canvas refused the access token (401); "
        "run `coursekit canvas login` again"
    )


def test_unreachable_canvas_is_one_line() -> None:
    url = "http://127.0.0.1:9"  # discard port: nothing listens
    policy = RetryPolicy(sleep=lambda s: None, attempts=2)
    with pytest.raises(CanvasError, match=r"^checking the Canvas login: cannot reach 127.0.0.1:9$"):
        whoami(connect(url, "t", policy), url)


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("https://school.instructure.com/", "https://school.instructure.com"),
        ("https://school.instructure.com/api/v1", "https://school.instructure.com"),
        ("http://localhost:3000", "http://localhost:3000"),
        ("http://[::1]:3000", "http://[::1]:3000"),
    ],
)
def test_addresses(given: str, expected: str) -> None:
    assert normalize_url(given) == expected


@pytest.mark.parametrize(
    "given",
    [
        "http://school.instructure.com",
        "ftp://x",
        "school.instructure.com",
        "https://user:pw@school.instructure.com",
    ],
)
def test_refused_addresses(given: str) -> None:
    with pytest.raises(CanvasError):
        normalize_url(given)
