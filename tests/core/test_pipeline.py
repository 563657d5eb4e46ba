"""The whole pipeline on in-memory vaults: never raises, never touches code, stays linear."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mkdocs_vault_kb.core.context import Options
from mkdocs_vault_kb.core.headings import AnchorMaker
from mkdocs_vault_kb.core.index import build_index
from mkdocs_vault_kb.check import read_vault
from mkdocs_vault_kb.core.pipeline import diagnose_note, render_note

ANCHORS = AnchorMaker(lambda s, sep: "-".join(s.lower().split()))
PIECES = st.sampled_from(
    ["[[A]]", "[[A#H]]", "![[A]]", "![[B#^x]]", "[[#H]]", "==m==", "#tag", "%%", "`", "```", "$", "> [!note]", "\n", " ", "x", "|", "^x", "[t](A.md)", "\\", "<!--", "-->", "[[", "]]"]
)


def _index(body: str):
    return build_index({"A.md": "# A\n\n## H\n", "B.md": "para ^x\n", "N.md": body}, [], ANCHORS)


def url_of(path: str) -> str:
    return path[:-3] + "/"


def _reported(index, diagnose) -> set:
    return {d for path in index.notes for d in diagnose(index, path)}


def _same_reports(index) -> None:
    """The check command's diagnose path reports what rendering every page reports (the union
    over the vault: a block embed's own links are reported once, in their note)."""
    rendered = _reported(index, lambda i, p: render_note(i, p, url_of, Options()).diagnostics)
    in_markdown = _reported(index, lambda i, p: render_note(i, p, url_of, Options(), embed_html=False).diagnostics)
    diagnosed = _reported(index, lambda i, p: diagnose_note(i, p, Options()))
    assert diagnosed == rendered == in_markdown


MULTI = st.sampled_from(["[[A]]", "[[B#H]]", "![[A]]", "![[B]]", "![[B#H]]", "![[A#^x]]", "[[Nowhere]]", "![[Ghost]]", "[[A#^y]]", "# H", " ^x", "\n", "\n\n", "x", "`", "[t](B.md)", "[t](gone.md)", "%%"])


@given(st.lists(st.lists(MULTI, max_size=12).map("".join), min_size=3, max_size=3))
@settings(max_examples=200, deadline=None)
def test_diagnose_reports_what_rendering_reports(bodies):
    _same_reports(build_index(dict(zip(("A.md", "B.md", "sub/C.md"), bodies)), [], ANCHORS))


@pytest.mark.parametrize("vault", ["basic", "broken", "differential", "exec_vault/vault", "check_fences/vault", "../../vault"])
def test_diagnose_agrees_with_rendering_on_real_vaults(vault):
    from pathlib import Path

    notes, attachments, errors = read_vault(Path(__file__).parents[1] / "fixtures" / vault)
    _same_reports(build_index(notes, attachments, ANCHORS, read_errors=errors))


@given(st.lists(PIECES, max_size=40).map("".join))
@settings(max_examples=300, deadline=None)
def test_render_never_raises(body):
    r = render_note(_index(body), "N.md", url_of, Options())
    assert isinstance(r.markdown, str)
    assert "\ue000" not in r.markdown  # every placeholder restored


@given(st.text(alphabet=st.characters(blacklist_characters="`\n\ue000\ue001"), max_size=30))
@settings(max_examples=300, deadline=None)
def test_code_spans_are_never_touched(inner):
    body = f"before [[A]] `{inner}` after"
    r = render_note(_index(body), "N.md", url_of, Options())
    assert f"`{inner}`" in r.markdown


def test_fenced_code_is_never_touched():
    code = "```\n[[A]] ![[B]] ==x== #tag %%c%% ^id\n> [!note]\n```"
    r = render_note(_index(code), "N.md", url_of, Options())
    assert code in r.markdown and not r.links


def test_huge_note_renders_every_link():
    para = "Some words [[A]] and [[A#H]] here. " * 20 + "\n\n"
    r = render_note(_index(para * 800), "N.md", url_of, Options())
    assert len(r.links) == 800 * 40 and not r.diagnostics


