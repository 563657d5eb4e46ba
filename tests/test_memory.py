"""memory.py: what a single build lets go once nothing reads it again (issue 16: peak memory)."""

from __future__ import annotations

import os
import pickle
import tempfile
from types import SimpleNamespace


from hypothesis import given
from hypothesis import strategies as st

from mkdocs_vault_kb.core.headings import AnchorMaker
from mkdocs_vault_kb.core.index import build_index
from mkdocs_vault_kb.core.context import Options
from mkdocs_vault_kb.core.pipeline import render_note
from mkdocs_vault_kb.memory import HeldBody, PackedRendering, Spill, SpilledBodies, Spilled, can_release_markdown, can_spill_pages, keep_linked_anchors, can_release_pages, let_links_go, pack, strip_index, unpack
from mkdocs_vault_kb.parallel import Background


@given(st.text())
def test_pack_gives_back_the_same_text(text):
    assert unpack(pack(text)) == text


def test_pack_keeps_lone_surrogates():
    text = "a\ud800b<p>é</p>"
    assert unpack(pack(text)) == text


def test_a_page_is_smaller_packed():
    html = "".join(f'<li><a href="../Note {i:05d}/">Note {i:05d}</a> cites the loss of layer {i % 7}</li>' for i in range(500))
    assert len(pack(html)) * 5 < len(html.encode())


class _Plugin:
    def on_post_page(self): ...
    def on_post_build(self): ...


def _config(plugin, post_page, post_build):
    return SimpleNamespace(plugins=SimpleNamespace(events={"post_page": post_page, "post_build": post_build}))


def _handler(module: str, name: str):
    owner = type("Other", (), {"__module__": module, name: lambda self: None})()
    return getattr(owner, name)


def test_pages_are_released_only_when_nothing_after_could_read_them():
    plugin = _Plugin()
    search = _handler("material.plugins.search.plugin", "on_post_build")
    git = _handler("mkdocs_git_revision_date_localized_plugin.plugin", "on_post_build")
    assert can_release_pages(plugin, _config(plugin, [plugin.on_post_page], [search, plugin.on_post_build, git]))
    # another plugin's on_post_page after ours would get a page without its HTML
    later = _handler("some_plugin", "on_post_page")
    assert not can_release_pages(plugin, _config(plugin, [plugin.on_post_page, later], [plugin.on_post_build]))
    # an unknown on_post_build (a sitemap, an RSS feed, a hook) may read every page's HTML
    unknown = _handler("mkdocs_rss_plugin.plugin", "on_post_build")
    assert not can_release_pages(plugin, _config(plugin, [plugin.on_post_page], [search, unknown]))
    assert not can_release_pages(plugin, _config(plugin, [], [search]))


def test_pages_keep_the_anchors_linked_to_and_mkdocs_checks_the_links_as_before(caplog):
    """``keep_linked_anchors``: MkDocs' own check of the links to anchors (run on stand-in pages)
    logs the same problems before and after, and each page keeps only anchors linked to."""
    import logging

    from mkdocs.structure.pages import Page

    class F:  # a File: hashable, with its page
        def __init__(self, uri):
            self.src_uri, self.page = uri, None

    a, b, c = F("a.md"), F("b.md"), F("c.md")
    pages = []
    for f, anchors, links in (
        (a, {"top", "self", "spare"}, {a: {"self": "#self"}, b: {"x": "b.md#x", "missing": "b.md#missing"}}),
        (b, {"x", "y", "z"}, {c: {"gone": "c.md#gone"}}),
        (c, {"one", "two"}, None),
    ):
        f.page = SimpleNamespace(file=f, present_anchor_ids=set(anchors), links_to_anchors=links)
        pages.append(f.page)

    def check():
        caplog.clear()
        with caplog.at_level(logging.WARNING):
            for page in pages:
                Page.validate_anchor_links(page, files=None, log_level=logging.WARNING)
        return [r.getMessage() for r in caplog.records]

    before = check()
    assert len(before) == 2 and "'#missing'" in before[0] and "'#gone'" in before[1]
    keep_linked_anchors(pages)
    assert check() == before
    assert [p.present_anchor_ids for p in pages] == [{"self"}, {"x"}, frozenset()]


