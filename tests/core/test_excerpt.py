"""The excerpts of "Linked mentions": whole blocks or sentences, plain text, the link marked."""

from __future__ import annotations

import posixpath
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from mkdocs_vault_kb.core.browser_pages import backlinks_html
from mkdocs_vault_kb.core.excerpt import ELLIPSIS, LIMIT, link_excerpt, plain, text_excerpt



def TO_PCA(ref) -> bool:  # noqa: N802 - stands for a resolver
    name = posixpath.basename(ref.target).lower().removesuffix(".md")
    return name in ("pca", "principal component analysis")


def excerpt(text: str, line: int | None = None, limit: int = LIMIT):
    lines = text.split("\n")
    if line is None:
        line = next(i for i, x in enumerate(lines) if "PCA" in x or "Principal" in x)
    return link_excerpt(lines, line, TO_PCA, limit)


def test_a_list_item_without_its_marker_and_markup():
    segs = excerpt("Intro.\n\n- other item\n- **Linear** models: see [[PCA|principal components]] and `np.linalg`\n  continued here.\n- next")
    assert plain(segs) == "Linear models: see principal components and np.linalg continued here."
    assert ("mark", "principal components") in segs and ("code", "np.linalg") in segs


def test_numbered_items_callouts_headings_and_table_rows():
    assert plain(excerpt("1. Reduce with [[PCA]] first.\n2. Then fit.")) == "Reduce with PCA first."
    assert plain(excerpt("> [!tip]- Why use [[PCA]]?\n> Because.")) == "Why use PCA?"
    assert plain(excerpt("> quoted line with [[PCA]]\n> and its second line\n\nafter")) == "quoted line with PCA and its second line"
    assert plain(excerpt("## Relation to [[PCA]] ##\ntext")) == "Relation to PCA"
    assert plain(excerpt("| method | [[PCA\\|pca]] | linear |\n|---|---|---|")) == "method · pca · linear"


def test_a_paragraph_ends_at_blank_lines_headings_and_lists():
    text = "# T\nfirst line of it\nsecond with [[PCA]] ^blk\n- a list\n\nother"
    assert plain(excerpt(text)) == "first line of it second with PCA"


def test_a_long_paragraph_gives_way_to_the_sentence():
    filler = " ".join(["Filler sentence number %d is here." % k for k in range(20)])
    text = f"{filler} Tree-based models converge slower than [[PCA]] does, e.g. on images. {filler}"
    assert plain(excerpt(text)) == "Tree-based models converge slower than PCA does, e.g. on images."


def test_a_long_sentence_is_cut_between_words_with_ellipses():
    words = " ".join(f"word{k}" for k in range(200))
    segs = excerpt(f"{words} then [[PCA]] equalises {words}.", limit=120)
    text = plain(segs)
    assert text.startswith(ELLIPSIS + " word") and text.endswith(" " + ELLIPSIS)
    assert "PCA" in text and len(text) <= 120 + 4
    for word in text.strip(ELLIPSIS + " ").split():
        assert word in ("then", "PCA", "equalises") or re.fullmatch(r"word\d+", word)


def test_math_and_links_are_never_cut():
    math = "$" + " + ".join(f"x_{k}" for k in range(40)) + "$"
    segs = excerpt(f"Sum {math} is reduced by [[PCA]] here " + "and more " * 60, limit=80)
    assert ("mark", "PCA") in segs
    assert all(not t.startswith(" +") for k, t in segs if k == "math")
    assert any(k == "math" and t == math[1:-1] for k, t in segs) or all(k != "math" for k, _ in segs)


def test_property_links_and_other_links_stay_text():
    segs = text_excerpt("related: [[PCA]], [[t-SNE]]", TO_PCA)
    assert segs == [("text", "related: "), ("mark", "PCA"), ("text", ", t-SNE")]
    segs = excerpt("See [PCA](<../Unsupervised/PCA.md#view>) and [site](https://x.org/PCA).")
    assert segs == [("text", "See "), ("mark", "PCA"), ("text", " and site.")]


def test_images_comments_footnotes_and_html_leave_nothing():
    text = "![[fig.png|200]] A <b>bold</b> ![alt](a.png) %%hidden%% claim[^1] about [[PCA]] ==here==."
    assert plain(excerpt(text)) == "A bold claim about PCA here."


def test_the_section_is_escaped_marked_and_left_out_of_search():
    segs = excerpt("<script>x</script> 1 < 2 & [[PCA|a < b & c]] $x<y$")
    out = backlinks_html("A/", [{"source": "N/", "title": "N <i>", "contexts": [segs]}])
    assert "<script>" not in out and "<i>" not in out and "<b>" not in out
    assert "<mark>a &lt; b &amp; c</mark>" in out
    assert '<span class="arithmatex">\\(x&lt;y\\)</span>' in out
    assert out.startswith('<section class="vault-backlinks" data-search-exclude>')
    assert '<h2 id="vault-linked-mentions" data-search-exclude>' in out


# -- properties -----------------------------------------------------------------------------

WORD = st.from_regex(r"[A-Za-z][a-z]{0,9}", fullmatch=True)
PIECE = st.one_of(
    WORD,
    WORD.map(lambda w: f"**{w}**"),
    WORD.map(lambda w: f"*{w}*"),
    WORD.map(lambda w: f"[[{w}]]"),
    WORD.map(lambda w: f"[[Other|{w}]]"),
    WORD.map(lambda w: f"`{w}`"),
    st.sampled_from(["[[PCA]]", "[[PCA|the PCA note]]", "e.g.", "done.", "Why?", "x,", "(so)"]),
)
MARKER = st.sampled_from(["", "- ", "* ", "+ ", "1. ", "12) ", "> ", "> [!note] ", "- [ ] ", "## "])


@settings(max_examples=300, deadline=None)
@given(
    before=st.lists(PIECE, max_size=80),
    after=st.lists(PIECE, max_size=80),
    marker=MARKER,
    limit=st.integers(40, 300),
)
def test_excerpts_never_cut_words_or_leak_markup(before, after, marker, limit):
    line = marker + " ".join([*before, "[[PCA]]", *after])
    full = plain(link_excerpt([line], 0, TO_PCA, 10_000))
    segs = link_excerpt([line], 0, TO_PCA, limit)
    text = plain(segs)
    assert any(kind == "mark" for kind, _ in segs)
    for leak in ("[[", "]]", "**", "`"):
        assert leak not in text
    assert not re.match(r"^(?:[-*+>]|\d+[.)]|#+|\[!)\s", text)
    core = text.removeprefix(ELLIPSIS + " ").removesuffix(" " + ELLIPSIS)
    at = full.find(core)
    assert at >= 0, (core, full)
    assert at == 0 or full[at - 1] == " ", (core, full)  # starts at a word
    end = at + len(core)
    assert end == len(full) or full[end] == " " or not full[end - 1].isalnum(), (core, full)  # ends at a word
    if not text.startswith(ELLIPSIS):  # no ellipsis: the excerpt starts where the block or a sentence does
        assert at == 0 or _sentence_start(full, at), (core, full)
    if not text.endswith(ELLIPSIS):
        assert end == len(full) or re.search(r"[.?!][\"')\]]*$", core), (core, full)
    assert len(core) <= limit + 15  # the limit, or the word it falls in


def _sentence_start(full: str, at: int) -> bool:
    return bool(re.search(r"[.?!][\"')\]]* $", full[:at]))
