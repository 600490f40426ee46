"""The Canvas address and access token.

The token lives in the system keyring (service ``coursekit-canvas``, one entry
per Canvas address); ``CANVAS_API_TOKEN`` is the fallback where there is no
keyring (CI, containers). It is never written to the database, a log or a message.
"""

from __future__ import annotations

import ipaddress
import os
from urllib.parse import urlsplit

from coursekit.interchange.canvas_live.errors import CanvasError

SERVICE = "coursekit-canvas"
ENV_TOKEN = "CANVAS_API_TOKEN"


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def normalize_url(url: str) -> str:
    """``https://school.instructure.com`` form: https (plain http only to this
    machine), no path, no trailing slash."""
    text = url.strip().rstrip("/")
    if text.endswith("/api/v1"):
        text = text[: -len("/api/v1")]
    parts = urlsplit(text)
    host = parts.hostname or ""
    if parts.scheme not in ("https", "http") or not host:
        raise CanvasError(f"{url!r} is not a Canvas address (https://canvas.example.edu)")
    if parts.scheme == "http" and not _loopback(host):
        raise CanvasError(
            f"{url!r}: Canvas must be reached over https (plain http only to localhost)"
        )
    if parts.username or parts.password or parts.query or parts.fragment:
        raise CanvasError(f"{url!r}: give only the address, without user, query or fragment")
    return text


def store_token(url: str, token: str) -> None:
    """Keep ``token`` in the system keyring for ``url``."""
    import keyring
    from keyring.errors import KeyringError

    if not token.strip():
        raise CanvasError("empty access token")
    try:
        keyring.set_password(SERVICE, url, token.strip())
    except KeyringError:
        raise CanvasError(
            f"no system keyring on this machine: set {ENV_TOKEN} in the environment instead"
        ) from None


def forget_token(url: str) -> bool:
    """Remove the stored token; False when there was none (or no keyring)."""
    import keyring
    from keyring.errors import KeyringError, PasswordDeleteError

    try:
        keyring.delete_password(SERVICE, url)
    except (PasswordDeleteError, KeyringError):
        return False
    return True


def load_token(url: str) -> tuple[str, str]:
    """The token for ``url`` and where it came from ("keyring" or the variable name)."""
    import keyring
    from keyring.errors import KeyringError

    try:
        token = keyring.get_password(SERVICE, url)
    except KeyringError:
        token = None
    if token:
        return token, "keyring"
    env = os.environ.get(ENV_TOKEN, "").strip()
    if env:
        return env, ENV_TOKEN
    raise CanvasError(
        f"no Canvas access token for {url}: run `coursekit canvas login` or set {ENV_TOKEN}"
    )
