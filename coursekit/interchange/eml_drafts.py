"""Messages to students as ready-to-send drafts: one RFC 5322 ``.eml`` file per student
(standard library ``email``) plus a mail-merge csv. Nothing is sent.

Names come from spreadsheets and are untrusted: control characters (CR/LF could start
a new header) are removed before a name reaches a header, an encoded-word opener
``=?`` is broken up so a mail client cannot decode a forged name, the address is
parsed by ``email.headerregistry`` (which quotes markup such as ``<b>`` in the
display name), and the csv neutralises formula triggers (``=cmd``).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Sequence
from datetime import datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

from coursekit.domain.cell_safety import escape
from coursekit.domain.messages import Message
from coursekit.interchange.atomic import atomic_path, atomic_text

_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029\u0085]+")
_UNSAFE_FILE = re.compile(r"[^A-Za-z0-9_-]+")
MERGE_COLUMNS = ("student_id", "name", "email", "subject", "body", "reasons", "file")


def header_text(text: str) -> str:
    """``text`` safe for one header line: control characters become one space."""
    return _CONTROL.sub(" ", text).replace("=?", "= ?").strip()


def _address(name: str, email: str) -> Address | None:
    """The recipient, or None when ``email`` is not a plain valid address."""
    if _CONTROL.search(email) or email.count("@") != 1:
        return None
    local, domain = email.strip().rsplit("@", 1)
    try:
        return Address(display_name=header_text(name), username=local, domain=domain)
    except (ValueError, IndexError, TypeError):
        return None


def build_eml(message: Message, *, sender: str | None, date: datetime) -> EmailMessage | None:
    """The draft of ``message``; None when the student has no usable e-mail address."""
    to = _address(message.name, message.email or "")
    if to is None:
        return None
    eml = EmailMessage()
    if sender:
        eml["From"] = header_text(sender)
    eml["To"] = to
    eml["Subject"] = header_text(message.subject)
    eml["Date"] = format_datetime(date)
    eml["X-Unsent"] = "1"  # mail clients open the file as a draft to review and send
    eml.set_content(message.body)
    return eml


def file_stem(student_id: str, used: set[str]) -> str:
    stem = _UNSAFE_FILE.sub("_", student_id).strip("_") or "student"
    candidate, n = stem, 2
    while candidate in used:
        candidate, n = f"{stem}-{n}", n + 1
    used.add(candidate)
    return candidate


def write_drafts(
    out_dir: Path, messages: Sequence[Message], *, sender: str | None, date: datetime
) -> tuple[list[Path], list[Message]]:
    """One ``.eml`` per message with an address, and ``mail-merge.csv`` listing every
    message (those without an address too, ``file`` empty). Returns (files written,
    messages without a usable address)."""
    out_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    written: list[Path] = []
    no_address: list[Message] = []
    rows: list[list[str]] = []
    used: set[str] = set()
    for message in messages:
        eml = build_eml(message, sender=sender, date=date)
        file = ""
        if eml is None:
            no_address.append(message)
        else:
            path = out_dir / f"{file_stem(message.student_id, used)}.eml"
            with atomic_path(path) as tmp:
                tmp.write_bytes(eml.as_bytes())
            written.append(path)
            file = path.name
        rows.append(
            [
                message.student_id,
                message.name,
                message.email or "",
                message.subject,
                message.body,
                " ".join(message.reasons),
                file,
            ]
        )
    merge = out_dir / "mail-merge.csv"
    with atomic_text(merge, newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(MERGE_COLUMNS)
        writer.writerows([escape(cell) for cell in row] for row in rows)
    written.append(merge)
    return written, no_address
