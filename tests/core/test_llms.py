"""llms.txt and the notes' Markdown copies (core.llms): layout, escaping, links to the site."""

from __future__ import annotations

import re

from markdown.extensions.toc import slugify

from mkdocs_vault_kb.core.context import Options
from mkdocs_vault_kb.core.headings import AnchorMaker
from mkdocs_vault_kb.core.index import build_index
from mkdocs_vault_kb.core.llms import (
    Entry,
    FullNote,
    copy_url,
    llms_full,
    llms_txt,
    markdown_copy,
    md_text,
    md_url,
    note_entries,
)
from llmstxt_format import llms_txt_problems

HOSTILE = "a <script>alert(1)</script> & [x](javascript:y)\n# not a heading\r\n> nor a quote"


def test_text_is_one_literal_line():
    out = md_text(HOSTILE)
    assert "\n" not in out and "\r" not in out
    assert "<" not in out.replace("\\<", "") and ">" not in out.replace("\\>", "")
    assert "&" not in out.replace("\\&", "") and "[" not in out.replace("\\[", "")
    assert out.startswith("a \\<script\\>alert(1)\\</script\\> \\& \\[x\\](javascript:y) \\# not a heading")


def test_urls_stay_one_destination():
    assert md_url("a b/(c)/<d>") == "a%20b/%28c%29/%3Cd%3E"
    assert md_url("https://x.org/Caf%C3%A9/#^id") == "https://x.org/Caf%C3%A9/#^id"


def test_layout_h1_blockquote_sections():
    text = llms_txt(
        "My <Vault>\n& co",
        "Notes\non ML",
        [
            ("Pages", [Entry("Home", "https://x.org/index.md", "Start here.")]),
            ("Empty", []),
            ("Deep <Learning>", [Entry(HOSTILE, "https://x.org/a b/index.md", ""), Entry("T", "https://x.org/t/index.md", "d\ne")]),
        ],
    )
    lines = text.split("\n")
    assert lines[0] == "# My \\<Vault\\> \\& co"
    assert lines[2] == "> Notes on ML"
    assert [l for l in lines if l.startswith("## ")] == ["## Pages", "## Deep \\<Learning\\>"]  # empty left out
    entries = [l for l in lines if l.startswith("- ")]
    assert entries[0] == "- [Home](https://x.org/index.md): Start here."
    assert entries[2] == "- [T](https://x.org/t/index.md): d e"
    link = re.compile(r"^- \[((?:[^\[\]\\]|\\.)+)\]\(([^\s()<>]+)\)(: .+)?$")
    assert all(link.match(l) for l in entries), entries
    assert text.endswith("\n") and not text.endswith("\n\n")
    assert llms_txt_problems(text) == []


def test_the_structure_checker_finds_what_breaks_the_convention():
    good = "# Site\n\n> Summary\n\nSome words.\n\n## Docs\n\n- [A](https://x.org/a.md): notes\n- [B](b.md)\n"
    assert llms_txt_problems(good) == []
    assert llms_txt_problems("Site\n") == ["the first line is not an H1"]
    assert llms_txt_problems(good + "### Deeper\n") == ["line 11: a heading other than the H1 and the sections' H2s"]
    assert llms_txt_problems(good + "- not a link\n") == ["line 11: in section 'Docs', not a '- [name](url): notes' item"]
    assert llms_txt_problems(good.replace("- [B](b.md)", "- [B](b c.md)")) != []


