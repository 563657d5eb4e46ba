"""Which note is the site's front page.

Obsidian Publish keeps the home page as a setting of the site, not of the vault's files; here it
is a property of the vault, so that a vault built with another vault's configuration (``INHERIT``)
takes none of that vault's choices: the note whose frontmatter says ``home: true`` (Digital
Garden's ``dg-home: true`` is read too), unless the configuration names one. A vault with neither
keeps MkDocs' own rule: its ``index.md`` is the front page.
"""

from __future__ import annotations

from .index import VaultIndex

MARKS = ("home", "dg-home")


def find_home(index: VaultIndex, configured: str | None) -> tuple[str | None, list[str]]:
    """The home note's vault path (or None), and messages for a configuration that cannot be met."""
    if configured:
        if configured in index.notes:
            return configured, []
        return None, [f"home note '{configured}' (the plugin's `home` setting) is not in the vault"]
    marked = [p for p, n in index.notes.items() if any(n.meta.get(k) is True for k in MARKS)]
    marked.sort()
    if len(marked) > 1:
        others = ", ".join(marked[1:])
        return marked[0], [f"{marked[0]}: several notes say `home: true`; this one is the front page, not {others}"]
    return (marked[0] if marked else None), []