@pytest.mark.parametrize("embed_html", [True, False])
def test_self_embed_of_a_section_is_allowed_but_a_loop_stops(embed_html):
    body = "# N\n\n## S\n\ntext\n\n![[#S]]\n"
    r = render_note(_index(body), "N.md", url_of, Options(), embed_html=embed_html)
    cycles = [d for d in r.diagnostics if "embed cycle stopped" in d.message]
    assert [(d.line, d.message) for d in cycles] == [(7, "embed cycle stopped: N.md -> N.md#S -> N.md#S")]
    if embed_html:  # a token, filled later from the page's own HTML
        assert r.markdown.count("text") == 1 and [e.key for e in r.embeds] == ["N.md#S"]
        assert (r.embeds[0].anchor, r.embeds[0].end_anchor, r.embeds[0].line) == ("s", None, 7)
    else:
        assert r.markdown.count("text") >= 2 and r.embeds == []


def test_nested_embed_problems_are_reported_without_rendering_the_section():
    index = build_index(
        {"A.md": "# A\n\n## H\n\n![[Ghost]] and ![[B#^nope]]\n\n## Next\n", "B.md": "para ^x\n", "N.md": "![[A#H]]\n"}, [], ANCHORS
    )
    r = render_note(index, "N.md", url_of, Options())
    assert sorted((d.path, d.line, d.message) for d in r.diagnostics) == [
        ("A.md", 5, "embed ![[B#^nope]] reaches B.md but no block ^nope is there"),
        ("A.md", 5, "unresolved embed ![[Ghost]]"),
    ]
    assert [(e.target, e.anchor, e.end_anchor) for e in r.embeds] == [("A.md", "h", "next")]
    assert r.links == [] or all(link.source == "N.md" for link in r.links)


def test_backlink_excerpt_keeps_inline_math_for_typesetting():
    from mkdocs_vault_kb.core.browser_pages import backlinks_html
    from mkdocs_vault_kb.core.graph import build_backlinks

    body = "- The gradient $\\nabla f(x^*) = 0$ holds at [[A]] for <b>all</b> x.\n- next"
    index = _index(body)
    r = render_note(index, "N.md", url_of, Options())
    (entry,) = build_backlinks(index, r.links, url_of)["A/"]
    assert entry["contexts"] == [
        [("text", "The gradient "), ("math", "\\nabla f(x^*) = 0"), ("text", " holds at "), ("mark", "A"), ("text", " for all x.")]
    ]
    out = backlinks_html("A/", [entry])
    assert '<span class="arithmatex">\\(\\nabla f(x^*) = 0\\)</span>' in out
    assert "<mark>A</mark>" in out and "<b>" not in out


def test_display_math_right_under_text_gets_a_blank_line():
    body = "Text\n$$\nx^2\n$$\n\n- item\n  $$y$$\n"
    md = render_note(_index(body), "N.md", url_of, Options()).markdown
    assert "Text\n\n$$\nx^2\n$$" in md
    assert "- item\n  \n  $$y$$" in md
    assert render_note(_index("```\na\n$$\n```"), "N.md", url_of, Options()).markdown == "```\na\n$$\n```"


def test_link_text_with_brackets_and_parentheses_is_not_math():
    """In a paragraph the link is a token (filled after Markdown); in a heading it is raw HTML
    (the toc reads the heading's text): neither may be read as math."""
    import html as htmllib

    import markdown

    from mkdocs_vault_kb.core.tokens import fill

    link = "[[B|x (y) *v* <i> a\\(b\\)]]"
    index = build_index({"B.md": "# B\n", "N.md": f"{link}\n\n## In {link} a heading\n"}, [], ANCHORS)
    r = render_note(index, "N.md", url_of, Options())
    assert len(r.html_runs) == 1  # the heading's link is not a token
    md = markdown.Markdown(
        extensions=["attr_list", "toc", "pymdownx.arithmatex"], extension_configs={"pymdownx.arithmatex": {"generic": True}}
    )
    html = fill(md.convert(r.markdown), r.html_runs)
    assert "arithmatex" not in html
    want = '<a class="vault-link" href="../B/">x (y) *v* <i> a\\(b\\)</a>'  # as typed
    assert htmllib.unescape(html).startswith(f"<p>{want}</p>") and f"In {want} a heading</h2>" in htmllib.unescape(html)
    assert htmllib.unescape(md.toc_tokens[0]["name"]) == "In x (y) *v* <i> a\\(b\\) a heading"


