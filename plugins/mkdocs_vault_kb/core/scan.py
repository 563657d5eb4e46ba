"""Stage 0: find the parts of a note that Obsidian syntax must never touch.

Code (fenced, indented, inline), math (``$...$``, ``$$...$$``) and HTML comments are *protected*:
no link, embed, tag or highlight is recognised inside them. ``%%comments%%`` are *dropped*: they
vanish from the output and nothing inside them counts either.

``mask`` replaces every protected run by a placeholder made of private-use characters, so the
later stages can work with plain regular expressions and ``unmask`` puts the original text back.
Placeholders never span a newline, so line-based stages (callouts, block ids) keep their lines;
a fence inside a callout keeps its ``> `` prefix outside the placeholder.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

PH_OPEN = "\ue000"
PH_CLOSE = "\ue001"
PLACEHOLDER = re.compile(f"{PH_OPEN}(\\d+){PH_CLOSE}")

# A container prefix: blockquote markers and indentation before a fence, e.g. "> > " or "    ".
_CONTAINER = re.compile(r"^(?:[ \t]*>)*[ \t]*")
_FENCE_OPEN = re.compile(r"^(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
_LIST_ITEM = re.compile(r"^[ \t]*(?:[-*+]|\d+[.)])[ \t]+")


@dataclass(slots=True)
class Masked:
    """Text with protected runs replaced by placeholders, and the runs to restore."""

    text: str
    runs: list[str]

    def unmask(self, text: str) -> str:
        return unmask(text, self.runs)


_LINE_PREFIX = re.compile(r"[ \t>]*")


def unmask(text: str, runs: list[str]) -> str:
    """Put the protected runs back, innermost placeholders included.

    A run that spans lines (an expanded embed) placed after a container prefix such as ``> `` or
    an indent gets that prefix on each of its lines, so it stays inside its callout or list item.
    """
    while PH_OPEN in text:

        def put(m: re.Match[str]) -> str:
            run = runs[int(m.group(1))]
            if "\n" in run:
                line_start = text.rfind("\n", 0, m.start()) + 1
                lead = text[line_start : m.start()]
                if lead and _LINE_PREFIX.fullmatch(lead):
                    run = run.replace("\n", "\n" + lead)
            return run

        new = PLACEHOLDER.sub(put, text)
        if new == text:
            break
        text = new
    return text


class Masker:
    """Collects protected runs; ``hide`` returns the placeholder that stands for a run."""

    def __init__(self, runs: list[str] | None = None) -> None:
        self.runs: list[str] = runs if runs is not None else []

    def unmask(self, text: str) -> str:
        return unmask(text, self.runs)

    def hide(self, s: str) -> str:
        if not s:
            return s
        self.runs.append(s)
        return f"{PH_OPEN}{len(self.runs) - 1}{PH_CLOSE}"


def mask(text: str, *, drop_comments: bool = True, fence_breaks_paragraph: bool = True) -> Masked:
    """Protect code, math and HTML comments; drop ``%%comments%%`` (when ``drop_comments``).

    ``fence_breaks_paragraph`` puts a blank line before a fence that follows a line of text: Obsidian
    lets a fence interrupt a paragraph, Python-Markdown needs the blank line."""
    m = Masker()
    out: list[str] = []
    fence: str | None = None  # the opening fence's characters while inside a fenced block
    closer: str | None = None  # "$$", "-->" or "%%" while a multi-line construct is open
    prev_blank = True
    in_list = False
    for line in text.split("\n"):
        if fence is not None:
            prefix = _CONTAINER.match(line).group(0)  # type: ignore[union-attr]
            rest = line[len(prefix):]
            out.append(prefix + m.hide(rest) if rest else line)
            stripped = rest.strip()
            if stripped.startswith(fence[0]) and set(stripped) == {fence[0]} and len(stripped) >= len(fence):
                fence = None
            continue
        if closer is None:
            prefix = _CONTAINER.match(line).group(0)  # type: ignore[union-attr]
            rest = line[len(prefix):]
            fo = _FENCE_OPEN.match(rest)
            if fo and not (fo.group("fence")[0] == "`" and "`" in fo.group("info")):
                fence = fo.group("fence")
                # Obsidian lets a fence interrupt a paragraph; Python-Markdown needs a blank line first.
                opener = rest if prev_blank or not fence_breaks_paragraph else "\n" + rest
                out.append(prefix + m.hide(opener))
                prev_blank = False
                continue
            # Indented code: four spaces after a blank line, outside a list.
            if prev_blank and not in_list and line.startswith(("    ", "\t")) and line.strip():
                out.append(m.hide(line))
                prev_blank = False
                continue
            if line.strip():
                if _LIST_ITEM.match(line):
                    in_list = True
                elif not line.startswith((" ", "\t")) and prev_blank:
                    in_list = False
        if closer is None and _SPECIAL.search(line) is None:
            out.append(line)  # most lines: nothing that can open code, math or a comment
        else:
            processed, closer = _inline(line, m, closer, drop_comments)
            out.append(processed)
        prev_blank = not line.strip()
    return Masked("\n".join(out), m.runs)


_BACKTICKS = re.compile(r"`+")
_SPECIAL = re.compile(r"[\\`$<%]")
_CLOSER_OF = {"$$": "$$", "<!--": "-->", "%%": "%%"}  # multi-line constructs: opener -> closer


def _inline(line: str, m: Masker, closer: str | None, drop_comments: bool) -> tuple[str, str | None]:
    """Scan one line left to right, continuing the multi-line construct ``closer`` ends, if one is
    open. Returns the processed line and the closer of a construct still open at its end."""
    out: list[str] = []
    i = 0
    n = len(line)

    def protect(chunk: str, dropped: bool) -> None:
        if not (dropped and drop_comments):
            out.append(m.hide(chunk))

    if closer is not None:
        end = line.find(closer)
        if end < 0:
            protect(line, closer == "%%")
            return "".join(out), closer
        protect(line[: end + len(closer)], closer == "%%")
        i = end + len(closer)
    start = i
    while i < n:
        hit = _SPECIAL.search(line, i)  # jump straight to the next character that can open something
        if hit is None:
            break
        i = hit.start()
        c = line[i]
        if c == "\\" and i + 1 < n:
            i += 2
            continue
        if c == "`":
            run = _BACKTICKS.match(line, i).group(0)  # type: ignore[union-attr]
            close = line.find(run, i + len(run))
            while close >= 0 and close + len(run) < n and line[close + len(run)] == "`":
                close = line.find(run, close + len(run) + 1)
            if close < 0:
                i += len(run)
                continue
            out.append(line[start:i])
            out.append(m.hide(line[i : close + len(run)]))
            i = start = close + len(run)
            continue
        o = line[i : i + 4] if c == "<" else line[i : i + 2]
        cl = _CLOSER_OF.get(o)
        if cl is not None:
            close = line.find(cl, i + len(o))
            out.append(line[start:i])
            if close < 0:
                protect(line[i:], o == "%%")
                return "".join(out), cl
            protect(line[i : close + len(cl)], o == "%%")
            i = start = close + len(cl)
            continue
        if c == "$":
            close = _inline_math_end(line, i)
            if close > 0:
                out.append(line[start:i])
                out.append(m.hide(line[i : close + 1]))
                i = start = close + 1
                continue
        i += 1
    out.append(line[start:])
    return "".join(out), None


def _inline_math_end(line: str, i: int) -> int:
    """Index of the ``$`` closing inline math opened at ``i``, or -1 (Obsidian's rules)."""
    if i + 1 >= len(line) or line[i + 1] in " \t":
        return -1
    j = i + 1
    while True:
        j = line.find("$", j)
        if j < 0:
            return -1
        if line[j - 1] == "\\":
            j += 1
            continue
        if line[j - 1] in " \t":
            j += 1
            continue
        # "$5 and $6": a closing dollar followed by a digit is not math
        if j + 1 < len(line) and line[j + 1].isdigit():
            return -1
        return j
