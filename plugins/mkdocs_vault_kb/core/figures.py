"""Executed figures as files: ``<img src="data:...">`` in a page becomes a link to one file per
figure (named by its content), so pages stay small, browsers cache figures, and MkDocs never
parses megabytes of base64 as raw HTML."""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from collections.abc import Callable

DATA_IMG = re.compile(r'(<img src=")data:image/(svg\+xml|png);base64,([A-Za-z0-9+/=]+)(")')
EXTENSION = {"svg+xml": "svg", "png": "png"}


def extract_figures(html: str, save: Callable[[str, bytes], str]) -> str:
    """Replace each data-URI image by the URL ``save(file_name, data)`` returns for its bytes."""

    def repl(m: re.Match[str]) -> str:
        try:
            data = base64.b64decode(m.group(3), validate=True)
        except (binascii.Error, ValueError):
            return m.group(0)
        name = hashlib.sha256(data).hexdigest()[:20] + "." + EXTENSION[m.group(2)]
        return m.group(1) + save(name, data) + m.group(4)

    return DATA_IMG.sub(repl, html) if "data:image/" in html else html
