"""Property: MkDocs with the plugin builds any small vault, whatever its files hold.

Random vaults (random bytes, random YAML frontmatter, random Markdown of wikilinks, embeds,
callouts, fences, math, HTML) are built for real: no exception escapes, every note gets a page
(or a warning naming it), and the vault is byte-identical afterwards."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings, strategies as st

from .conftest import build
from .hostile import fingerprint

pytestmark = pytest.mark.slow

NAMES = ["Alpha", "beta note", "Ünïcode", "x", "Deep/Nested", "a.b", "Alpha copy"]
YAML = st.sampled_from([
    "title: T", "title: 404", "title: null", "title: no", "title: [unclosed", "created: 2024-02-30",
    "aliases: [A1, 2024-01-05]", "tags: [t/x, '#y']", "a: &a [1, 2]", "b: *a", "c: *missing",
    "x: !!python/object/apply:os.system ['true']", "home: true", "hide: 5", "template: ../x.html",
    "search: {exclude: true}", "\tbad", "key: \"\\u0000\"", "- list", "? [a]\n: b", "d: [[[[[[", "",
])
INLINE = st.sampled_from([
    "[[Alpha]]", "[[beta note#H]]", "![[Alpha]]", "![[beta note#H]]", "![[Alpha#^blk]]", "[[Missing]]",
    "[[../../etc/passwd]]", "[x](javascript:alert(1))", "[y](Alpha.md)", "![z](../../x.png)", "$x^2$",
    "==hi==", "%%hidden%%", "#tag", "^blk", "<b onmouseover=alert(1)>b</b>", "<script>alert(1)</script>",
    "`code [[Alpha]]`", "\\[[no]]", "[[Alpha|<i>t</i>]]", "**b**", "\x00", "\r\n", "é", " ",
])
BLOCK = st.sampled_from([
    "# H", "## H", "> [!note] Title", "> [!question]- Q\n> answer", "```python\nx = [[1]]\n```",
    "```run-python\nprint(1)\n```", "$$\na^2\n$$", "- item [[Alpha]]", "| a | b |\n|---|---|\n| [[Alpha\\|x]] | y |",
    "---", "<details><summary>s</summary>d</details>", "```", "Key: value",
])


@st.composite
def note_text(draw) -> bytes:
    if draw(st.integers(0, 9)) == 0:
        return draw(st.binary(max_size=200))
    parts = []
    if draw(st.booleans()):
        parts.append("---\n" + "\n".join(draw(st.lists(YAML, max_size=4))) + "\n---")
    for _ in range(draw(st.integers(0, 6))):
        if draw(st.booleans()):
            parts.append(draw(BLOCK))
        else:
            parts.append(" ".join(draw(st.lists(st.one_of(INLINE, st.text(max_size=10)), max_size=6))))
    sep = draw(st.sampled_from(["\n\n", "\n", "\r\n"]))
    return sep.join(parts).encode("utf-8", errors="surrogatepass")


PLUGIN = "  - vault:\n      execute:\n        enabled: false"
vaults = st.dictionaries(st.sampled_from(NAMES), note_text(), min_size=1, max_size=5)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(vaults)
@example({"Alpha": b"---\nhome: true\n---"})  # the front page (core.home): site/index.html
def test_any_small_vault_builds(vault):
    with tempfile.TemporaryDirectory() as tmp:
        docs = Path(tmp) / "docs"
        for name, data in vault.items():
            path = docs / f"{name}.md"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        before = fingerprint(docs)
        built = build("", Path(tmp), strict=False, docs=docs, plugin_yaml=PLUGIN)
        warnings = " ".join(built.messages())
        for name, data in vault.items():
            page = built.site / name / "index.html"
            front_page = b"home: true" in data and (built.site / "index.html").is_file()  # core.home
            assert page.is_file() or front_page or f"{name}.md" in warnings, name
        assert fingerprint(docs) == before