def test_strip_index_keeps_what_the_pages_still_ask():
    index = build_index(
        {"A.md": "---\ntags: [x, y]\naliases: [Alpha]\n---\n# A\n\nText ^b1\n\n## H\n"}, [], AnchorMaker(lambda s, sep: s)
    )
    note = index.notes["A.md"]
    title, tags, aliases = note.title, list(note.tags), list(note.aliases)
    strip_index(index)
    note = index.notes["A.md"]
    assert (note.title, note.tags, note.aliases) == (title, tags, aliases)
    assert note.body == "" and note.headings == [] and note.blocks == {} and note.meta == {}
    assert index.is_note("A.md") and not (index.by_path or index.by_stem or index.by_alias or index.by_filename)


class _PagePlugin(_Plugin):
    """A plugin handling the events between a page's HTML and its context."""

    def on_page_content(self): ...
    def on_env(self): ...
    def on_page_context(self): ...


def test_pages_are_spilled_only_when_nothing_but_search_reads_them_before_their_context():
    plugin = _PagePlugin()
    search = _handler("material.plugins.search.plugin", "on_page_context")
    other = _handler("some_plugin", "on_env")

    def config(page_content=None, env=None, page_context=None):
        events = {
            "page_content": page_content or [plugin.on_page_content],
            "env": env or [plugin.on_env],
            "page_context": page_context or [search, plugin.on_page_context],
        }
        return SimpleNamespace(plugins=SimpleNamespace(events=events))

    assert can_spill_pages(plugin, config())
    assert not can_spill_pages(plugin, config(page_content=[plugin.on_page_content, _handler("some_plugin", "on_page_content")]))
    assert not can_spill_pages(plugin, config(env=[other, plugin.on_env]))  # it may read every page in on_env
    assert not can_spill_pages(plugin, config(page_context=[_handler("some_plugin", "on_page_context"), plugin.on_page_context]))


def test_markdown_is_released_only_when_nothing_after_could_read_it(tmp_path):
    plugin = _PagePlugin()
    search = _handler("material.plugins.search.plugin", "on_page_context")

    def config(page_content=None, custom_dir=None):
        events = {
            "page_content": page_content or [plugin.on_page_content],
            "env": [plugin.on_env],
            "page_context": [search, plugin.on_page_context],
            "post_page": [plugin.on_post_page],
            "post_build": [plugin.on_post_build],
        }
        return SimpleNamespace(plugins=SimpleNamespace(events=events), theme=SimpleNamespace(custom_dir=custom_dir))

    assert can_release_markdown(plugin, config())
    # another plugin's on_page_content after ours may read the page's Markdown
    assert not can_release_markdown(plugin, config([plugin.on_page_content, _handler("some_plugin", "on_page_content")]))
    overrides = tmp_path / "overrides"
    (overrides / "partials").mkdir(parents=True)
    (overrides / "main.html").write_text("{% extends 'base.html' %}")
    assert can_release_markdown(plugin, config(custom_dir=str(overrides)))
    (overrides / "partials" / "copy.html").write_text("{{ page.markdown }}")  # a template that shows it
    assert not can_release_markdown(plugin, config(custom_dir=str(overrides)))


NOTES = {
    "A.md": "---\ntags: [x]\n---\n# A\n\nSee [[B#Part|the part]], ![[B#Part]] and `[[not a link]]` #inline ^b1\n\n"
    "```python\n# not a heading\n```\n\n$x_1$ <b>raw</b> [[Missing]]\n",
    "B.md": "# B\n\n## Part\n\nText of the part, linking [[A#^b1]].\n\n```" + "base\nviews: []\n```\n",
}


def _renderings(index):
    opts = Options(resolve_aliases=True, tags_dir="tags", max_embed_depth=5)
    return {path: render_note(index, path, lambda p: p[:-3] + "/", opts) for path in index.notes}


def test_an_index_without_masked_bodies_renders_the_same():
    """A single build's parse sends no masked body (rendering masks each note again)."""
    anchors = AnchorMaker(lambda s, sep: s.lower())
    kept, dropped = build_index(NOTES, [], anchors), build_index(NOTES, [], anchors, keep_masked=False)
    assert all(n.masked is not None for n in kept.notes.values())
    assert all(n.masked is None for n in dropped.notes.values())
    assert _renderings(kept) == _renderings(dropped)


