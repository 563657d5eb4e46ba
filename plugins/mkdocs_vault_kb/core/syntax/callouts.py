"""Callouts ``> [!type]± Title`` -> Material admonitions (``!!!``) and details (``???``, ``???+``).

Every Obsidian type and alias keeps its name as the admonition class (Material styles them all);
an unknown type looks like a note, as in Obsidian. Callouts nest.
"""

from __future__ import annotations

import re

_QUOTE = re.compile(r"^ {0,3}>")
_STRIP = re.compile(r"^ {0,3}> ?")
_HEAD = re.compile(r"^\[!(?P<type>[^\]\s]+)\](?P<fold>[+-]?)[ \t]*(?P<title>.*)$")

KNOWN = {
    "note", "abstract", "summary", "tldr", "info", "todo", "tip", "hint", "important",
    "success", "check", "done", "question", "help", "faq", "warning", "caution", "attention",
    "failure", "fail", "missing", "danger", "error", "bug", "example", "quote", "cite",
}  # fmt: skip


def callouts(text: str) -> str:
    return "\n".join(_convert(text.split("\n")))


def _convert(lines: list[str]) -> list[str]:
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if not _QUOTE.match(line):
            out.append(line)
            i += 1
            continue
        j = i
        while j < len(lines) and _QUOTE.match(lines[j]):
            j += 1
        group = lines[i:j]
        head = _HEAD.match(_STRIP.sub("", group[0], count=1).strip())
        if head is None:
            out.extend(group)
        else:
            out.extend(_admonition(head, [_STRIP.sub("", g, count=1) for g in group[1:]]))
        i = j
    return out


def _admonition(head: re.Match[str], body: list[str]) -> list[str]:
    kind = head.group("type").lower()
    fold = head.group("fold")
    marker = {"": "!!!", "-": "???", "+": "???+"}[fold]
    title = head.group("title").strip()
    if kind in KNOWN:
        classes = kind
    else:
        classes = f"note {re.sub(r'[^a-z0-9_-]', '-', kind)}"
        title = title or kind.capitalize()
    header = f'{marker} {classes}' + (f' "{title}"' if title else "")
    inner = _convert(body)
    return ["", header, *[("    " + b) if b.strip() else "" for b in inner], ""]
