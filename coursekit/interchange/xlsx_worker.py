"""Read an xlsx file's cells with python-calamine in a child process.

Why a child: calamine is native code. A forged workbook that gets past the
zip pre-check (``xlsx_inspect``) could still make it allocate without bound,
and Rust aborts the whole process (SIGABRT, uncatchable) when an allocation
fails — that would take the CLI, or the TUI with its unsaved state, down.
The child caps its own address space (``RLIMIT_AS``) before loading calamine,
so a runaway allocation ends the child, and the parent reports one clean line.

Protocol: the parent writes the file's bytes to the child's stdin; the child
answers with a sequence of ``marshal`` records on stdout:
``("names", [sheet, ...])``, then ``("rows", rows, row_numbers)`` chunks, then
``("end",)`` — or ``("error", message)`` at any point. This module imports
only the standard library (and calamine inside the child), so the child
starts in ~50 ms.
"""

from __future__ import annotations

import io
import json
import marshal
import os
import signal
import subprocess
import sys
import threading
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import IO, Any

_CHUNK_ROWS = 20_000


class WorkerError(Exception):
    """The child could not read the file; ``str()`` is a short reason (no cell content)."""


@dataclass(slots=True)
class WorkerResult:
    sheet_names: list[str]
    rows: list[list[str]]
    row_numbers: list[int]


# ---- parent side --------------------------------------------------------------------------


def read_in_child(
    data: bytes,
    *,
    sheet: str | None,
    head: int | None,
    max_rows: int,
    names_only: bool = False,
    memory_bytes: int,
    timeout_s: float,
) -> WorkerResult:
    """Run the reader in a child process; any crash, memory cap or timeout is a WorkerError."""
    request = json.dumps(
        {
            "sheet": sheet,
            "head": head,
            "max_rows": max_rows,
            "names_only": names_only,
            "memory": memory_bytes,
        }
    )
    env = {k: v for k, v in os.environ.items() if k.startswith(("PATH", "LANG", "LC_"))}
    env["RUST_BACKTRACE"] = "0"
    proc = subprocess.Popen(
        [sys.executable, "-s", "-m", "coursekit.interchange.xlsx_worker", request],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,  # a Rust panic message could quote cell text
        env={**env, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)},
    )
    timed_out = threading.Event()

    def kill() -> None:
        timed_out.set()
        proc.kill()

    timer = threading.Timer(timeout_s, kill)
    timer.daemon = True
    timer.start()
    try:
        return _collect(proc, data)
    except WorkerError:
        if timed_out.is_set():
            raise WorkerError(f"reading took longer than {timeout_s:.0f} s (stopped)") from None
        raise
    finally:
        timer.cancel()
        if proc.poll() is None:
            proc.kill()
        proc.wait()
        for stream in (proc.stdin, proc.stdout):
            if stream is not None:
                stream.close()


def _collect(proc: subprocess.Popen[bytes], data: bytes) -> WorkerResult:
    assert proc.stdin is not None and proc.stdout is not None
    try:
        proc.stdin.write(data)
        proc.stdin.close()
    except (BrokenPipeError, OSError):
        pass  # the child died early: its exit status says why
    names: list[str] = []
    rows: list[list[str]] = []
    numbers: list[int] = []
    while True:
        try:
            record = _receive(proc.stdout)
        except (EOFError, ValueError, TypeError):
            raise WorkerError(_death_reason(proc.wait())) from None
        kind = record[0]
        if kind == "names":
            names = list(record[1])
        elif kind == "rows":
            rows.extend(record[1])
            numbers.extend(record[2])
        elif kind == "error":
            raise WorkerError(str(record[1]))
        else:
            return WorkerResult(names, rows, numbers)


def _receive(stream: IO[bytes]) -> tuple[Any, ...]:
    """One length-prefixed marshal record (``marshal.load`` on a pipe reads in tiny pieces)."""
    size = stream.read(8)
    if len(size) < 8:
        raise EOFError
    blob = stream.read(int.from_bytes(size, "little"))
    if len(blob) < int.from_bytes(size, "little"):
        raise EOFError
    return marshal.loads(blob)  # type: ignore[no-any-return]


