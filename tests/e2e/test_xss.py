"""No note can inject script: the fixture vault ``xss`` carries payloads in every place a note can
write (title, file name, folder name, aliases, tags, description, author, subtitle, headings,
callout titles, raw HTML, links, reference links, autolinks, embeds, attachments). It is built
with the real MkDocs and Material (with Material's search), and every file of the site that did
not ship with the theme or the plugin is parsed: nothing in it may run, and what was text in the
vault is text a reader sees."""

from __future__ import annotations

import importlib.util
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from .conftest import ROOT, VAULT_PLUGIN, build

_spec = importlib.util.spec_from_file_location("sanitize_checker", ROOT / "tests" / "core" / "test_sanitize.py")
assert _spec is not None and _spec.loader is not None
checker = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(checker)  # the same independent checker as the unit tests

SITE_NAME = "ML Interview Knowledge Base"  # from the root mkdocs.yml the fixture config inherits
TITLE = "<img src=x onerror=alert(101)></title><script>alert(102)</script>"
FILE_TITLE = "<b onmouseover=alert(1)>x"
FOLDER = "<i onmouseover=alert(11)>folder"
HEADING_TITLE = "</title><script>alert(202)</script>"
TAG = "<img/src=x/onerror=alert(104)>"
ALIAS = "<svg onload=alert(12)>"
DESCRIPTION = '"><script>alert(105)</script>'

#: The inline scripts Material's base.html writes into every page (by the start of their text).
MATERIAL_INLINE = ('__md_scope=new URL(', 'var palette=__md_get("__palette")', "var target=document.getElementById(location.hash.slice(1))")


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    built = build("xss", tmp_path_factory.mktemp("xss"), strict=False, plugin_yaml="  - search\n" + VAULT_PLUGIN)
    return built.site


def _theme_script(attrs: dict[str, str]) -> bool:
    """Material's and the plugin's own scripts: files under the site's ``assets/``, Material's
    JSON settings, and Material's three inline scripts (their text is checked afterwards)."""
    src = attrs.get("src")
    if src is not None:
        return checker.scheme(src) is None and re.fullmatch(r"(\.\./|/)*assets/(javascripts|vault)/[\w./-]+\.js", src) is not None
    if attrs.get("id") == "__config":
        return attrs.get("type") == "application/json" and len(attrs) == 2
    return not attrs


#: Material's own forms (the palette switch and the search box): no action, nothing submitted.
MATERIAL_FORMS = ({"class": "md-header__option", "data-md-component": "palette"}, {"class": "md-search__form", "name": "search"})


def _theme_form(tag: str, attrs: dict[str, str]) -> bool:
    return tag == "form" and attrs in MATERIAL_FORMS


def _vault_files(site: Path) -> list[Path]:
    """Every file of the site that did not ship with the theme or the plugin (those are under
    ``assets/``; the fixture vault has no such folder)."""
    return [p for p in site.rglob("*") if p.is_file() and p.relative_to(site).parts[0] != "assets"]


def test_no_file_of_the_site_can_run_script(site):
    files = _vault_files(site)
    suffixes = {p.suffix for p in files}
    assert {".html", ".json", ".xml", ".svg"} <= suffixes
    inline: dict[str, set[str]] = {}
    for path in files:
        rel = path.relative_to(site).as_posix()
        if path.suffix in (".html", ".svg", ".xml"):
            parser = checker.LiveScript(_theme_script, _theme_form)
            parser.feed(path.read_text(encoding="utf-8"))
            parser.close()
            assert parser.found == [], rel
            for attrs, text in parser.scripts:
                if attrs.get("id") == "__config":
                    assert "<" not in text and isinstance(json.loads(text), dict), rel
                elif not attrs:
                    assert text.startswith(MATERIAL_INLINE), (rel, text[:80])
                    assert "alert" not in text and "msgbox" not in text, rel
                    inline.setdefault(next(s for s in MATERIAL_INLINE if text.startswith(s)), set()).add(re.sub(r'new URL\("[./]*",location\)', "", text))
        elif path.suffix == ".json":
            json.loads(path.read_text(encoding="utf-8"))  # data, never markup
        elif path.suffix in (".md", ".txt"):  # the Markdown copies and llms.txt: served as text
            assert path.name in ("llms.txt", "llms-full.txt") or path.name == "index.md", rel
        else:
            assert path.suffix in (".gz", ".png"), f"{rel}: a vault file of a kind a browser may run"
    # each of Material's inline scripts is one text on every page (its base URL aside)
    assert len(inline) == len(MATERIAL_INLINE) and all(len(texts) == 1 for texts in inline.values()), inline


