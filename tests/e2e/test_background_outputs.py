"""Work the plugin does on another core (``parallel.Background``): the linked mentions, made by a
forked child while MkDocs converts the pages (started in ``on_files``), and graph.json, llms.txt,
llms-full.txt, the Markdown copies and feed.xml, written while MkDocs renders the templates
(started in ``on_env``). A ``mkdocs build`` process forks; a build made as under ``mkdocs serve``
stays serial. Both must give the same files and pages, byte for byte."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys

from mkdocs_vault_kb import parallel
from mkdocs_vault_kb import plugin as vault_plugin

from .conftest import FIXTURES, VAULT_PLUGIN, build, write_config

OUTPUTS = ("graph.json", "llms.txt", "llms-full.txt", "feed.xml")


def _machine_files(site) -> dict[str, bytes]:
    files = {name: (site / name).read_bytes() for name in OUTPUTS}
    files.update({str(p.relative_to(site)): p.read_bytes() for p in site.rglob("*.md")})
    return files


def _articles(site) -> dict[str, str]:
    """Each page's article and table of contents (the linked mentions, made by a forked child)."""
    out = {}
    for p in site.rglob("index.html"):
        html = p.read_text(encoding="utf-8")
        if "<article" in html:
            toc = html[html.find('data-md-component="toc"') :]
            out[str(p.relative_to(site))] = html[html.index("<article") : html.index("</article>")] + toc[: toc.find("</nav>")]
    return out


def test_a_forked_build_gives_the_serial_builds_files_and_pages(tmp_path, monkeypatch):
    docs = tmp_path / "docs"
    shutil.copytree(FIXTURES / "basic", docs)
    (tmp_path / "serial").mkdir()
    monkeypatch.setattr(parallel.threading, "active_count", lambda: 2)  # as under mkdocs serve
    serial = build("basic", tmp_path / "serial", docs=docs)  # in-process: the runner has threads
    monkeypatch.undo()
    forked = tmp_path / "forked"
    cfg = write_config(tmp_path, docs, forked, VAULT_PLUGIN)
    done = _mkdocs_build(cfg, "--strict")
    assert done.returncode == 0, done.stderr[-3000:]
    a, b = _machine_files(serial.site), _machine_files(forked)
    assert len(a) > len(OUTPUTS)  # the notes' Markdown copies are there too
    assert a.keys() == b.keys()
    assert [k for k in a if a[k] != b[k]] == []
    pages, forked_pages = _articles(serial.site), _articles(forked)
    assert pages.keys() == forked_pages.keys()
    assert sum('class="vault-backlinks"' in html for html in pages.values()) >= 3
    assert [k for k in pages if pages[k] != forked_pages[k]] == []


class _AtOnce:
    """A Background whose child finishes before the parent goes on: the earliest it can."""

    forked = False  # run here: this process keeps what fn reads

    def __init__(self, fn) -> None:
        self.value = fn()

    def join(self):
        return self.value

    def cancel(self) -> None:
        pass


def test_outputs_written_before_mkdocs_made_the_site_folder(tmp_path, monkeypatch):
    """The child may write graph.json and llms.txt before MkDocs has written anything, so before
    the site folder exists (a fresh one, in a folder that does not exist either)."""
    import mkdocs_vault_kb.plugin as plugin_module

    monkeypatch.setattr(plugin_module, "Background", _AtOnce)
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "Home.md").write_text("# Home\n\nA note.\n", encoding="utf-8")
    (tmp_path / "out").mkdir()
    built = build("", tmp_path / "out", docs=docs)
    assert (built.site / "graph.json").is_file() and (built.site / "llms.txt").is_file()


# -- render_ahead: notes' pages made by a forked child while MkDocs makes the others ------------

PAGE_PLUGINS = """  - search
  - vault:
      execute:
        enabled: false
  - git-revision-date-localized:
      type: date
      fallback_to_build_date: true
      strict: false"""


