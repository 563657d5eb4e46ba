"""``==highlight==`` -> ``<mark>highlight</mark>`` (the text inside stays Markdown)."""

from __future__ import annotations

import re

_HIGHLIGHT = re.compile(r"==(?<![=\\]==)(?=[^\s=])(.+?)(?<=[^\s\\])==(?!=)")


def highlight(text: str) -> str:
    return _HIGHLIGHT.sub(r"<mark>\1</mark>", text)
