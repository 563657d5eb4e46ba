"""Split a note into its YAML frontmatter and its body, never failing on what a vault holds.

Frontmatter is untrusted input. It is read by a loader that

- follows YAML 1.2's core schema, as Obsidian does: ``no``, ``on``, ``1:20`` stay text, and dates
  are never converted (``created: 2024-02-30`` is the text the author wrote, as Obsidian shows it);
- refuses documents nested deeper than ``MAX_DEPTH`` or whose aliases would expand beyond
  ``MAX_VALUES`` values (an alias bomb), before anything walks the values;
- builds only plain data (``str``, ``int``, ``float``, ``bool``, ``None``, ``list``, ``dict``
  with string keys).

A problem gives one message with the file line, and the properties that can still be read alone
(each top-level key parsed on its own) are kept. Properties read as text by the plugin (title,
aliases, tags, css classes, description) are the text the author typed (``texts``), whatever type
YAML would give it (``title: 404`` is "404", ``title: no`` is "no").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import BaseResolver
from yaml.scanner import Scanner

# The frontmatter block: MkDocs' pattern (mkdocs.utils.meta.YAML_RE), applied to text whose line
# ends are already "\n" (see ``core.source``), so the body starts where MkDocs' would.
_YAML_RE = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*(?:\n|\Z)", re.DOTALL)
_EMPTY_RE = re.compile(r"^-{3}[ \t]*\n(?:\.{3}|-{3})[ \t]*(?:\n|\Z)")
_KEY_LINE = re.compile(r"^([^\s:#\-?\[{][^:]*?|\"[^\"]*\"|'[^']*'):(?:[ \t]|$)")

MAX_DEPTH = 32  # nesting levels of mappings and lists
MAX_VALUES = 20_000  # values after expanding aliases
MAX_FRONTMATTER = 256 * 1024  # characters


class FrontmatterError(ValueError):
    """The frontmatter cannot be read safely; ``line`` is 0-based within the block, if known."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line


class _CoreResolver(BaseResolver):
    """YAML 1.2 core schema: bool, int, float and null as YAML 1.2 spells them; no timestamps,
    no sexagesimal numbers, no ``yes``/``no``/``on``/``off`` booleans."""