def test_llms_full_holds_every_note_in_order_with_title_and_url():
    index = _index()
    notes = [
        FullNote("Start", "./", markdown_copy(index.notes["Home.md"], index, URLS.get, Options(), from_root=True)),
        FullNote("Target", "notes/Target/", markdown_copy(index.notes["notes/Target.md"], index, URLS.get, Options(), from_root=True)),
        FullNote("A <b>\n# x", "odd (1)/", "Body."),
    ]
    text = llms_full("My <Vault>", "Notes on ML", notes)
    assert text.startswith("# My \\<Vault\\>\n\n> Notes on ML\n\n")
    blocks = text.split("\n---\n\n")[1:]
    assert [b.split("\n", 1)[0] for b in blocks] == ["# Start", "# Target", "# A \\<b\\> \\# x"]
    home, target, odd = blocks
    assert "URL: odd%20%281%29/\n\nBody." in odd
    assert home.split("\n")[2] == "URL: ./" and "title:" not in home  # no frontmatter
    assert "[the part](notes/Target/#part)" in home and "[md](notes/Target/)" in home  # from the site's root
    assert "![diagram.png](diagram.png)" in home and "```run-python\nprint('[[Target]]')\n```" in home
    assert target.split("\n")[2] == "URL: notes/Target/"
    assert "# Target\n" not in target.split("URL:", 1)[1]  # its own H1, the title again, is dropped
    assert "## Part\n\nText." in target
    # a link into the note itself points at its page, not at a fragment of the whole file
    own = markdown_copy(build_index({"N.md": "# N\n\n## H\n\n[[#H]] and [x](#H)\n"}, [], AnchorMaker(slugify, "-")).notes["N.md"],
                        build_index({"N.md": "# N\n\n## H\n\n[[#H]] and [x](#H)\n"}, [], AnchorMaker(slugify, "-")),
                        {"N.md": "n/"}.get, Options(), from_root=True)
    assert "[H](n/#h) and [x](n/#h)" in own


def test_llms_full_stops_at_its_limit_and_lists_the_rest_in_order():
    notes = [FullNote(f"N{k}", f"n{k}/", "word " * 200) for k in range(10)]
    text = llms_full("S", "", notes, limit=3000)
    assert len(text) < 3000 + 400  # the list of the rest is short
    kept = re.findall(r"^# (N\d)$", text, re.M)
    rest = re.findall(r"^- \[(N\d)\]\((n\d/)\)$", text, re.M)
    assert kept and [k for k in kept] + [r[0] for r in rest] == [f"N{k}" for k in range(10)]
    assert "This file stops at 3,000 characters" in text


def test_copy_urls():
    assert copy_url("./") == "index.md" and copy_url("") == "index.md"
    assert copy_url("notes/Target/") == "notes/Target/index.md"
    assert copy_url("notes/Target.html") == "notes/Target.md"


NOTES = {
    "Home.md": "---\ntitle: Start\naliases: [Begin]\ntags: [a]\ncssclasses: wide\nsecret: 1\n---\n# Home\n\n"
    "See [[Target#Part|the part]], [md](notes/Target.md), ![[diagram.png]] and ![[Target]].\n"
    "Missing [[Nowhere]]; bad [x](javascript:alert(1)); web [w](https://x.org/).\n"
    "%%private note%%\n\n```run-python\nprint('[[Target]]')\n```\n\n`[[Target]]`\n",
    "notes/Target.md": "# Target\n\n## Part\n\nText.\n",
}


def _index():
    return build_index(NOTES, ["diagram.png"], AnchorMaker(slugify, "-"))


URLS = {"Home.md": "./", "notes/Target.md": "notes/Target/", "diagram.png": "diagram.png"}


def test_copy_rewrites_links_relative_and_keeps_code():
    index = _index()
    out = markdown_copy(index.notes["Home.md"], index, URLS.get, Options())
    head, body = out.split("---\n\n", 1)
    assert head == '---\ntitle: "Start"\naliases: ["Begin"]\ntags: ["a"]\n'  # cssclasses, secret dropped
    assert "[the part](notes/Target/#part)" in body
    assert "[md](notes/Target/)" in body
    assert "![diagram.png](diagram.png)" in body and "[Target](notes/Target/)" in body
    assert "Missing Nowhere;" in body and "bad x;" in body and "[w](https://x.org/)" in body
    assert "private note" not in body and "javascript" not in body
    assert "```run-python\nprint('[[Target]]')\n```" in body and "`[[Target]]`" in body


def test_copy_links_absolute_under_site_url():
    index = _index()
    out = markdown_copy(index.notes["notes/Target.md"], index, URLS.get, Options(), "https://x.org/kb/")
    assert out.startswith('---\ntitle: "Target"\n---\n\n# Target')
    home = markdown_copy(index.notes["Home.md"], index, URLS.get, Options(), "https://x.org/kb/")
    assert "[the part](https://x.org/kb/notes/Target/#part)" in home


def test_entries_follow_order_and_skip_other_pages():
    index = _index()
    got = note_entries(["notes/Target.md", "tags/index.md", "Home.md"], index, URLS.get, {"Home.md": "Shown <b>"},
                       site_url=None, copies=True)
    assert [(e.title, e.url) for e in got] == [("Target", "notes/Target/index.md"), ("Shown <b>", "index.md")]
    assert got[0].description == "Text."