def test_a_packed_index_reads_and_renders_as_the_unpacked_one():
    """A single build's parse sends each note packed (``Note.pack``): every read gives what the
    unpacked note holds; ``unpacked`` reads it and leaves it packed; a read unpacks it for good."""
    anchors = AnchorMaker(lambda s, sep: s.lower())
    plain, packed = build_index(NOTES, [], anchors, keep_masked=False), build_index(NOTES, [], anchors, pack=True)
    assert all(n.packed for n in packed.notes.values())
    assert plain.notes == packed.notes and all(n.packed for n in packed.notes.values())  # compared packed
    b = packed.notes["B.md"]
    copy = b.unpacked()
    assert b.packed and not copy.packed
    assert (copy.body, copy.headings, copy.blocks, copy.meta_lines) == tuple(
        getattr(plain.notes["B.md"], k) for k in ("body", "headings", "blocks", "meta_lines")
    )
    assert pickle.loads(pickle.dumps(b)).packed  # a forked parser sends it so
    assert _renderings(packed) == _renderings(plain)
    assert not any(n.packed for n in packed.notes.values())  # rendering read them: unpacked
    packed.close_notes()  # ... and packed again
    assert all(n.packed for n in packed.notes.values()) and _renderings(packed) == _renderings(plain)
    assert plain.notes["A.md"].headings and plain.notes["A.md"].blocks  # the fixture has both
    strip_index(packed)
    assert packed.notes["B.md"].body == "" and not packed.notes["B.md"].packed


def test_a_closed_note_is_packed_again_unless_it_was_changed():
    anchors = AnchorMaker(lambda s, sep: s.lower())
    plain, packed = build_index(NOTES, [], anchors, keep_masked=False), build_index(NOTES, [], anchors, pack=True)
    a = packed.notes["A.md"]
    assert a.headings == plain.notes["A.md"].headings and not a.packed  # read: unpacked
    a.close()
    assert a.packed and a.blocks == plain.notes["A.md"].blocks and a == plain.notes["A.md"]
    a.body = "changed"  # the packed copy is stale now: close keeps the change
    a.close()
    assert not a.packed and a.body == "changed"
    unpacked_only = plain.notes["B.md"]
    unpacked_only.close()  # never packed: nothing to go back to
    assert not unpacked_only.packed and unpacked_only.body


def test_the_outputs_child_holds_a_few_notes_unpacked_at_a_time(monkeypatch):
    """``machine._read_few``: the Markdown copies (which read each note and the headings of the
    notes its links point into) come out as from an unpacked index, and every note is packed
    again: every ``CLOSE_EVERY`` notes and at the end."""
    from mkdocs_vault_kb import machine
    from mkdocs_vault_kb.core.llms import markdown_copy

    notes = dict(NOTES)
    notes.update({f"n{i}.md": f"# N{i}\n\n## Part\n\nSee [[B#Part]] and [[n{i + 1}#Part]].\n" for i in range(20)})
    anchors, opts = AnchorMaker(lambda s, sep: s.lower()), Options(resolve_aliases=True, tags_dir="tags", max_embed_depth=5)
    plain, packed = build_index(notes, [], anchors, keep_masked=False), build_index(notes, [], anchors, pack=True)
    monkeypatch.setattr(machine, "CLOSE_EVERY", 3)
    most_open = 0
    copies = {}
    for path in machine._read_few(packed, list(packed.notes)):
        copies[path] = markdown_copy(packed.notes[path], packed, lambda p: p[:-3] + "/", opts)
        most_open = max(most_open, sum(not n.packed for n in packed.notes.values()))
    assert copies == {p: markdown_copy(plain.notes[p], plain, lambda p: p[:-3] + "/", opts) for p in plain.notes}
    assert all(n.packed for n in packed.notes.values())
    assert 2 <= most_open <= 3 * 3  # each note and the notes it links into, three notes at a time


