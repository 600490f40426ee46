"""Secrets written into a template by value: AWS keys, session tokens, private
keys, and passwords assigned in scripts, environment variables and defaults.

Every pattern is bounded (no unbounded repeat before a literal), so scanning a
string is linear in its length. Findings name the *kind* of secret and the
variable it is assigned to, never the secret itself.
"""

from __future__ import annotations

import base64
import binascii
import math
import re
from collections import Counter
from typing import NamedTuple

#: Found anywhere (outside documentation sections): unambiguous shapes.
_ANYWHERE: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("an AWS access key id", re.compile(r"(?<![A-Z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Z0-9])")),
    (
        "an AWS session token",
        # Learner Lab "AWS Details" tokens start with these base64 prefixes.
        re.compile(r"(?<![A-Za-z0-9+/])(?:IQoJb3JpZ2luX2Vj|FwoGZXIvYXdz)[A-Za-z0-9+/=]{80,}"),
    ),
    (
        "a private key",
        re.compile(r"-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED )?PRIVATE KEY-----"),
    ),
)

#: A secret-like word; what follows it decides whether a value is assigned.
_SECRET_WORD = re.compile(r"(?i)password|passwd|pwd|secret|token|api_?key|access_?key|credential")
#: ``NAME=value`` / ``name: value`` / ``"name": "value"`` after the word (bounded).
_ASSIGNED = re.compile(
    # a colon only counts when a space or quote follows: "secret:x" in an ARN is no assignment
    r"(?P<rest>[A-Za-z0-9_.-]{0,20})[\"']?[ \t]{0,5}(?:=|:(?=[ \t\"']))[ \t]{0,5}[\"']?"
    r"(?P<value>[^\s\"'\\,;)}]{6,256})"
)
_NAME_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-")
#: ``mysql -u admin -pS3cret`` and friends: a ``-p<value>`` flag with a mysql
#: client name at most 200 characters before it on the same line.
_P_FLAG = re.compile(r"\s-p(?P<value>[^\s\"']{4,128})")
_MYSQL = re.compile(r"(?<![\w-])mysql(?:admin|dump)?\b")
_NOT_A_VALUE = re.compile(r"^(?:\$|\{\{|%|<|\*+$|x+$|true$|false$|none$|null$|changeme$)", re.I)


class SecretHit(NamedTuple):
    kind: str  # "an AWS access key id", "a password assigned to DB_PASSWORD", …


def entropy(text: str) -> float:
    """Shannon entropy in bits per character."""
    counts = Counter(text)
    n = len(text)
    return -sum(c / n * math.log2(c / n) for c in counts.values())


_CLASSES = (
    re.compile("[a-z]"),
    re.compile("[A-Z]"),
    re.compile("[0-9]"),
    re.compile("[^A-Za-z0-9]"),
)
#: ``-p`` flags examined per string.
_MAX_FLAGS = 1000
#: Enough to report: more hits in one string add nothing but time.
_MAX_HITS = 8


def _looks_secret(value: str) -> bool:
    if _NOT_A_VALUE.search(value):
        return False  # a shell/template variable, a placeholder or a flag
    classes = sum(1 for pattern in _CLASSES if pattern.search(value))
    return classes >= 2 and entropy(value) >= 2.5


def _decoded(text: str) -> str | None:
    """The text of a base64 literal (UserData written pre-encoded), else None."""
    compact = "".join(text.split())
    if len(compact) < 16 or len(compact) % 4 or not re.fullmatch(r"[A-Za-z0-9+/]+=*", compact):
        return None
    try:
        raw = base64.b64decode(compact, validate=True)
        return raw.decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return None


def find_secrets(text: str, *, assignments: bool) -> list[SecretHit]:
    """Secrets in ``text`` (also inside a base64 literal); ``assignments`` enables
    the name=value and mysql -p rules, which only make sense in scripts, code,
    environment variables, defaults and outputs."""
    hits: list[SecretHit] = []
    for candidate in (text, _decoded(text)):
        if not candidate:
            continue
        for kind, pattern in _ANYWHERE:
            if pattern.search(candidate):
                hits.append(SecretHit(kind))
        if not assignments:
            continue
        for word in _SECRET_WORD.finditer(candidate):
            if len(hits) >= _MAX_HITS:
                break
            match = _ASSIGNED.match(candidate, word.end())
            if match is None or not _looks_secret(match.group("value")):
                continue
            start = word.start()
            while start > 0 and word.start() - start < 40 and candidate[start - 1] in _NAME_CHARS:
                start -= 1
            name = candidate[start : word.end()] + match.group("rest")
            hits.append(SecretHit(f"a secret assigned to {name}"))
        for count, match in enumerate(_P_FLAG.finditer(candidate)):
            if count >= _MAX_FLAGS:
                break  # bounded work per string; real scripts have a handful
            start = match.start()
            line_start = candidate.rfind("\n", max(0, start - 200), start) + 1
            window = candidate[max(line_start, start - 200) : start]
            if _MYSQL.search(window) and _looks_secret(match.group("value")):
                hits.append(SecretHit("a database password on a mysql command line"))
                break
    return list(dict.fromkeys(hits))


def secret_by_name(name: str, value: str) -> SecretHit | None:
    """A high-entropy value stored under a secret-like key (``API_TOKEN: tk_9f…``)."""
    if (
        _SECRET_WORD.search(name)
        and 8 <= len(value) <= 256
        and not any(c.isspace() for c in value)
        and not value.startswith("arn:")
        and _looks_secret(value)
    ):
        return SecretHit(f"a secret-looking value under {name}")
    return None
