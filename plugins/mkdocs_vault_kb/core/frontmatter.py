"""Split a note into its YAML frontmatter and its body, the way MkDocs does, but never fail."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

try:
    from yaml import CSafeLoader as SafeLoader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader  # type: ignore[assignment]

# The same pattern as mkdocs.utils.meta.YAML_RE, so our body starts where MkDocs' body starts.
_YAML_RE = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)


@dataclass(slots=True)
class Frontmatter:
    meta: dict[str, Any]
    body: str
    body_line: int  # 1-based line of the file where ``body`` starts
    error: str | None = None
    raw_lines: dict[str, int] = field(default_factory=dict)  # top-level key -> 1-based line


def split_frontmatter(text: str) -> Frontmatter:
    """Return the frontmatter mapping and the body; malformed YAML gives ``error`` and no meta."""
    m = _YAML_RE.match(text)
    if not m:
        return Frontmatter({}, text, 1)
    raw = m.group(1)
    try:
        data = yaml.load(raw, SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (frontmatter line {mark.line + 1})" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        return Frontmatter({}, text, 1, f"malformed frontmatter{where}: {problem}")
    if data is None:
        data = {}
    if not isinstance(data, dict):
        return Frontmatter({}, text, 1, "malformed frontmatter: not a mapping of properties")
    rest = text[m.end():]
    stripped = rest.lstrip("\n")
    body_line = text[: m.end()].count("\n") + (len(rest) - len(stripped)) + 1
    raw_lines = {}
    for i, line in enumerate(raw.split("\n")):
        key = re.match(r"^([^\s:#][^:]*):", line)
        if key:
            raw_lines[key.group(1).strip()] = i + 2
    return Frontmatter(data, stripped, body_line, None, raw_lines)


def as_list(value: Any) -> list[str]:
    """A property that Obsidian accepts as a list or as a single/comma-separated string."""
    if value is None:
        return []
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    if isinstance(value, (list, tuple)):
        return [str(v).strip() for v in value if v is not None and str(v).strip()]
    return [str(value)]