def test_a_packed_rendering_unpacks_to_the_rendering():
    renderings = _renderings(build_index(NOTES, [], AnchorMaker(lambda s, sep: s.lower())))
    assert renderings["A.md"].links and renderings["A.md"].embeds and renderings["A.md"].html_runs
    packed = {path: PackedRendering.of(r, "base" in r.markdown) for path, r in renderings.items()}
    for path, r in renderings.items():
        p = packed[path]
        assert p.unpack() == r
        assert (p.markdown, p.links, p.tags, p.includes) == (r.markdown, r.links, r.tags, r.includes)
    assert [p.holds_base for p in packed.values()] == [False, True]
    let_links_go(packed.values(), [], [])
    for path, r in renderings.items():
        assert packed[path].links == [] and packed[path].diagnostics == []
        assert packed[path].unpack().markdown == r.markdown  # the page is still there


@given(st.lists(st.text(), max_size=20))
def test_spill_gives_back_each_text(texts):
    spill = Spill()
    try:
        held = [spill.put(t) for t in texts]
        assert all(isinstance(h, Spilled) for h in held)  # in the file, not in memory
        assert [spill.get(h) for h in reversed(held)] == texts[::-1]
    finally:
        spill.close()


def test_spill_passes_plain_text_through():
    assert Spill().get("<p>as it is</p>") == "<p>as it is</p>"


def _sections(spill: Spill) -> tuple[list[object], int]:
    return [spill.put(f"<section>{i}\ud800</section>" * 50) for i in range(30)], spill.end


def test_a_forked_child_writes_into_its_parents_spill():
    spill = Spill().open()
    first = spill.put("before the fork")
    job = Background(lambda: _sections(spill))  # forked where the machine has two cores
    held, end = job.join()
    spill.advance(end)
    after = spill.put("after the child")
    try:
        assert [spill.get(h) for h in held] == [f"<section>{i}\ud800</section>" * 50 for i in range(30)]
        assert spill.get(first) == "before the fork" and spill.get(after) == "after the child"
    finally:
        spill.close()


def test_a_forked_child_keeps_what_it_puts_in_a_local_spill_for_its_parent():
    """A ``local`` spill (the pages' one, written by MkDocs' process while the linked mentions'
    child writes the other): a child's puts stay in memory, and its parent ``keep``s them."""
    spill = Spill(local=True).open()
    first = spill.put("before the fork")
    job = Background(lambda: _sections(spill))
    held, end = job.join()
    try:
        if job.forked:
            assert all(isinstance(h, bytes) for h in held) and end == spill.end  # the file untouched
        kept = [spill.keep(h) for h in held]
        assert all(isinstance(h, Spilled) for h in kept) and spill.keep(first) == first
        assert [spill.get(h) for h in kept] == [f"<section>{i}\ud800</section>" * 50 for i in range(30)]
        assert spill.get(first) == "before the fork"
    finally:
        spill.close()


def test_spilled_bodies_read_each_body_back():
    spill = Spill(local=True).open()
    embeds: list[object] = []
    bodies = {f"n{i}.md": HeldBody(f"n{i}/", spill.put(f"<p>{i}</p>"), embeds) for i in range(100)}
    read = SpilledBodies(spill, bodies)
    try:
        assert len(read) == 100 and "n7.md" in read and "n100.md" not in read and read.get("n100.md") is None
        for _ in range(2):  # past the cache, read again from the file
            for i in range(100):
                body = read[f"n{i}.md"]
                assert (body.url, body.html, body.embeds) == (f"n{i}/", f"<p>{i}</p>", embeds)
        assert read["n99.md"] is read["n99.md"]  # the last read are kept
    finally:
        spill.close()


def test_spill_without_a_temporary_file_keeps_texts_in_memory(monkeypatch):
    def no_room(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(tempfile, "TemporaryFile", no_room)
    spill = Spill()
    held = spill.put("<p>x</p>" * 100)
    assert isinstance(held, bytes) and spill.get(held) == "<p>x</p>" * 100


def test_spill_whose_file_fills_up_keeps_the_rest_in_memory(monkeypatch):
    spill = Spill()
    first = spill.put("written")
    monkeypatch.setattr(os, "pwrite", lambda fd, data, offset: len(data) - 1)  # a short write: disk full
    second = spill.put("not written")
    assert isinstance(first, Spilled) and isinstance(second, bytes)
    assert spill.get(first) == "written" and spill.get(second) == "not written"
    spill.close()
