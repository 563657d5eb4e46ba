"""Length-prefixed JSON frames over pipes, shared by the stage and its worker processes.

JSON rather than pickle: a worker runs note code, and nothing it sends back can run code here.
"""

from __future__ import annotations

import json
import os
import struct
from typing import Any

_HEADER = struct.Struct("!Q")


def encode(message: Any) -> bytes:
    """One frame: an 8-byte length, then the message as UTF-8 JSON."""
    data = json.dumps(message, separators=(",", ":")).encode()
    return _HEADER.pack(len(data)) + data


def write_frame(fd: int, message: Any) -> None:
    """Write one whole frame to the file descriptor ``fd``."""
    view = memoryview(encode(message))
    while view:
        written = os.write(fd, view)
        view = view[written:]


class FrameReader:
    """Collects bytes as they arrive and hands back complete messages."""

    def __init__(self) -> None:
        self._buffer = bytearray()

    def feed(self, data: bytes) -> list[Any]:
        """Add ``data``; return every message now complete, oldest first."""
        self._buffer += data
        messages = []
        while len(self._buffer) >= _HEADER.size:
            (length,) = _HEADER.unpack_from(self._buffer)
            end = _HEADER.size + length
            if len(self._buffer) < end:
                break
            messages.append(json.loads(self._buffer[_HEADER.size : end]))
            del self._buffer[:end]
        return messages


def read_frame(fd: int, reader: FrameReader) -> Any | None:
    """Block until one message arrives on ``fd``; None at end of file."""
    while True:
        messages = reader.feed(b"")
        if messages:
            return messages[0]  # callers here only ever have one message in flight
        data = os.read(fd, 1 << 20)
        if not data:
            return None
        messages = reader.feed(data)
        if messages:
            return messages[0]
