"""Turn a fence and its result into Markdown, and its problems into diagnostics' messages.

The code becomes a plain ```python fence (with its title) for pymdownx.highlight; the output one
line of raw HTML, so that no blank line, fence or indentation inside it can end the HTML block
(inside a container, every character Markdown could act on is a character reference too):

    <div class="vault-exec-output">
      <pre class="vault-exec-streams">
        <span class="vault-exec-stdout">..</span><span class="vault-exec-stderr">..</span>
      </pre>
      <pre class="vault-exec-value">..</pre>
      <figure class="vault-exec-figure"><img src="data:image/svg+xml;base64,.." ...></figure>
      <pre class="vault-exec-error vault-exec-error--exception">Traceback ...</pre>
    </div>
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from mkdocs_vault_kb.core.diagnostics import Level
from mkdocs_vault_kb.execute.fences import Fence

_PLACEHOLDER = re.compile(r"<run-python-cell-(\d+)>")
_HTML = {ord("&"): "&amp;", ord("<"): "&lt;", ord(">"): "&gt;", ord("\n"): "&#10;", ord("\r"): None}
_INERT = {**_HTML, **{ord(c): f"&#{ord(c)};" for c in "`*_[]\\$=~%^|#:!{}\"'"}}
_MIME = {"svg": "image/svg+xml", "png": "image/png"}


def escape(text: str, inert: bool = False) -> str:
    """HTML-escape ``text`` onto one line (newlines become ``&#10;``).

    At the start of a line the output is a raw HTML block that Python-Markdown leaves alone. In a
    container (list item, admonition, callout) it is parsed as a paragraph with inline HTML, so
    ``inert`` also turns every character Markdown could act on into a character reference.
    """
    return text.translate(_INERT if inert else _HTML)


def name_cells(text: str, label: Callable[[int], str]) -> str:
    """Replace the ``<run-python-cell-N>`` filenames in ``text`` with ``label(N)``."""
    return _PLACEHOLDER.sub(lambda match: label(int(match[1])), text)


def _streams(chunks: list[list[str]], inert: bool) -> str:
    spans = "".join(
        f'<span class="vault-exec-{name}">{escape(text, inert)}</span>'
        for name, text in chunks
        if text
    )
    return f'<pre class="vault-exec-streams">{spans}</pre>' if spans else ""


def _figure(number: int, figure: dict[str, Any]) -> str:
    size = ""
    if figure.get("width") and figure.get("height"):
        size = f' width="{int(figure["width"])}" height="{int(figure["height"])}"'
    mime = _MIME.get(figure.get("format", ""), "image/png")
    return (
        f'<figure class="vault-exec-figure"><img src="data:{mime};base64,{figure["data"]}"'
        f' alt="Figure {number}"{size} loading="lazy"></figure>'
    )


def output_html(fence: Fence, result: dict[str, Any], label: Callable[[int], str]) -> str:
    """The one-line HTML block showing ``result``, or "" when there is nothing to show."""
    error = result.get("error")
    inert = bool(fence.prefix)
    parts = []
    if not fence.hide_output:
        parts.append(_streams(result.get("streams", []), inert))
        if result.get("value") is not None:
            parts.append(f'<pre class="vault-exec-value">{escape(result["value"], inert)}</pre>')
        parts.extend(_figure(n, f) for n, f in enumerate(result.get("figures", []), start=1))
    expected = fence.raises and error is not None and error["kind"] == "exception"
    if error is not None and not (expected and fence.hide_output):
        classes = f"vault-exec-error vault-exec-error--{error['kind']}"
        if expected:
            classes += " vault-exec-error--expected"
        text = name_cells(error.get("traceback") or error.get("message", ""), label)
        parts.append(f'<pre class="{classes}">{escape(text.rstrip(), inert)}</pre>')
    body = "".join(part for part in parts if part)
    return f'<div class="vault-exec-output">{body}</div>' if body else ""


def code_fence(fence: Fence, code: str) -> list[str]:
    """``code`` as a ```python fence (longer when the code holds a backtick fence itself)."""
    runs = [len(line.strip()) - len(line.strip().lstrip("`")) for line in code.split("\n")]
    marker = "`" * max(3, max(runs, default=0) + 1)
    header = marker + "python"
    if fence.title:
        header += ' title="' + fence.title.replace('"', "'") + '"'
    return [header, *code.split("\n"), marker]


def replacement(fence: Fence, code: str, html: str, as_block: Callable[[str, str], str] | None = None) -> list[str]:
    """The lines that take the fence's place, each carrying the fence's container prefix.
    ``as_block(kind, text)`` maps the code's ```python fence (``"code"``) and the output's HTML
    (``"output"``) each to the one line that stands for it."""
    lines: list[str] = [] if fence.hide_code else code_fence(fence, code)
    if lines and as_block is not None:
        lines = [as_block("code", "\n".join(lines))]
    if html:
        lines += ["", as_block("output", html) if as_block is not None else html, ""]
    if not lines:
        return [fence.prefix.rstrip()] if fence.prefix.strip() else []
    return [fence.prefix + line if line else fence.prefix.rstrip() for line in lines]


def problem_message(fence: Fence, result: dict[str, Any], memory_mb: int,
                    label: Callable[[int], str]) -> tuple[Level, str] | None:
    """``(level, message)`` for a fence's result, or None when all went as the fence expects."""
    error = result.get("error")
    if error is None:
        if fence.raises:
            return "warning", 'run-python fence has raises="1" but raised no exception'
        return None
    kind = error["kind"]
    if kind == "exception":
        if fence.raises:
            return None
        message = f"run-python fence raised {error['type']}"
        if error.get("message"):
            message += f": {error['message']}"
        if error["type"] == "MemoryError":
            message += f" (the page's memory cap is {memory_mb} MB)"
        frames = name_cells(error.get("last_frames", ""), label).rstrip()
        return "warning", message + ("\n" + frames if frames else "")
    if kind == "timeout":
        return "warning", f"run-python fence timed out: {error['message']}"
    if kind == "skipped":
        return "info", f"run-python fence not run: {error['message']}"
    detail = name_cells(error.get("traceback", ""), label).strip()
    return "warning", f"run-python fence crashed the worker: {detail}"