def test_index_cache_reuses_unchanged_notes_only():
    from mkdocs_vault_kb.core.index import NoteCache

    cache: NoteCache = {}
    first = build_index({"A.md": "# A\n", "B.md": "# B\n"}, [], ANCHORS, cache=cache)
    second = build_index({"A.md": "# A\n", "B.md": "# B changed\n"}, [], ANCHORS, cache=cache)
    assert second.notes["A.md"] is first.notes["A.md"]
    assert second.notes["B.md"] is not first.notes["B.md"] and second.notes["B.md"].headings[0].text == "B changed"
    build_index({"A.md": "# A\n"}, [], ANCHORS, cache=cache)
    assert set(cache) == {"A.md"}


def test_backlink_context_never_cuts_another_link_in_half():
    from mkdocs_vault_kb.core.links import sentence_around

    text = "aaa [[Alpha Beta Gamma]] bbb [[T]] ccc [[Delta Epsilon]] ddd"
    i = text.index("[[T]]")
    assert sentence_around(text, i, i + 5, width=14) == "bbb [[T]] ccc"
    assert sentence_around(text, i, i + 5, width=100) == text


def test_figures_become_files_named_by_content():
    import base64

    from mkdocs_vault_kb.core.figures import extract_figures

    svg = b"<svg xmlns='http://www.w3.org/2000/svg'/>"
    data = base64.b64encode(svg).decode()
    saved: dict[str, bytes] = {}

    def save(name: str, content: bytes) -> str:
        saved[name] = content
        return "../f/" + name

    html = f'<figure><img src="data:image/svg+xml;base64,{data}" alt="a"></figure>' * 2
    out = extract_figures(html, save)
    assert "data:" not in out and list(saved.values()) == [svg]
    (name,) = saved
    assert out.count(f'src="../f/{name}"') == 2 and name.endswith(".svg")
    assert extract_figures('<img src="data:image/png;base64,@@@">', save) == '<img src="data:image/png;base64,@@@">'


_SEG = st.sampled_from(["a", "b", "c d", "v1.2"])


@given(st.lists(_SEG, max_size=4), st.booleans(), st.lists(_SEG, max_size=4), st.booleans())
@settings(max_examples=500, deadline=None)
def test_relative_url_agrees_with_posixpath(from_parts, from_dir, to_parts, to_dir):
    import posixpath

    from mkdocs_vault_kb.core.context import relative_url

    # a folder URL ends with "/"; a file's name has an extension (MkDocs never writes "a" for "a/")
    from_url = "/".join(from_parts) + ("/" if from_parts else "") if from_dir else "/".join([*from_parts, "p.html"])
    to_url = "/".join(to_parts) + ("/" if to_parts else "") if to_dir else "/".join([*to_parts, "f.png"])
    if not from_parts and from_dir and from_url == "":
        assert relative_url("./", to_url) == relative_url("", to_url)  # MkDocs' URL of the site's home page
    if not to_parts and to_dir:
        assert relative_url(from_url, "./") == relative_url(from_url, "")
    base = from_url.rstrip("/") if from_url.endswith("/") else posixpath.dirname(from_url)
    want = posixpath.relpath(to_url.rstrip("/") or ".", base or ".")
    want = "./" if want == "." else want + ("/" if to_url.endswith("/") or not to_url else "")
    assert relative_url(from_url, to_url) == want


def test_relative_url_never_reads_as_a_scheme():
    # a note named "javascript:alert(1).md" at the root: its URL from the home page or a page
    # beside it must stay a path (the tags page's lists are not sanitised: core.tagpages)
    import posixpath
    from urllib.parse import urlsplit

    from mkdocs_vault_kb.core.context import relative_url

    for from_url, to_url in [("", "javascript:alert(1)/"), ("a/", "a/javascript:x/"), ("p.html", "data:x.png"), ("", "b/c:d/")]:
        got = relative_url(from_url, to_url)
        assert urlsplit(got).scheme == "", got
        base = from_url.rstrip("/") if from_url.endswith("/") else posixpath.dirname(from_url)
        assert posixpath.normpath(posixpath.join(base or ".", got)) == to_url.rstrip("/"), (from_url, got)
