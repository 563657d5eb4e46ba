"""Rendering a fence's code and output, without running anything."""

from __future__ import annotations

from mkdocs_vault_kb.execute.fences import find_fences
from mkdocs_vault_kb.execute.render import code_fence, escape, output_html, replacement


def _fence(markdown: str):  # noqa: ANN202
    return find_fences(markdown)[0][0]


def test_escape_keeps_output_on_one_line_and_inert() -> None:
    assert escape("<b>&\n") == "&lt;b&gt;&amp;&#10;"
    assert escape("__init__ *x* [[Note]]", inert=True) == (
        "&#95;&#95;init&#95;&#95; &#42;x&#42; &#91;&#91;Note&#93;&#93;"
    )


def test_code_fence_outgrows_backticks_in_the_code() -> None:
    fence = _fence('````run-python\ns = """\n```\n"""\n````\n')
    lines = code_fence(fence, fence.code)
    assert lines[0].startswith("````python") and lines[-1] == "````"


def test_title_quotes_cannot_break_the_attribute() -> None:
    fence = _fence("```run-python title='a \"b\"'\nx\n```\n")
    assert code_fence(fence, "x")[0] == "```python title=\"a 'b'\""


def test_replacement_keeps_the_container_prefix() -> None:
    fence = _fence("> ```run-python\n> x\n> ```\n")
    lines = replacement(fence, "x", "<div>out</div>")
    assert lines == ["> ```python", "> x", "> ```", ">", "> <div>out</div>", ">"]


def test_hidden_output_still_shows_an_unexpected_error() -> None:
    fence = _fence('```run-python hide_output="1"\nx\n```\n')
    error = {"kind": "exception", "type": "E", "message": "m", "traceback": "E: m"}
    shown = {"streams": [["stdout", "hidden"]], "value": "1", "figures": [], "error": error}
    html = output_html(fence, shown, str)
    assert "hidden" not in html and "E: m" in html
    assert output_html(fence, {**shown, "error": None}, str) == ""


def test_every_class_the_renderer_emits_is_styled() -> None:
    import re
    from pathlib import Path

    import mkdocs_vault_kb

    css = (Path(mkdocs_vault_kb.__file__).parent / "assets" / "execute.css").read_text()
    fence = _fence('```run-python raises="1"\nx\n```\n')
    figure = {"format": "svg", "data": "", "width": 1, "height": 1}
    error = {"kind": "exception", "type": "E", "message": "m", "traceback": "E: m"}
    result = {"streams": [["stdout", "a"], ["stderr", "b"]], "value": "1", "figures": [figure],
              "error": error}
    html = output_html(fence, result, str)
    classes = {c for group in re.findall(r'class="([^"]+)"', html) for c in group.split()}
    classes |= {f"vault-exec-error--{kind}" for kind in ("timeout", "skipped")}
    assert classes <= set(re.findall(r"\.(vault-exec[\w-]*)", css))
    assert "var(--md-code-bg-color)" in css
