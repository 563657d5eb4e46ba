"""The structure https://llmstxt.org documents for an ``llms.txt`` file, as a checker for tests:
an H1 with the site's name (the only required part), an optional blockquote summary, optional
Markdown that is no heading, then H2 sections each holding a list of ``- [name](url)`` links,
optionally followed by ``: notes``."""

from __future__ import annotations

import re

_LINK_ITEM = re.compile(r"^- \[((?:[^\[\]\\]|\\.)+)\]\(([^\s()<>]+)\)(?:: (.+))?$")


def llms_txt_problems(text: str) -> list[str]:
    """What in ``text`` breaks the documented structure (empty: none)."""
    problems = []
    lines = text.split("\n")
    if not lines or not re.match(r"^# \S", lines[0]):
        return ["the first line is not an H1"]
    section = None  # the current H2, once one opened
    quote_allowed = True
    for k, line in enumerate(lines[1:], 2):
        if not line.strip():
            continue
        if line.startswith("> ") and quote_allowed:
            continue
        quote_allowed = False
        if line.startswith("## "):
            if not line[3:].strip():
                problems.append(f"line {k}: an empty H2")
            section = line[3:]
            continue
        if re.match(r"^#{1,6}(\s|$)", line):
            problems.append(f"line {k}: a heading other than the H1 and the sections' H2s")
        elif section is not None and not _LINK_ITEM.match(line):
            problems.append(f"line {k}: in section {section!r}, not a '- [name](url): notes' item")
    return problems


def llms_txt_links(text: str) -> list[str]:
    """The URLs of the sections' link lists, in order."""
    return [m.group(2) for m in map(_LINK_ITEM.match, text.split("\n")) if m]
