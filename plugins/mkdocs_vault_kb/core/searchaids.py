"""What Material's search should and should not read on a note's page.

- Aliases: Obsidian Publish finds a note by its aliases. Material's search weighs a section's
  title 1,000 times its text and ranks a page's own entry (its h1 section) five times a section
  of it (two and a half times after its post-query boost), so the aliases go into the note's h1,
  in a ``hidden`` span: in the page's search title ("Principal Component Analysis · PCA ·
  principal components"), never shown or read out, not in the table of contents (built from the
  Markdown before). A note without a leading h1 gets a hidden heading per alias at its end
  instead (sections of the page: found, ranked lower).
- Math: the TeX source of ``pymdownx.arithmatex`` output is meaningless in a search snippet;
  ``data-search-exclude`` (honoured by Material's search parser on any element) leaves it out of
  the index, and MathJax still typesets it on the page.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

from .index import fold

ALIAS_ID = "vault-alias-{}"
_ARITHMATEX = re.compile(r'<(span|div) class="arithmatex">')


def _new_aliases(aliases: Sequence[str], title: str) -> list[str]:
    seen = {fold(title)}
    out = []
    for alias in aliases:
        alias = " ".join(str(alias).split())
        if alias and fold(alias) not in seen:
            seen.add(fold(alias))
            out.append(alias)
    return out


_HEADERLINK = re.compile(r'<a class="headerlink"|</h1>')


def aliases_in_title(page_html: str, aliases: Sequence[str], title: str) -> str | None:
    """The page with its aliases in a hidden span at the end of its leading h1; None when the
    page does not open with an h1 (Material then prints the title itself)."""
    names = _new_aliases(aliases, title)
    if not page_html.lstrip().startswith("<h1"):
        return None
    if not names:
        return page_html
    m = _HEADERLINK.search(page_html)
    if m is None:
        return None
    # spaces around the dots: Material's index splits on whitespace and keeps punctuation
    span = '<span class="vault-aliases" hidden>' + "".join(f" \u00b7 {html.escape(n)}" for n in names) + "</span>"
    return page_html[: m.start()] + span + page_html[m.start() :]


def aliases_search_html(aliases: Sequence[str], title: str) -> str:
    """Hidden headings, one per alias (an alias equal to the title, ignoring case, adds nothing)."""
    return "".join(
        f'<h2 id="{ALIAS_ID.format(k)}" class="vault-alias" hidden>{html.escape(alias)}</h2>'
        for k, alias in enumerate(_new_aliases(aliases, title), 1)
    )


def math_out_of_search(page_html: str) -> str:
    """Mark arithmatex's math elements for Material's search to skip."""
    return _ARITHMATEX.sub(r'<\1 class="arithmatex" data-search-exclude>', page_html)