def test_active_attachments_are_not_published(site):
    assert (site / "attachments" / "clean.svg").is_file()
    for name in ("evil.svg", "page.html", "tool.js"):
        assert not (site / "attachments" / name).exists(), name


def test_search_index_holds_no_markup_that_runs(site):
    """Material's search shows titles and text as HTML: they must be inert, and show the text."""
    docs = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    for doc in docs:
        for field in ("title", "text"):
            assert checker.live_script(doc[field]) == [], (doc["location"], field)
            assert not {"img", "svg", "script", "iframe", "a"} & {t for t, _ in checker.elements(doc[field])}, doc
    titles = {_plain(doc["title"]) for doc in docs}
    assert {TITLE, FILE_TITLE, HEADING_TITLE} <= titles


def test_graph_json_is_data_that_cannot_end_a_script(site):
    raw = (site / "graph.json").read_text(encoding="utf-8")
    assert "<" not in raw and ">" not in raw
    titles = {n["title"] for n in json.loads(raw)["nodes"]}
    assert {TITLE, FILE_TITLE} <= titles


class _Page(HTMLParser):
    """The text a reader sees in ``<title>``, in each navigation link, in the h1, and the
    ``content`` of each ``<meta>``."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.title = ""
        self.h1 = ""
        self.nav: list[str] = []
        self.meta: dict[str, str] = {}
        self._in: list[str] = []
        self._nav_depth = 0

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if tag == "meta" and "content" in a:
            self.meta[a.get("name") or a.get("property", "")] = a["content"]
        if tag in ("title", "h1"):
            self._in.append(tag)
        if "md-nav__link" in a.get("class", "").split() or (self._nav_depth and tag not in ("br",)):
            if tag not in ("br", "img", "input"):
                self._nav_depth += 1
                if self._nav_depth == 1:
                    self.nav.append("")

    def handle_endtag(self, tag):
        if self._in and self._in[-1] == tag:
            self._in.pop()
        if self._nav_depth and tag not in ("br", "img", "input"):
            self._nav_depth -= 1

    def handle_data(self, data):
        if "title" in self._in:
            self.title += data
        if "h1" in self._in:
            self.h1 += data
        if self._nav_depth:
            self.nav[-1] += data


def _page(site: Path, url: str) -> _Page:
    p = _Page()
    p.feed((site / url / "index.html").read_text(encoding="utf-8") if url else (site / "index.html").read_text(encoding="utf-8"))
    p.close()
    p.title, p.h1 = " ".join(p.title.split()), " ".join(p.h1.replace("¶", "").split())
    p.nav = [" ".join(t.split()) for t in p.nav]
    return p


def _plain(markup: str) -> str:
    """The text a reader sees in ``markup``, whitespace collapsed."""
    parts = [x[1] for x in checker.canonical(markup) if x[0] == "text"]
    return " ".join("".join(parts).split())


@pytest.mark.parametrize(
    ("url", "title"),
    [("Title Payload", TITLE), ("<b onmouseover=alert(1)>x", FILE_TITLE), ("Heading Payload", HEADING_TITLE)],
)
def test_titles_are_text_in_title_h1_and_navigation(site, url, title):
    page = _page(site, url)
    assert page.title == f"{title} - {SITE_NAME}"
    assert page.h1.endswith(title) or page.h1 == title
    home = _page(site, "")
    assert any(t == title or t.startswith(title + " ") for t in home.nav), home.nav  # subtitle may follow
    assert not any("&lt;" in t or "&amp;" in t for t in home.nav + [page.title, page.h1]), "escaped twice"


def test_folder_names_are_text_in_the_navigation(site):
    assert FOLDER in _page(site, "").nav


def test_frontmatter_text_is_text_in_meta_tags(site):
    page = _page(site, "Title Payload")
    assert page.meta["og:title"] == TITLE
    assert page.meta["description"] == DESCRIPTION
    assert page.meta["og:description"] == DESCRIPTION
    assert page.meta["author"] == "<script>alert(106)</script>"


def test_tags_aliases_and_link_texts_show_literally(site):
    tags_page = _plain((site / "tags" / "index.html").read_text(encoding="utf-8"))
    assert "#" + TAG in tags_page and TITLE in tags_page
    home = _plain((site / "index.html").read_text(encoding="utf-8"))
    assert ALIAS in home and FILE_TITLE in home and TITLE in home  # alias link, wikilink, embed head
    links = _plain((site / "Links" / "index.html").read_text(encoding="utf-8"))
    for text in ("inline", "mixed case", "angle", "reference", "vb", "data", "entity", "titled"):
        assert f" {text} " in f" {links} ", text


def test_dangerous_markdown_links_become_dead_links(site):
    tags = checker.elements((site / "Links" / "index.html").read_text(encoding="utf-8"))
    anchors = {a.get("title", ""): a for t, a in tags if t == "a"}
    assert "href" not in anchors["title"]  # [titled](javascript:... "title")
    hrefs = [a.get("href", "") for t, a in tags if t == "a"]
    assert "https://example.com/" in hrefs and "mailto:a@example.com" in hrefs
    assert any(t == "img" and a.get("src", "").startswith("data:image/png;base64,") for t, a in tags)


def test_allowed_html_is_kept(site):
    tags = checker.elements((site / "Allowed HTML" / "index.html").read_text(encoding="utf-8"))
    assert ("span", {"class": "keep", "style": "color: red", "data-kind": "kept", "id": "kept-span"}) in tags
    names = [t for t, _ in tags]
    for name in ("details", "summary", "kbd", "sub", "sup", "mark", "table", "video", "audio"):
        assert name in names, name
    assert any(t == "iframe" and a.get("src") == "https://www.youtube.com/embed/abc" for t, a in tags)
    home = checker.elements((site / "index.html").read_text(encoding="utf-8"))
    assert any(t == "img" and a.get("src", "").endswith("attachments/clean.svg") for t, a in home)  # a clean SVG embeds


@pytest.mark.slow
def test_flagship_pages_lose_nothing_but_danger(tmp_path, monkeypatch):
    """The flagship built for real (its code executed): every page's HTML means the same before
    and after the sanitiser (same elements, attributes and text; only the serialisation may
    differ), so the allow-list keeps all that MkDocs, Material, pymdown-extensions and the
    plugin emit. Prints the sanitiser's share of the build."""
    import time

    import mkdocs_vault_kb.plugin as plugin

    pairs: list[tuple[str, str]] = []
    spent = [0.0]
    real = plugin.sanitize_html

    def recording(fragment: str) -> str:
        start = time.perf_counter()
        out = real(fragment)
        spent[0] += time.perf_counter() - start
        pairs.append((fragment, out))
        return out

    monkeypatch.setattr(plugin, "sanitize_html", recording)
    flagship = "  - search\n  - vault:\n      home: Machine Learning Interview Topics.md"
    build(str(ROOT / "vault"), tmp_path, strict=True, plugin_yaml=flagship, copy=False)
    assert len(pairs) > 100
    changed = [before[:200] for before, after in pairs if checker.canonical(before) != checker.canonical(after)]
    assert changed == []
    print(f"\nsanitised {len(pairs)} pages, {sum(len(b) for b, _ in pairs) / 2**20:.1f} MiB, in {spent[0] * 1000:.0f} ms")
