"""Block ids: ``text ^id`` becomes an anchor ``#^id`` on the page and vanishes from the text."""

from __future__ import annotations

import html
import re

_TRAILING_ID = re.compile(r"\^(?<=[ \t]\^)([A-Za-z0-9-]+)[ \t]*$", re.M)
_STANDALONE_ID = re.compile(r"^([ \t>]*)\^([A-Za-z0-9-]+)[ \t]*$", re.M)


def anchor(block_id: str) -> str:
    return f'<a class="vault-block-anchor" id="^{html.escape(block_id)}"></a>'


def block_anchors(text: str) -> str:
    text = _STANDALONE_ID.sub(lambda m: m.group(1) + anchor(m.group(2)), text)
    return _TRAILING_ID.sub(lambda m: anchor(m.group(1)), text)
