"""Run one cell in a page's namespace and capture what it produced (inside the page process).

Output is captured like a notebook: stdout and stderr as ordered chunks, the value of a final
expression (unless the cell ends with ``;``), and every open matplotlib figure, closed after.
"""

from __future__ import annotations

import ast
import base64
import io
import linecache
import re
import sys
import traceback
from typing import Any

DEFAULT_OUTPUT_LIMIT = 1 << 20  # characters of output per cell (``output_limit_kb``)
MAX_SVG_BYTES = 400_000  # a bigger SVG (a dense scatter plot) is sent as PNG instead
PNG_DPI = 144
LAST_FRAMES = 3


def cell_filename(index: int) -> str:
    """The filename a cell is compiled under; the stage maps it to ``<run-python: note:line>``."""
    return f"<run-python-cell-{index}>"


class _Capture:
    """A cell's ``[name, text]`` chunks in order, keeping at most ``limit`` characters in all;
    what does not fit is only counted, so a cell printing without end cannot fill the memory."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.chunks: list[list[str]] = []
        self.kept = 0
        self.dropped = 0

    def add(self, name: str, text: str) -> None:
        room = self.limit - self.kept
        if len(text) > room:
            self.dropped += len(text) - max(0, room)
            text = text[: max(0, room)]
        if text:
            append_chunk(self.chunks, name, text)
            self.kept += len(text)


class _Stream(io.TextIOBase):
    """A text stream that appends to a shared ``_Capture``, keeping the order of the streams."""

    def __init__(self, name: str, capture: _Capture) -> None:
        self.name_ = name
        self._capture = capture

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        if text:
            self._capture.add(self.name_, text)
        return len(text)

    def isatty(self) -> bool:
        return False


def append_chunk(chunks: list[list[str]], name: str, text: str) -> None:
    """Append ``text`` to the last chunk when it is the same stream, else start a new chunk."""
    if chunks and chunks[-1][0] == name:
        chunks[-1][1] += text
    else:
        chunks.append([name, text])


def truncation_notice(dropped: int, limit: int) -> str:
    """The line that ends output cut at ``limit`` characters."""
    return (
        f"\n... (output truncated: {dropped:,} more characters not shown; a fence shows at most "
        f"{limit:,} characters)\n"
    )


def cap_streams(chunks: list[list[str]], limit: int, dropped: int = 0) -> list[list[str]]:
    """At most ``limit`` characters of ``chunks``; when anything was cut (or ``dropped`` before),
    a truncation notice ends the last stream kept."""
    total = 0
    kept: list[list[str]] = []
    for name, text in chunks:
        if total + len(text) > limit:
            dropped += total + len(text) - limit
            text = text[: limit - total]
        if text:
            kept.append([name, text])
        total += len(text)
    if dropped:
        name = kept[-1][0] if kept else "stderr"
        append_chunk(kept, name, truncation_notice(dropped, limit))
    return kept


def _ends_with_semicolon(code: str, node: ast.stmt) -> bool:
    lines = code.splitlines()
    if node.end_lineno is None or node.end_col_offset is None or node.end_lineno > len(lines):
        return False
    tail = lines[node.end_lineno - 1].encode()[node.end_col_offset :].decode(errors="replace")
    return tail.lstrip().startswith(";")


def _is_artist(value: Any) -> bool:
    items = value if isinstance(value, list | tuple) and value else [value]
    return all(type(item).__module__.startswith("matplotlib.") for item in items)


def _display(value: Any) -> str | None:
    """The value as a notebook shows it; None for matplotlib objects (the figure shows them)."""
    if _is_artist(value):
        return None
    try:
        if type(value).__module__.startswith("pandas") and hasattr(value, "to_string"):
            return str(value.to_string())
        return repr(value)
    except Exception as exc:  # a broken __repr__ must not lose the rest of the cell
        return f"<repr failed: {type(exc).__name__}: {exc}>"


def _exception_name(exc: BaseException) -> str:
    kind = type(exc)
    module = kind.__module__
    if module in {"builtins", "__main__"}:
        return kind.__qualname__
    return f"{module}.{kind.__qualname__}"


def describe_exception(exc: BaseException) -> dict[str, Any]:
    """The exception as data: type, message, the traceback from the cell down, its last frames."""
    tb = exc.__traceback__
    while tb is not None and tb.tb_frame.f_code.co_filename == __file__:
        tb = tb.tb_next  # hide the executor's own frames
    full = "".join(traceback.format_exception(type(exc), exc, tb))
    frames = traceback.format_list(traceback.extract_tb(tb)[-LAST_FRAMES:]) if tb else []
    last = "".join(frames) + "".join(traceback.format_exception_only(type(exc), exc))
    return {
        "kind": "exception",
        "type": _exception_name(exc),
        "message": str(exc),
        "traceback": full,
        "last_frames": last,
    }


def _figure_size(data: bytes, fmt: str) -> tuple[int, int]:
    if fmt == "png" and len(data) >= 24:
        width = int.from_bytes(data[16:20], "big")
        height = int.from_bytes(data[20:24], "big")
        return round(width * 96 / PNG_DPI), round(height * 96 / PNG_DPI)
    match = re.search(rb'<svg[^>]*?width="([\d.]+)pt"[^>]*?height="([\d.]+)pt"', data[:2000])
    if match is None:
        return 0, 0
    return round(float(match[1]) * 4 / 3), round(float(match[2]) * 4 / 3)


def capture_figures() -> list[dict[str, Any]]:
    """Every open matplotlib figure as an SVG (or PNG) data record; the figures are closed."""
    pyplot = sys.modules.get("matplotlib.pyplot")
    if pyplot is None:
        return []
    figures = []
    try:
        for number in pyplot.get_fignums():
            figure = pyplot.figure(number)
            buffer = io.BytesIO()
            figure.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
            data, fmt = buffer.getvalue(), "svg"
            if len(data) > MAX_SVG_BYTES:
                buffer = io.BytesIO()
                figure.savefig(
                    buffer,
                    format="png",
                    dpi=PNG_DPI,
                    bbox_inches="tight",
                    metadata={"Software": None},
                )
                data, fmt = buffer.getvalue(), "png"
            width, height = _figure_size(data, fmt)
            figures.append(
                {
                    "format": fmt,
                    "data": base64.b64encode(data).decode("ascii"),
                    "width": width,
                    "height": height,
                }
            )
    finally:
        pyplot.close("all")
    return figures


def _run(code: str, filename: str, namespace: dict[str, Any]) -> str | None:
    tree = ast.parse(code, filename, "exec")
    final: ast.Expression | None = None
    last = tree.body[-1] if tree.body else None
    if isinstance(last, ast.Expr) and not _ends_with_semicolon(code, last):
        final = ast.Expression(tree.body.pop().value)
    exec(compile(tree, filename, "exec"), namespace)
    if final is None:
        return None
    value = eval(compile(final, filename, "eval"), namespace)
    return None if value is None else _display(value)


def run_cell(
    code: str, filename: str, namespace: dict[str, Any], limit: int = DEFAULT_OUTPUT_LIMIT
) -> dict[str, Any]:
    """Run ``code`` in ``namespace``; return streams, final value, figures and error (or None).

    At most ``limit`` characters of stdout and stderr are kept (``dropped`` counts the rest;
    the caller adds output written to the file descriptors and then calls ``cap_streams``), and
    at most ``limit`` characters of the final value.
    """
    linecache.cache[filename] = (len(code), None, code.splitlines(True), filename)
    capture = _Capture(limit)
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = _Stream("stdout", capture), _Stream("stderr", capture)
    value: str | None = None
    error: dict[str, Any] | None = None
    try:
        value = _run(code, filename, namespace)
    except BaseException as exc:  # SystemExit and KeyboardInterrupt are the cell's errors too
        error = describe_exception(exc)
    finally:
        sys.stdout, sys.stderr = saved
    try:
        figures = capture_figures()
    except Exception as exc:
        figures = []
        if error is None:
            error = describe_exception(exc)
    if value is not None and len(value) > limit:
        value = value[:limit] + truncation_notice(len(value) - limit, limit).rstrip("\n")
    return {"streams": capture.chunks, "dropped": capture.dropped, "value": value,
            "figures": figures, "error": error}
