"""Stage 0: a note's bytes as the text every later stage reads, whatever the file holds.

- A UTF-8 byte-order mark is dropped; CRLF and lone CR line ends become LF (a vault edited on
  Windows reads as one edited anywhere else), so frontmatter and line numbers work alike.
- Bytes that are not UTF-8 are read as Windows-1252 (which also covers Latin-1 text; its five
  unassigned bytes map to the C1 controls of the same value), so a note saved by an old editor
  stays readable, with one message saying so.
- NUL and the other C0 control characters (tab and line feed aside) are replaced by U+FFFD: they
  have no meaning in Markdown, and Python-Markdown uses some of them as its own placeholders.
"""

from __future__ import annotations

import codecs
import re

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f]")


def _latin1_fallback(exc: UnicodeError) -> tuple[str, int]:
    """Windows-1252 leaves five bytes unassigned; read them as Latin-1 does (C1 controls)."""
    assert isinstance(exc, UnicodeDecodeError)
    return exc.object[exc.start : exc.end].decode("latin-1"), exc.end


codecs.register_error("vault-latin1-fallback", _latin1_fallback)


def _cp1252(data: bytes) -> str:
    return data.decode("cp1252", errors="vault-latin1-fallback")


def decode_note(data: bytes) -> tuple[str, list[tuple[int, str]]]:
    """The note's text, and (line, message) pairs for what had to be repaired."""
    problems: list[tuple[int, str]] = []
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        text = _cp1252(data)
        problems.append((line, f"not valid UTF-8 (byte {exc.start}): read as Windows-1252; save the note as UTF-8"))
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    m = _CONTROL.search(text)
    if m:
        line = text.count("\n", 0, m.start()) + 1
        count = len(_CONTROL.findall(text))
        text = _CONTROL.sub("\ufffd", text)
        problems.append((line, f"{count} control character(s) such as U+{ord(m.group()):04X} replaced by U+FFFD"))
    return text, problems