_CoreResolver.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_CoreResolver.add_implicit_resolver(
    "tag:yaml.org,2002:int",
    re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$"),
    list("-+0123456789"),
)
_CoreResolver.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
    ),
    list("-+0123456789."),
)
_CoreResolver.add_implicit_resolver("tag:yaml.org,2002:merge", re.compile(r"^<<$"), ["<"])
_CoreResolver.add_implicit_resolver("tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), list("~nN") + [""])


class _Constructor(SafeConstructor):
    """SafeConstructor whose dates, binaries and sets stay as the text the author wrote."""

    def construct_scalar_text(self, node: Node) -> str:
        return str(node.value) if isinstance(node, ScalarNode) else ""

    def construct_yaml_int(self, node: ScalarNode) -> int:
        value = node.value.replace("_", "")
        if value.startswith("0o"):
            return int(value[2:], 8)
        return int(value, 0) if value.startswith("0x") else int(value, 10)


for _tag in ("timestamp", "binary"):
    _Constructor.add_constructor(f"tag:yaml.org,2002:{_tag}", _Constructor.construct_scalar_text)
_Constructor.add_constructor("tag:yaml.org,2002:int", _Constructor.construct_yaml_int)


class _BoundedComposer(Composer):
    """The composer is the one recursive part of the pure-Python loader: stop it at MAX_DEPTH
    (libyaml's composer, behind CSafeLoader, recurses in C without a bound)."""

    depth = 0

    def compose_node(self, parent: Node | None, index: Any) -> Node:
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH + 1:
                raise FrontmatterError(f"nested more than {MAX_DEPTH} levels deep", self.peek_event().start_mark.line)
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


try:  # libyaml's parser: about ten times faster than the pure-Python one
    from yaml.cyaml import CParser
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    CParser = None  # type: ignore[assignment,misc]

FAST_LIMIT = 8 * 1024  # characters: a document this short cannot nest deep enough to hurt libyaml


class _Loader(Reader, Scanner, Parser, _BoundedComposer, _Constructor, _CoreResolver):
    def __init__(self, stream: str) -> None:
        Reader.__init__(self, stream)
        Scanner.__init__(self)
        Parser.__init__(self)
        _BoundedComposer.__init__(self)
        _Constructor.__init__(self)
        _CoreResolver.__init__(self)


if CParser is not None:

    class _FastLoader(CParser, _Constructor, _CoreResolver):  # type: ignore[misc,valid-type]
        """libyaml parses and composes (in C, recursively: hence only short documents without
        anchors or aliases come here); the same resolver and constructor build the values."""

        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            _Constructor.__init__(self)
            _CoreResolver.__init__(self)


def _loader_for(raw: str) -> Any:
    if CParser is not None and len(raw) <= FAST_LIMIT and "&" not in raw and "*" not in raw:
        return _FastLoader(raw)
    return _Loader(raw)


def _check_size(root: Node) -> None:
    """Refuse a node graph nested deeper than MAX_DEPTH or expanding to more than MAX_VALUES
    values. Aliases make it a DAG: each distinct node is measured once (an iterative walk, so a
    deep document cannot exhaust the stack here either)."""
    size: dict[int, int] = {}
    height: dict[int, int] = {}
    depth_of: dict[int, int] = {}
    stack: list[tuple[Node, int, bool]] = [(root, 1, False)]
    while stack:
        node, depth, done = stack.pop()
        if depth > MAX_DEPTH:
            raise FrontmatterError(f"nested more than {MAX_DEPTH} levels deep", node.start_mark.line)
        children: list[Node] = []
        if isinstance(node, SequenceNode):
            children = list(node.value)
        elif isinstance(node, MappingNode):
            children = [n for pair in node.value for n in pair]
        key = id(node)
        if done:
            size[key] = 1 + sum(size[id(c)] for c in children)
            height[key] = 1 + max((height[id(c)] for c in children), default=0)
            if size[key] > MAX_VALUES:
                raise FrontmatterError(
                    f"aliases expand to more than {MAX_VALUES:,} values", node.start_mark.line
                )
            continue
        if key in size:  # met again through an alias: its subtree now starts at ``depth``
            if depth + height[key] - 1 > MAX_DEPTH:
                raise FrontmatterError(f"nested more than {MAX_DEPTH} levels deep", node.start_mark.line)
            continue
        if depth_of.get(key, 0) >= depth:
            continue
        depth_of[key] = depth
        stack.append((node, depth, True))
        stack.extend((c, depth + 1, False) for c in children if id(c) not in size)


def _plain(value: Any) -> Any:
    """Keys as text (YAML allows numbers, null or lists as keys; properties are names)."""
    if isinstance(value, dict):
        return {_key_text(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, (set, frozenset)):
        return sorted(str(v) for v in value)
    return value


def _key_text(key: Any) -> str:
    if key is None:
        return ""
    if isinstance(key, bool):
        return "true" if key else "false"
    return str(key)


def _texts(node: Node) -> dict[str, Any]:
    """Top-level key -> the scalar text as written, or the list of item texts for a list."""
    out: dict[str, Any] = {}
    if not isinstance(node, MappingNode):
        return out
    for k, v in node.value:
        if not isinstance(k, ScalarNode):
            continue
        if isinstance(v, ScalarNode):
            out[k.value] = v.value
        elif isinstance(v, SequenceNode):
            out[k.value] = [item.value for item in v.value if isinstance(item, ScalarNode)]
    return out


def load_yaml(raw: str) -> tuple[Any, dict[str, Any]]:
    """Parse one YAML document safely: its plain data and the texts of its top-level scalars."""
    if len(raw) > MAX_FRONTMATTER:
        raise FrontmatterError(f"longer than {MAX_FRONTMATTER // 1024} KiB")
    loader = _loader_for(raw)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, {}
        _check_size(node)
        data = loader.construct_document(node)
        return _plain(data), _texts(node)
    except FrontmatterError:
        raise
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        context = getattr(exc, "context", None) or ""
        at_end = mark is not None and mark.index >= len(raw.rstrip())
        if (mark is None or at_end or "flow" in context) and getattr(exc, "context_mark", None):
            mark = exc.context_mark  # an unclosed [ or {, or the end: where the open thing began
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise FrontmatterError(str(problem), mark.line if mark is not None else None) from None
    except RecursionError:
        raise FrontmatterError(f"nested more than {MAX_DEPTH} levels deep") from None
    except (ValueError, TypeError, OverflowError) as exc:  # e.g. an unhashable key
        raise FrontmatterError(str(exc).splitlines()[0] if str(exc) else type(exc).__name__) from None
    finally:
        loader.dispose()


@dataclass(slots=True)
class Frontmatter:
    meta: dict[str, Any]
    body: str
    body_line: int  # 1-based line of the file where ``body`` starts
    error: str | None = None
    raw_lines: dict[str, int] = field(default_factory=dict)  # top-level key -> 1-based line
    error_line: int = 1  # 1-based line of the file the error points at
    texts: dict[str, Any] = field(default_factory=dict)  # top-level key -> text as written


def split_frontmatter(text: str) -> Frontmatter:
    """Return the frontmatter mapping and the body; a problem gives ``error`` and whatever
    properties could still be read one by one."""
    m = _YAML_RE.match(text) or _EMPTY_RE.match(text)
    if not m:
        return Frontmatter({}, text, 1)
    raw = m.group(1) if m.re is _YAML_RE else ""
    rest = text[m.end():]
    stripped = rest.lstrip("\n")
    body_line = text[: m.end()].count("\n") + (len(rest) - len(stripped)) + 1
    if m.re is _YAML_RE and not text[: m.end()].endswith("\n"):
        body_line += 1
    raw_lines = _key_lines(raw)
    try:
        data, texts = load_yaml(raw)
    except FrontmatterError as exc:
        line = 2 + exc.line if exc.line is not None else 1
        meta, texts = _salvage(raw)
        return Frontmatter(meta, stripped, body_line, f"malformed frontmatter: {exc}", raw_lines, line, texts)
    if data is None:
        return Frontmatter({}, stripped, body_line, None, raw_lines)
    if not isinstance(data, dict):
        return Frontmatter({}, stripped, body_line, "malformed frontmatter: not a mapping of properties", raw_lines, 2)
    return Frontmatter(data, stripped, body_line, None, raw_lines, 1, texts)


def _key_lines(raw: str) -> dict[str, int]:
    lines: dict[str, int] = {}
    for i, line in enumerate(raw.split("\n")):
        key = _KEY_LINE.match(line)
        if key:
            lines.setdefault(key.group(1).strip().strip("\"'"), i + 2)
    return lines


def _salvage(raw: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """Each top-level property parsed alone: one bad value does not lose the others."""
    meta: dict[str, Any] = {}
    texts: dict[str, Any] = {}
    chunks: list[list[str]] = []
    for line in raw.split("\n"):
        if _KEY_LINE.match(line) or not chunks:
            chunks.append([line])
        else:
            chunks[-1].append(line)
    for chunk in chunks:
        try:
            data, t = load_yaml("\n".join(chunk) + "\n")
        except FrontmatterError:
            continue
        if isinstance(data, dict):
            meta.update(data)
            texts.update(t)
    return meta, texts


def as_list(value: Any) -> list[str]:
    """A property that Obsidian accepts as a list or as a single/comma-separated string."""
    if value is None:
        return []
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    if isinstance(value, (list, tuple)):
        return [_scalar_text(v).strip() for v in value if v is not None and _scalar_text(v).strip()]
    return [_scalar_text(value)]


def _scalar_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list, tuple)):
        return ""  # a nested structure is not a name
    return str(value)


def text_of(fm_texts: dict[str, Any], meta: dict[str, Any], key: str) -> Any:
    """The property as the author typed it: a string, a list of strings, or None."""
    if key in fm_texts:
        return fm_texts[key]
    value = meta.get(key)
    if value is None or isinstance(value, (str, list)):
        return value
    return _scalar_text(value)
