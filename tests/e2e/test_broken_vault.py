"""Bad input: one clear warning each, naming file and line; strict fails; the build goes on."""

from __future__ import annotations

import pytest
from mkdocs.exceptions import Abort

from .conftest import build

NO_HOME = "  - vault:\n      execute:\n        enabled: false"


def test_strict_build_fails_on_unresolved_links(build_vault):
    with pytest.raises(Abort):
        build_vault("broken", plugin_yaml=NO_HOME)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return build("broken", tmp_path_factory.mktemp("broken"), strict=False, plugin_yaml=NO_HOME)


def test_each_problem_is_one_warning_with_file_and_line(site):
    warnings = site.messages()
    expected = [
        "vault: Bad.md:3: unresolved link [[Nowhere]]",
        "vault: Bad.md:4: link [[Cycle A#No Such Heading]] reaches Cycle A.md but no heading No Such Heading is there",
        "vault: Bad.md:5: link [[Cycle A#^nope]] reaches Cycle A.md but no block ^nope is there",
        "vault: Bad.md:6: unresolved embed ![[Ghost]]",
        "vault: Bad.md:7: unresolved link [x](ghost.md)",
        "vault: Latin1.md:3: not valid UTF-8 (byte 13): read as Windows-1252",
        "vault: Malformed.md:2: malformed frontmatter",
    ]
    for message in expected:
        assert sum(w.startswith(message) for w in warnings) == 1, (message, warnings)
    cycles = [w for w in warnings if "embed cycle stopped" in w]
    assert cycles and all("Cycle A.md -> Cycle B.md -> Cycle A.md" in w or "Cycle B.md -> Cycle A.md -> Cycle B.md" in w for w in cycles)


def test_unresolved_links_render_as_dead_spans_not_broken_hrefs(site):
    html = site.html("Bad/")
    assert '<span class="vault-unresolved" title="Unresolved link: [[Nowhere]]">Nowhere</span>' in html  # sanitised: entities decoded
    assert "&lt;b&gt;bold&lt;/b&gt; &quot;quoted&quot;" in html  # alias text escaped
    assert "<b>bold</b>" not in html
    assert 'href="ghost.md"' not in html


def test_pages_still_build(site):
    assert "Café au lait." in site.html("Latin1/")  # read as Windows-1252, with a warning
    assert "Text." in site.html("Malformed/")
    assert (site.site / "Empty" / "index.html").exists()
    assert "Embed cycle" in site.html("Cycle%20A/".replace("%20", " "))