def _send(out: IO[bytes], record: tuple[Any, ...]) -> None:
    blob = marshal.dumps(record)
    out.write(len(blob).to_bytes(8, "little"))
    out.write(blob)


def _death_reason(code: int) -> str:
    if code == -signal.SIGABRT or code == -signal.SIGKILL or code == -signal.SIGSEGV:
        return "the xlsx reader needed more memory than allowed or crashed (forged workbook?)"
    if code < 0:
        return f"the xlsx reader was stopped by signal {-code}"
    return f"the xlsx reader failed (exit status {code})"


# ---- child side ---------------------------------------------------------------------------


def cell_text(value: object) -> str:
    """One calamine value as the text a user sees in Excel (integers without ``.0``)."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, timedelta):
        return str(value.total_seconds())
    return "" if value is None else str(value)


class FloatTexts(dict[float, str]):
    """Each distinct number's text, made once (a gradebook holds a few thousand distinct
    numbers in hundreds of thousands of cells). Keyed by floats only: ``True == 1.0``."""

    def __missing__(self, value: float) -> str:
        text = self[value] = cell_text(value)
        return text


def row_texts(values: list[Any], floats: FloatTexts) -> list[str]:
    """``cell_text`` of every value of a row, numbers through ``floats``."""
    return [
        v if type(v) is str else floats[v] if type(v) is float else cell_text(v) for v in values
    ]


def _visible_sheets(workbook: Any) -> list[str]:
    metadata = list(getattr(workbook, "sheets_metadata", None) or [])
    names = [
        str(meta.name)
        for meta in metadata
        if str(getattr(meta, "typ", "")).endswith("WorkSheet")
        and str(getattr(meta, "visible", "")).endswith("Visible")
    ]
    return names or [str(n) for n in workbook.sheet_names]


def _serve(request: dict[str, Any], data: bytes, out: IO[bytes]) -> None:
    from python_calamine import CalamineWorkbook

    workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
    visible = _visible_sheets(workbook)
    _send(out, ("names", visible))
    if request["names_only"]:
        return
    wanted = request["sheet"]
    all_names = [str(n) for n in workbook.sheet_names]
    if wanted is not None and wanted not in all_names:
        _send(out, ("error", f"no sheet named {wanted!r} (sheets: {', '.join(all_names)})"))
        return
    sheet = workbook.get_sheet_by_name(wanted or (visible[0] if visible else all_names[0]))
    head, max_rows = request["head"], request["max_rows"]
    start = sheet.start[0] if sheet.start else 0
    rows: list[list[str]] = []
    numbers: list[int] = []
    total = 0
    floats = FloatTexts()
    for offset, values in enumerate(sheet.iter_rows()):
        cells = row_texts(values, floats)
        while cells and not cells[-1]:
            cells.pop()
        if not cells or not any(c.strip() for c in cells):
            continue
        rows.append(cells)
        numbers.append(start + offset + 1)
        total += 1
        if total > max_rows + 1:
            _send(out, ("error", f"more than {max_rows} rows (limit)"))
            return
        if head is not None and total >= head:
            break
        if len(rows) >= _CHUNK_ROWS:
            _send(out, ("rows", rows, numbers))
            rows, numbers = [], []
    _send(out, ("rows", rows, numbers))


def main() -> None:
    request = json.loads(sys.argv[1])
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (request["memory"], request["memory"]))
    except (ImportError, ValueError, OSError):  # pragma: no cover - platforms without rlimits
        pass
    data = sys.stdin.buffer.read()
    out = sys.stdout.buffer
    try:
        _serve(request, data, out)
    except MemoryError:
        _send(out, ("error", "needs more memory than allowed (forged workbook?)"))
    except Exception as exc:  # calamine's errors: XmlError, CalamineError, ZipError, …
        _send(out, ("error", f"not a readable xlsx file ({type(exc).__name__})"))
    else:
        _send(out, ("end",))
    out.flush()


if __name__ == "__main__":
    main()