def _generated_vault(docs, n: int, zipf: float | None = 1.0) -> None:
    """``bench/synthetic_vault.py``'s vault of ``n`` notes (link targets from a Zipf law)."""
    sys.path.insert(0, str(FIXTURES.parent.parent / "bench"))
    try:
        from synthetic_vault import generate
    finally:
        sys.path.remove(str(FIXTURES.parent.parent / "bench"))
    generate(docs, n, zipf=zipf)


def _mkdocs_build(cfg, *flags: str, timeout: float | None = None) -> subprocess.CompletedProcess:
    """``mkdocs build`` in its own process, which forks where the plugin can."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", *flags, "-f", str(cfg)], capture_output=True, text=True, env=env, timeout=timeout)


def _site_files(site) -> dict[str, bytes]:
    """The site's text files; the time of day of the git plugin's fallback date (the build's
    clock: this vault is not in git) cut out."""
    return {
        str(p.relative_to(site)): re.sub(rb'title="([A-Z][a-z]+ \d+, \d{4}) [\d:]+ UTC"', rb'title="\1"', p.read_bytes())
        for p in site.rglob("*")
        if p.is_file() and p.suffix in (".html", ".json", ".txt", ".md", ".xml")
    }


def _warnings(text: str) -> list[str]:
    return sorted(line.split(" - ", 1)[1].strip() for line in text.splitlines() if line.startswith("WARNING"))


def test_pages_made_on_a_second_core_are_the_serial_builds_byte_for_byte(tmp_path, monkeypatch):
    """A Zipf vault with embeds, code, duplicate names and broken links, built by a ``mkdocs
    build`` process (the child makes the notes from the last one backwards) and in-process as
    ``mkdocs serve`` builds (serially): every page and file is the same, and so are the warnings,
    including those of pages the child made (the last note's), which ``--strict`` counts."""
    docs = tmp_path / "docs"
    _generated_vault(docs, 220)  # 200 notes and more are parsed and rendered by forked children
    (docs / "zz").mkdir()
    (docs / "zz" / "Zz Last.md").write_text(
        "---\ntemplate: no-such-template.html\n---\n# Last\n\n[[Nowhere at all]] and [[Note 00001#No such heading]]\n\n"
        "![[Note 00002]]\n",
        encoding="utf-8",
    )  # the template is reported while the page is made (on_page_markdown): by the child
    # a page at the top of the navigation: every later page's navigation shows its subtitle
    (docs / "Aa First.md").write_text("---\nsubtitle: Read me first\n---\n# First\n", encoding="utf-8")
    (tmp_path / "serial").mkdir()
    monkeypatch.setattr(parallel.threading, "active_count", lambda: 2)  # as under mkdocs serve
    # and keeping every page's Markdown, HTML and table of contents (memory.py lets them go)
    monkeypatch.setattr(vault_plugin, "can_release_markdown", lambda *a: False)
    monkeypatch.setattr(vault_plugin, "can_release_pages", lambda *a: False)
    monkeypatch.setattr(vault_plugin, "can_spill_pages", lambda *a: False)  # and holding each page's HTML
    serial = build("", tmp_path / "serial", docs=docs, strict=False, plugin_yaml=PAGE_PLUGINS)
    monkeypatch.undo()
    forked = tmp_path / "forked"
    cfg = write_config(tmp_path, docs, forked, PAGE_PLUGINS)
    done = _mkdocs_build(cfg)
    assert done.returncode == 0, done.stderr[-3000:]
    if len(os.sched_getaffinity(0)) > 1:
        made = re.search(r"(\d+) notes' pages made on a second core", done.stderr)
        assert made and int(made.group(1)) > 0, done.stderr[-2000:]
    assert "222 notes; the plugin's own hooks took" in done.stderr  # counted, though let go page by page
    a, b = _site_files(serial.site), _site_files(forked)
    assert len(a) > 300 and a.keys() == b.keys()
    assert [k for k in a if a[k] != b[k]] == []
    assert "<small>Read me first</small>" in b["zz/Zz Last/index.html"].decode()  # written long after it
    assert any("Nowhere at all" in m and "zz/Zz Last.md" in m for m in serial.messages())
    assert any("no-such-template" in m and "zz/Zz Last.md" in m for m in serial.messages())
    assert _warnings(done.stderr) == sorted(serial.messages())
    strict = _mkdocs_build(cfg, "--strict")
    assert strict.returncode == 1 and "Nowhere at all" in strict.stderr and "no-such-template" in strict.stderr


def test_a_page_made_on_the_second_core_resolves_relative_settings_against_itself(tmp_path):
    """A ``!relative`` path in the Markdown extensions' settings (pymdownx.snippets' base path)
    names the folder of the page being made; the child makes the last notes, in their folders."""
    docs = tmp_path / "docs"
    _generated_vault(docs, 100, zipf=None)
    (docs / "zz").mkdir()
    (docs / "zz" / "part.txt").write_text("SNIPPET-FROM-ZZ\n", encoding="utf-8")
    (docs / "zz" / "Zz Last.md").write_text('# Last\n\n--8<-- "part.txt"\n', encoding="utf-8")
    cfg = tmp_path / "mkdocs.yml"
    cfg.write_text(
        f"site_name: t\ndocs_dir: {docs}\nsite_dir: {tmp_path / 'site'}\ntheme: material\n"
        "plugins:\n  - vault:\n      execute:\n        enabled: false\n"
        "markdown_extensions:\n  - pymdownx.snippets:\n      base_path: !relative\n",
        encoding="utf-8",
    )
    done = _mkdocs_build(cfg)
    assert done.returncode == 0, done.stderr[-3000:]
    if len(os.sched_getaffinity(0)) > 1:
        assert re.search(r"[1-9]\d* notes' pages made on a second core", done.stderr), done.stderr[-2000:]
    assert "SNIPPET-FROM-ZZ" in (tmp_path / "site" / "zz" / "Zz Last" / "index.html").read_text(encoding="utf-8")


# -- templates_ahead: pages' templates rendered by a forked child while MkDocs renders the others

OVERRIDES = {
    # every page shows its metadata's keys: the child must see each page's own metadata, not the
    # wrapper templates_ahead puts in its place
    "main.html": '{% extends "base.html" %}{% block content %}{{ super() }}'
    '<p class="meta-keys">{{ page.meta | dictsort | map(attribute=0) | join(",") }}</p>{% endblock %}',
    # a page's own template, named in its frontmatter
    "note.html": '{% extends "main.html" %}{% block content %}<p class="own-template">{{ page.title }}</p>{{ super() }}{% endblock %}',
}


def _overrides(tmp_path, templates: dict[str, str]):
    folder = tmp_path / "overrides"
    folder.mkdir()
    for name, text in templates.items():
        (folder / name).write_text(text, encoding="utf-8")
    return f"theme:\n  custom_dir: {folder}\n"


def test_templates_rendered_on_a_second_core_are_the_serial_builds_byte_for_byte(tmp_path, monkeypatch):
    """Pages with and without a template of their own, at both ends of the build order (the
    child starts from the last page): every page is the serial build's, byte for byte."""
    docs = tmp_path / "docs"
    _generated_vault(docs, 120)
    for folder in ("aa", "zz"):  # first and last in MkDocs' order
        (docs / folder).mkdir()
        (docs / folder / f"{folder} own.md").write_text(f"---\ntemplate: note.html\n---\n# Own {folder}\n\n[[Note 00001]]\n", encoding="utf-8")
    extra = _overrides(tmp_path, OVERRIDES)
    (tmp_path / "serial").mkdir()
    monkeypatch.setattr(parallel.threading, "active_count", lambda: 2)  # as under mkdocs serve
    serial = build("", tmp_path / "serial", docs=docs, strict=False, plugin_yaml=PAGE_PLUGINS, extra=extra)
    monkeypatch.undo()
    forked = tmp_path / "forked"
    cfg = write_config(tmp_path, docs, forked, PAGE_PLUGINS, extra=extra)
    done = _mkdocs_build(cfg)
    assert done.returncode == 0, done.stderr[-3000:]
    assert _warnings(done.stderr) == sorted(serial.messages())
    if len(os.sched_getaffinity(0)) > 1:
        made = re.search(r"(\d+) pages' templates rendered on a second core", done.stderr)
        assert made and int(made.group(1)) > 0, done.stderr[-2000:]
    a, b = _site_files(serial.site), _site_files(forked)
    assert len(a) > 240 and a.keys() == b.keys()
    assert [k for k in a if a[k] != b[k]] == []
    last = b["zz/zz own/index.html"].decode()
    assert '<p class="own-template">Own zz</p>' in last and '<p class="meta-keys">' in last
    keys = {k: re.search(rb'<p class="meta-keys">([^<]*)</p>', v) for k, v in b.items() if k.endswith(".html")}
    with_template = {k for k, m in keys.items() if m and b"template" in m.group(1).split(b",")}
    assert with_template == {"aa/aa own/index.html", "zz/zz own/index.html"}


def test_a_template_that_fails_in_the_child_fails_the_build_as_it_would_serially(tmp_path):
    """A template error on the last page (the child's first): the child stops, MkDocs renders the
    page itself and stops the build with the same error, naming the page."""
    docs = tmp_path / "docs"
    _generated_vault(docs, 100)
    (docs / "zz").mkdir()
    (docs / "zz" / "Zz Last.md").write_text("---\ntemplate: boom.html\n---\n# Last\n", encoding="utf-8")
    extra = _overrides(tmp_path, {"boom.html": '{% extends "main.html" %}{% block content %}{{ no_such_thing.at_all }}{% endblock %}'})
    cfg = write_config(tmp_path, docs, tmp_path / "site", PAGE_PLUGINS, extra=extra)
    done = _mkdocs_build(cfg, timeout=300)
    assert done.returncode == 1
    assert "Error building page 'zz/Zz Last.md'" in done.stderr and "no_such_thing" in done.stderr


# -- memory.py: each page's HTML let go once written, where nothing after could read it ----------

READER_HOOK = '''
import json
from pathlib import Path

seen = {}


def on_files(files, config):
    seen["files"] = files


def on_post_build(config):
    pages = [f.page for f in seen["files"].documentation_pages() if f.page is not None]
    empty = [p.file.src_uri for p in pages if not p.content]
    Path(config.site_dir, "pages-read.json").write_text(json.dumps({"pages": len(pages), "empty": empty}))
'''


def test_a_plugin_that_reads_the_pages_after_the_build_still_gets_their_html(tmp_path):
    """The plugin lets each page's HTML go once written only when every later reader is one it
    knows reads no page: a hook that reads every page in on_post_build gets them all."""
    import json

    docs = tmp_path / "docs"
    _generated_vault(docs, 100)
    (tmp_path / "reader.py").write_text(READER_HOOK, encoding="utf-8")
    site = tmp_path / "site"
    cfg = write_config(tmp_path, docs, site, PAGE_PLUGINS, extra=f"hooks:\n  - {tmp_path / 'reader.py'}\n")
    done = _mkdocs_build(cfg, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    read = json.loads((site / "pages-read.json").read_text(encoding="utf-8"))
    assert read["pages"] > 100 and read["empty"] == []


CONTEXT_HOOK = '''
import json
from pathlib import Path

seen = {"pages": 0, "without_html": set()}


def on_files(files, config):
    seen["files"] = files


def on_page_context(context, page, config, nav):
    # as an index or "related pages" plugin would: every page's HTML, read from any page's context
    seen["pages"] += 1
    for f in seen["files"].documentation_pages():
        if f.page is not None and not isinstance(f.page.content, str):
            seen["without_html"].add(f.src_uri)
    return context


def on_post_build(config):
    Path(config.site_dir, "context-read.json").write_text(json.dumps({"pages": seen["pages"], "without_html": sorted(seen["without_html"])}))
'''


def test_what_search_reads_waits_in_the_spill_only_where_nothing_else_reads_it(tmp_path):
    """What search reads of a page with embeds waits, compressed, from on_env to the page's
    on_page_context (memory.py) only when no other plugin reads pages in between: a hook's
    on_page_context gets every page's HTML (it failed with the check forced open), and the site is
    the same byte for byte either way."""
    import json

    docs = tmp_path / "docs"
    _generated_vault(docs, 100)
    sites = {}
    for name, hook in (("spilled", None), ("hooked", CONTEXT_HOOK)):
        extra = ""
        if hook is not None:
            (tmp_path / "context.py").write_text(hook, encoding="utf-8")
            extra = f"hooks:\n  - {tmp_path / 'context.py'}\n"
        site = tmp_path / name
        cfg = write_config(tmp_path, docs, site, PAGE_PLUGINS, extra=extra)
        done = _mkdocs_build(cfg, timeout=300)
        assert done.returncode == 0, done.stderr[-3000:]
        sites[name] = _site_files(site)
    read = json.loads(sites["hooked"].pop("context-read.json"))
    assert read["pages"] > 100 and read["without_html"] == []
    assert sites["spilled"] == sites["hooked"]
    embedded = [k for k, v in sites["spilled"].items() if k.endswith(".html") and b'class="vault-embed"' in v]
    assert len(embedded) > 10  # the vault has pages with embeds: the spilled path was taken


def test_a_base_still_sees_the_links_when_the_build_lets_them_go(tmp_path):
    """A single build lets every note's links go once the children that read them have forked
    (memory.py), unless a base may read them: a ``.base`` file, or a ``base`` block in a note.
    Built by ``mkdocs build`` (which forks; with 200 notes and more, renderings come packed, their
    links unpacked only where a base may read them), both list the notes that link to the hub."""
    docs = tmp_path / "docs"
    (docs / "filler").mkdir(parents=True)
    for k in range(200):
        (docs / "filler" / f"Filler {k}.md").write_text(f"# Filler {k}\n\n[[Home]]\n", encoding="utf-8")
    (docs / "Home.md").write_text("# Home\n\n[[Hub]]\n", encoding="utf-8")
    (docs / "Hub.md").write_text("# Hub\n", encoding="utf-8")
    for k in range(6):
        (docs / f"Linker {k}.md").write_text(f"# Linker {k}\n\nSee [[Hub]] and [[Home]].\n", encoding="utf-8")
    query = 'filters:\n  and:\n    - file.hasLink(link("Hub"))\nviews:\n  - type: table\n    name: Linkers\n    order:\n      - file.name\n'
    block = "```" + "base\n" + query + "```\n"
    for name, files in (("file", {"Links.base": query}), ("block", {"Links.md": "# Links\n\n" + block})):
        vault = tmp_path / name
        shutil.copytree(docs, vault)
        for rel, text in files.items():
            (vault / rel).write_text(text, encoding="utf-8")
        site = tmp_path / f"site-{name}"
        cfg = write_config(tmp_path, vault, site, PAGE_PLUGINS)
        done = _mkdocs_build(cfg, timeout=300)
        assert done.returncode == 0, done.stderr[-3000:]
        page = (site / "Links" / "index.html").read_text(encoding="utf-8")
        listed = sorted(set(re.findall(r">(Linker \d)<", page)))
        assert listed == [f"Linker {k}" for k in range(6)], (name, listed)
