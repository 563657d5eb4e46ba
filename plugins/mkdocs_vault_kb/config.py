"""The plugin's settings in ``mkdocs.yml`` (``plugins: - vault: {...}``)."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c


class ExecuteConfig(base.Config):
    """``execute:`` run ``run-python`` fences at build time."""

    enabled = c.Type(bool, default=True)
    timeout = c.Type((int, float), default=30)
    workers = c.Type(int, default=0)  # 0: one per core
    memory_mb = c.Type(int, default=2048)
    cache_dir = c.Type(str, default=".cache/vault-exec")  # relative to the config file
    inline_figures = c.Type(bool, default=False)  # data URIs in the page instead of figure files
    output_limit_kb = c.Type(int, default=1024)  # most output a fence shows (stdout + stderr)
    sandbox = c.Type(bool, default=True)  # Landlock on Linux: fences write only in their folder


class VaultConfig(base.Config):
    # The note published as the site's front page. Unset: the note whose frontmatter says
    # `home: true` (or Digital Garden's `dg-home: true`), else the vault's index.md.
    home = c.Optional(c.Type(str))
    publish_symlinked_folders = c.Type(bool, default=False)  # files behind a symlinked folder
    resolve_aliases = c.Type(bool, default=True)  # [[Alias]] resolves as on Obsidian Publish
    tags_dir = c.Type(str, default="tags")
    max_embed_depth = c.Type(int, default=8)
    snippets_dir = c.Type(str, default="snippets")  # relative to the config file
    graph = c.Type(bool, default=True)  # graph.json, backlinks.json, the graph page, local graphs
    local_graph_depth = c.Choice((1, 2), default=1)
    backlinks = c.Type(bool, default=True)  # "Linked mentions" at the end of every note
    mathjax = c.Type(bool, default=True)  # load the shipped MathJax when pymdownx.arithmatex is on
    execute = c.SubConfig(ExecuteConfig)
    llms_txt = c.Type(bool, default=True)  # llms.txt at the site root (core.llms)
    markdown_copies = c.Type(bool, default=True)  # each note's Markdown next to its page (Note/index.md)
    feed = c.Type(bool, default=True)  # feed.xml: an Atom feed of the notes by last change (core.feed)
    feed_length = c.Type(int, default=50)  # entries in the feed
