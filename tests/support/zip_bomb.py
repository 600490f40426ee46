"""Build a zip bomb without inflating it: one deflate block of zeros, flushed so the
compressor's state resets, repeated until the file is ``compressed_bytes`` long (each
1 MiB of zeros costs ~1 KB). The CRC is not computed (a bomb need not be honest); the
declared uncompressed size is ``declared`` (truthful or a lie)."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

_ZEROS = bytes(1 << 20)


def _block() -> tuple[bytes, bytes, bytes]:
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    head = c.compress(_ZEROS) + c.flush(zlib.Z_FULL_FLUSH)
    again = c.compress(_ZEROS) + c.flush(zlib.Z_FULL_FLUSH)
    return head, again, c.flush()


def make_zip_bomb(
    path: Path, compressed_bytes: int = 15 * 2**20, declared: int = 4_000_000_000
) -> tuple[int, int]:
    """Write the bomb; returns (file size, bytes it would inflate to)."""
    head, block, tail = _block()
    repeats = max(1, (compressed_bytes - len(head) - len(tail)) // len(block))
    data = head + block * repeats + tail
    inflated = (repeats + 1) * len(_ZEROS)
    name = b"xl/worksheets/sheet1.xml"
    size = min(declared, 0xFFFFFFFF)
    local = struct.pack(
        "<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0, 0, len(data), size, len(name), 0
    )
    central = struct.pack(
        "<IHHHHHHIIIHHHHHII",
        0x02014B50,
        20,
        20,
        0,
        8,
        0,
        0,
        0,
        len(data),
        size,
        len(name),
        0,
        0,
        0,
        0,
        0,
        0,
    )
    wb_name = b"xl/workbook.xml"
    wb = b"<workbook/>"
    wb_crc = zlib.crc32(wb)
    wb_local = struct.pack(
        "<IHHHHHIIIHH", 0x04034B50, 20, 0, 0, 0, 0, wb_crc, len(wb), len(wb), len(wb_name), 0
    )
    offset_wb = len(local) + len(name) + len(data)
    wb_central = struct.pack(
        "<IHHHHHHIIIHHHHHII",
        0x02014B50,
        20,
        20,
        0,
        0,
        0,
        0,
        wb_crc,
        len(wb),
        len(wb),
        len(wb_name),
        0,
        0,
        0,
        0,
        0,
        offset_wb,
    )
    body = local + name + data + wb_local + wb_name + wb
    directory = central + name + wb_central + wb_name
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 2, 2, len(directory), len(body), 0)
    path.write_bytes(body + directory + end)
    return len(body + directory + end), inflated
