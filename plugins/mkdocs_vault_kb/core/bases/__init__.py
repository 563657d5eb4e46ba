"""Obsidian Bases: ``.base`` files, ``base`` code blocks and ``![[x.base]]`` embeds, evaluated at
build time over the published notes (``expr``: the parser; ``evaluate``: the values;
``render``: the views as HTML). No MkDocs import."""

from __future__ import annotations

import re

from ..tokens import _NONCE
from .evaluate import VaultData
from .render import render_base

__all__ = ["VaultData", "render_base", "embed_marker", "EMBED_MARKER", "BASE_FENCE"]

#: What ``![[x.base#View]]`` leaves in a note's Markdown: a plain word carrying the base's path
#: and view (hex), swapped by the adapter for the rendered view once every note is known.
_PREFIX = f"vaultbase{_NONCE}"
EMBED_MARKER = re.compile(rf"{_PREFIX}x([0-9a-f]*)x([0-9a-f]*)z")
#: A ```` ```base ```` code block of a note.
BASE_FENCE = re.compile(r"^(?P<indent>[ \t]{0,3})(?P<fence>`{3,}|~{3,})[ \t]*base[ \t]*\n(?P<body>.*?)^(?P=indent)(?P=fence)[ \t]*$", re.M | re.S)


def embed_marker(path: str, view: str | None) -> str:
    return f"{_PREFIX}x{path.encode().hex()}x{(view or '').encode().hex()}z"


def read_marker(m: re.Match[str]) -> tuple[str, str | None]:
    path = bytes.fromhex(m.group(1)).decode("utf-8", "replace")
    view = bytes.fromhex(m.group(2)).decode("utf-8", "replace") or None
    return path, view
