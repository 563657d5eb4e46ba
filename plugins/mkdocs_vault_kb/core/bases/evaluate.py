"""Evaluate a parsed Bases expression against one file of the vault.

Errors (an unknown function, a method the value's type does not have, text minus a number...)
raise ``EvalError``; ``Evaluator.value`` turns any problem into ``(None, message)``, so nothing a
vault writes can stop the build. A missing property is ``null`` and arithmetic on ``null`` is
``null``, as Obsidian shows an empty cell for it.
"""

from __future__ import annotations

import html
import math
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import regex as uregex

from ..index import VaultIndex
from ..resolve import parse_wikilink, resolve_target
from .expr import ExprError, Node, parse
from .values import Date, Duration, FileRef, Html, Link, Regex, parse_date, parse_duration, to_text, type_name

MAX_TEXT = 100_000  # characters a string function may build
MAX_LIST = 100_000  # elements a list function may build
_WIKILINK = re.compile(r"^\s*!?\[\[([^\[\]\n]+)\]\]\s*$")


class EvalError(Exception):
    pass


REGEX_SECONDS = 0.05  # a pattern from the vault gets this long per use


def _user_regex(fn: Any, pattern: str, *args: Any, **kw: Any) -> Any:
    """Run a pattern written in a vault with the ``regex`` module and a time limit: Python's
    ``re`` has none, and a pattern such as ``(a+)+$`` backtracks for ages on a long text."""
    try:
        return fn(pattern, *args, timeout=REGEX_SECONDS, **kw)
    except TimeoutError:
        raise EvalError(f"regular expression /{pattern[:40]}/ took too long") from None
    except uregex.error as exc:
        raise EvalError(f"bad regular expression /{pattern[:40]}/: {exc}") from None


@dataclass(slots=True)
class FileFacts:
    """What ``file.*`` knows of one note beyond its frontmatter."""

    tags: list[str] = field(default_factory=list)  # frontmatter and inline, without '#'
    links: list[str] = field(default_factory=list)  # vault paths it links to (links, properties)
    embeds: list[str] = field(default_factory=list)
    backlinks: list[str] = field(default_factory=list)
    size: int | None = None


@dataclass(slots=True)
class VaultData:
    """The vault as Bases sees it: the index and each note's facts."""

    index: VaultIndex
    facts: dict[str, FileFacts]
    resolve_aliases: bool = True
    now: datetime = field(default_factory=datetime.now)
    #: (created, modified) of each file, asked for the first time a base reads file.ctime/mtime
    times_source: Callable[[], dict[str, tuple[datetime, datetime]]] | None = None
    _props: dict[str, dict[str, Any]] = field(default_factory=dict)
    _times: dict[str, tuple[datetime, datetime]] | None = None

    @classmethod
    def build(
        cls,
        index: VaultIndex,
        inline_tags: dict[str, list[str]],
        links: list[tuple[str, str, str]],
        sizes: dict[str, int] | None = None,
        *,
        resolve_aliases: bool = True,
        times: Callable[[], dict[str, tuple[datetime, datetime]]] | None = None,
    ) -> VaultData:
        """``links``: (source, target, kind) of every link the rendering found."""
        facts = {p: FileFacts(size=(sizes or {}).get(p)) for p in index.notes}
        for path, note in index.notes.items():
            facts[path].tags = list(dict.fromkeys([*note.tags, *inline_tags.get(path, [])]))
        for source, target, kind in links:
            f = facts.get(source)
            if f is None:
                continue
            (f.embeds if kind == "embed" else f.links).append(target)
            if target in facts and source not in facts[target].backlinks:
                facts[target].backlinks.append(source)
        return cls(index, facts, resolve_aliases, times_source=times)

    def file_time(self, path: str, which: str) -> Date | None:
        """``file.ctime`` (``which`` "ctime") or ``file.mtime`` of a file, None when unknown."""
        if self._times is None:
            self._times = self.times_source() if self.times_source is not None else {}
        hit = self._times.get(path)
        if hit is None:
            return None
        return Date(hit[0] if which == "ctime" else hit[1], True)

    def properties(self, path: str) -> dict[str, Any]:
        """A note's frontmatter as Bases values: dates as dates, ``[[links]]`` as links."""
        hit = self._props.get(path)
        if hit is None:
            note = self.index.notes.get(path)
            hit = {k: self.typed(v, path) for k, v in (note.meta if note else {}).items()}
            self._props[path] = hit
        return hit

    def typed(self, v: Any, source: str, depth: int = 0) -> Any:
        if isinstance(v, str):
            m = _WIKILINK.match(v)
            if m:
                return self.link(m.group(1), source)
            d = parse_date(v)
            return d if d is not None else v
        if isinstance(v, list) and depth < 8:
            return [self.typed(x, source, depth + 1) for x in v]
        if isinstance(v, dict) and depth < 8:
            return {str(k): self.typed(x, source, depth + 1) for k, x in v.items()}
        if isinstance(v, (bool, int, float)) or v is None:
            return v
        return str(v)

    def link(self, inner: str, source: str, display: str | None = None) -> Link:
        ref = parse_wikilink(inner)
        res = resolve_target(ref.target, source, self.index, aliases=self.resolve_aliases)
        return Link(ref.target, display or ref.alias, res.path)


def truthy(v: Any) -> bool:
    if v is None or v is False:
        return False
    if isinstance(v, (int, float)):
        return v != 0 and v == v
    if isinstance(v, str):
        return v != ""
    return True


class Evaluator:
    """Evaluates expressions of one base for the files of the vault."""

    def __init__(self, data: VaultData, formulas: dict[str, str], this: str | None) -> None:
        self.data = data
        self.formulas = formulas
        self.this = this
        self._trees: dict[str, Node | ExprError] = {}
        self._formula_cache: dict[tuple[str, str], tuple[Any, str | None]] = {}
        self._active: set[tuple[str, str]] = set()

    # -- entry points ------------------------------------------------------------------------

    def tree(self, source: str) -> Node:
        hit = self._trees.get(source)
        if hit is None:
            try:
                hit = parse(source)
            except ExprError as exc:
                hit = exc
            self._trees[source] = hit
        if isinstance(hit, ExprError):
            raise hit
        return hit

    def value(self, source: str, path: str, scope: dict[str, Any] | None = None) -> tuple[Any, str | None]:
        """The value of expression ``source`` for file ``path`` (names in ``scope`` bound, such as a
        summary formula's ``values``), or ``(None, why)``."""
        try:
            return self.eval(self.tree(source), path, scope or {}), None
        except ExprError as exc:
            return None, f"syntax error in {source!r}: {exc}"
        except EvalError as exc:
            return None, f"{source!r}: {exc}"
        except RecursionError:
            return None, f"{source!r}: nested too deeply"
        except (ValueError, TypeError, OverflowError, ZeroDivisionError, re.error, MemoryError, IndexError, KeyError) as exc:
            return None, f"{source!r}: {type(exc).__name__}: {exc}"

    def prop(self, prop_id: str, path: str) -> tuple[Any, str | None]:
        """A column's value: ``note.x``, ``file.x`` or ``formula.x``."""
        kind, _, name = prop_id.partition(".")
        if kind == "formula":
            return self.formula(name, path)
        try:
            if kind == "file":
                return self.file_field(FileRef(path), name), None
            return self.properties(path).get(name), None
        except EvalError as exc:
            return None, f"{prop_id}: {exc}"

    def formula(self, name: str, path: str) -> tuple[Any, str | None]:
        key = (name, path)
        hit = self._formula_cache.get(key)
        if hit is not None:
            return hit
        source = self.formulas.get(name)
        if source is None:
            return None, f"no formula named {name!r}"
        if key in self._active:
            return None, f"formula {name!r} refers to itself"
        self._active.add(key)
        try:
            out = self.value(source, path)
        finally:
            self._active.discard(key)
        self._formula_cache[key] = out
        return out

    def properties(self, path: str) -> dict[str, Any]:
        return self.data.properties(path)

    # -- the tree ----------------------------------------------------------------------------

    def eval(self, node: Node, path: str, scope: dict[str, Any]) -> Any:
        kind = node[0]
        if kind == "lit":
            return node[1]
        if kind == "name":
            return self.name(node[1], path, scope)
        if kind == "list":
            return [self.eval(x, path, scope) for x in node[1]]
        if kind == "obj":
            return {k: self.eval(x, path, scope) for k, x in node[1]}
        if kind == "re":
            _user_regex(lambda p, timeout: uregex.compile(p), node[1])  # a bad pattern is an error now, not at use
            return Regex(node[1], node[2])
        if kind == "un":
            v = self.eval(node[2], path, scope)
            if node[1] == "!":
                return not truthy(v)
            if v is None:
                return None
            if isinstance(v, (int, float)) and not isinstance(v, bool):
                return -v if node[1] == "-" else v
            if isinstance(v, Duration) and node[1] == "-":
                return v.scaled(-1)
            raise EvalError(f"cannot apply {node[1]} to a {type_name(v)}")
        if kind == "bin":
            op = node[1]
            if op == "&&":
                a = self.eval(node[2], path, scope)
                return self.eval(node[3], path, scope) if truthy(a) else a
            if op == "||":
                a = self.eval(node[2], path, scope)
                return a if truthy(a) else self.eval(node[3], path, scope)
            return binary(op, self.eval(node[2], path, scope), self.eval(node[3], path, scope))
        if kind == "get":
            obj_node = node[1]
            if obj_node[0] == "name" and obj_node[1] in ("note", "formula") and obj_node[1] not in scope:
                if obj_node[1] == "note":
                    return self.properties(path).get(node[2])
                v, why = self.formula(node[2], path)
                if why is not None:
                    raise EvalError(why)
                return v
            return self.field(self.eval(obj_node, path, scope), node[2])
        if kind == "idx":
            obj_node = node[1]
            key = self.eval(node[2], path, scope)
            if obj_node[0] == "name" and obj_node[1] == "note" and "note" not in scope:
                return self.properties(path).get(to_text(key))
            return index_of(self.eval(obj_node, path, scope), key)
        if kind == "call":
            return self.call(node[1], node[2], path, scope)
        raise EvalError(f"unknown expression {kind}")

    def name(self, name: str, path: str, scope: dict[str, Any]) -> Any:
        if name in scope:
            return scope[name]
        if name == "file":
            return FileRef(path)
        if name == "this":
            return FileRef(self.this) if self.this is not None else None
        if name == "note":
            return self.properties(path)
        if name == "formula":
            return {k: self.formula(k, path)[0] for k in self.formulas}
        return self.properties(path).get(name)  # a bare name is a note property

    def call(self, callee: Node, args: list[Node], path: str, scope: dict[str, Any]) -> Any:
        if callee[0] == "name" and callee[1] not in scope:
            return self.global_call(callee[1], args, path, scope)
        if callee[0] != "get":
            raise EvalError("only functions and methods can be called")
        target = self.eval(callee[1], path, scope)
        name = callee[2]
        if isinstance(target, list) and name in ("filter", "map", "reduce"):
            return self.list_lambda(target, name, args, path, scope)
        values = [self.eval(a, path, scope) for a in args]
        return self.method(target, name, values)

    def list_lambda(self, items: list[Any], name: str, args: list[Node], path: str, scope: dict[str, Any]) -> Any:
        if not args:
            raise EvalError(f"{name}() needs an expression")
        body = args[0]
        if name == "reduce":
            acc = self.eval(args[1], path, scope) if len(args) > 1 else None
            for i, v in enumerate(items):
                acc = self.eval(body, path, {**scope, "value": v, "index": i, "acc": acc})
            return acc
        out = []
        for i, v in enumerate(items):
            r = self.eval(body, path, {**scope, "value": v, "index": i})
            if name == "map":
                out.append(r)
            elif truthy(r):
                out.append(v)
        return out

    def global_call(self, name: str, args: list[Node], path: str, scope: dict[str, Any]) -> Any:
        if name == "if":
            if not 2 <= len(args) <= 3:
                raise EvalError("if() takes a condition, a value and an optional other value")
            if truthy(self.eval(args[0], path, scope)):
                return self.eval(args[1], path, scope)
            return self.eval(args[2], path, scope) if len(args) == 3 else None
        v = [self.eval(a, path, scope) for a in args]
        if name == "now":
            return Date(self.data.now, True)
        if name == "today":
            return Date(self.data.now.replace(hour=0, minute=0, second=0, microsecond=0))
        if name == "date":
            _arity(name, v, 1)
            if isinstance(v[0], Date):
                return v[0]
            d = parse_date(to_text(v[0]))
            if d is None:
                raise EvalError(f"date(): {to_text(v[0])!r} is not a date")
            return d
        if name == "duration":
            _arity(name, v, 1)
            if isinstance(v[0], Duration):
                return v[0]
            d = parse_duration(to_text(v[0]))
            if d is None:
                raise EvalError(f"duration(): {to_text(v[0])!r} is not a duration")
            return d
        if name == "number":
            _arity(name, v, 1)
            return to_number(v[0])
        if name == "list":
            _arity(name, v, 1)
            return v[0] if isinstance(v[0], list) else [v[0]]
        if name in ("max", "min"):
            nums = [to_number(x) for x in v if x is not None]
            if not nums:
                return None
            return max(nums) if name == "max" else min(nums)
        if name == "link":
            if not 1 <= len(v) <= 2:
                raise EvalError("link() takes a path and an optional display text")
            display = to_text(v[1]) if len(v) == 2 and v[1] is not None else None
            if isinstance(v[0], FileRef):
                return Link(v[0].path, display, v[0].path)
            if isinstance(v[0], Link):
                return Link(v[0].target, display or v[0].display, v[0].path)
            text = to_text(v[0])
            m = _WIKILINK.match(text)
            if re.match(r"^[a-z][a-z0-9+.-]*://", text, re.I):
                return Link(text, display, None)
            return self.data.link(m.group(1) if m else text, path, display)
        if name == "file":
            _arity(name, v, 1)
            if isinstance(v[0], FileRef):
                return v[0]
            link = v[0] if isinstance(v[0], Link) else self.data.link(to_text(v[0]), path)
            return FileRef(link.path) if link.path in self.data.index.notes else None
        if name == "escapeHTML":
            _arity(name, v, 1)
            return html.escape(to_text(v[0]))
        if name in ("icon", "image", "html"):
            _arity(name, v, 1)
            if name == "image" and isinstance(v[0], Link):
                return Html("image", v[0].path or v[0].target)
            return Html(name, to_text(v[0]))
        raise EvalError(f"unknown function {name}()")

    # -- fields and methods ------------------------------------------------------------------

    def field(self, obj: Any, name: str) -> Any:
        if obj is None:
            return None
        if isinstance(obj, FileRef):
            return self.file_field(obj, name)
        if isinstance(obj, Link):
            if obj.path in self.data.index.notes:
                return self.file_field(FileRef(obj.path), name)
            return None
        if isinstance(obj, dict):
            return obj.get(name)
        if name == "length" and isinstance(obj, (str, list)):
            return len(obj)
        if isinstance(obj, Date):
            v = obj.value
            parts = {"year": v.year, "month": v.month, "day": v.day, "hour": v.hour, "minute": v.minute,
                     "second": v.second, "millisecond": v.microsecond // 1000}  # fmt: skip
            if name in parts:
                return parts[name]
        raise EvalError(f"a {type_name(obj)} has no field {name!r}")

    def file_field(self, f: FileRef, name: str) -> Any:
        note = self.data.index.notes.get(f.path)
        facts = self.data.facts.get(f.path)
        base = posixpath.basename(f.path)
        if name == "name":
            return base
        if name == "basename":
            return base.rsplit(".", 1)[0] if "." in base else base
        if name == "path":
            return f.path
        if name == "folder":
            return posixpath.dirname(f.path)
        if name == "ext":
            return base.rsplit(".", 1)[-1] if "." in base else ""
        if name == "file":
            return f
        if name == "properties":
            return dict(self.properties(f.path)) if note else {}
        if name == "tags":
            return ["#" + t for t in facts.tags] if facts else []
        if name in ("links", "embeds", "backlinks"):
            paths = getattr(facts, name) if facts else []
            return [Link(p, None, p) for p in dict.fromkeys(paths)]
        if name == "size":
            return facts.size if facts else None
        if name in ("ctime", "mtime"):
            return self.data.file_time(f.path, name)
        raise EvalError(f"a file has no field {name!r}")

    def method(self, obj: Any, name: str, args: list[Any]) -> Any:
        if name == "isTruthy":
            return truthy(obj)
        if name == "isType":
            _arity(name, args, 1)
            return type_name(obj) == to_text(args[0]).lower()
        if name == "toString":
            return to_text(obj)
        if name == "isEmpty":
            if obj is None:
                return True
            if isinstance(obj, (str, list, dict)):
                return len(obj) == 0
            return False
        if obj is None:
            return None  # a method of a missing property: an empty cell
        if isinstance(obj, FileRef) or (isinstance(obj, Link) and name in _FILE_METHODS and name != "asLink"):
            ref = obj if isinstance(obj, FileRef) else FileRef(obj.path or "")
            return self.file_method(ref, name, args)
        if isinstance(obj, Link):
            if name == "asFile":
                return FileRef(obj.path) if obj.path in self.data.index.notes else None
            if name == "linksTo":
                _arity(name, args, 1)
                facts = self.data.facts.get(obj.path or "")
                return bool(facts) and _target_path(self, args[0]) in facts.links  # type: ignore[union-attr]
        fn = _METHODS.get((_kind(obj), name))
        if fn is None:
            raise EvalError(f"unknown function {name}() for a {type_name(obj)}")
        return fn(obj, *args)

    def file_method(self, f: FileRef, name: str, args: list[Any]) -> Any:
        facts = self.data.facts.get(f.path)
        if name == "asLink":
            return Link(f.path, to_text(args[0]) if args and args[0] is not None else None, f.path)
        if name == "hasTag":
            tags = [t.lower() for t in (facts.tags if facts else [])]
            for want in args:
                w = to_text(want).lstrip("#").lower()
                if any(t == w or t.startswith(w + "/") for t in tags):
                    return True
            return False
        if name == "hasLink":
            _arity(name, args, 1)
            return bool(facts) and _target_path(self, args[0], f.path) in facts.links  # type: ignore[union-attr]
        if name == "hasProperty":
            _arity(name, args, 1)
            return to_text(args[0]) in self.properties(f.path)
        if name == "inFolder":
            _arity(name, args, 1)
            folder = to_text(args[0]).strip("/")
            here = posixpath.dirname(f.path)
            return folder == "" or here == folder or here.startswith(folder + "/")
        raise EvalError(f"unknown function {name}() for a file")


_FILE_METHODS = {"asLink", "hasTag", "hasLink", "hasProperty", "inFolder"}


def _target_path(ev: Evaluator, v: Any, source: str | None = None) -> str | None:
    if isinstance(v, FileRef):
        return v.path
    if isinstance(v, Link):
        return v.path
    if v is None:
        return None
    return ev.data.link(to_text(v), source or ev.this or "").path


def _arity(name: str, args: list[Any], n: int) -> None:
    if len(args) != n:
        raise EvalError(f"{name}() takes {n} argument{'s' if n != 1 else ''}, not {len(args)}")


def to_number(v: Any) -> float | int:
    if isinstance(v, bool):
        return int(v)
    if isinstance(v, (int, float)):
        return v
    if isinstance(v, Date):
        return v.millis()
    if isinstance(v, Duration):
        return v.ms + v.months * 30 * 86_400_000
    if isinstance(v, str):
        try:
            return int(v) if re.fullmatch(r"\s*[+-]?\d+\s*", v) else float(v)
        except ValueError:
            pass
    raise EvalError(f"{to_text(v)!r} ({type_name(v)}) is not a number")


def _num(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _duration_of(v: Any) -> Duration | None:
    if isinstance(v, Duration):
        return v
    if isinstance(v, str):
        return parse_duration(v)
    return None


def binary(op: str, a: Any, b: Any) -> Any:
    if op in ("==", "!="):
        eq = equal(a, b)
        return eq if op == "==" else not eq
    if op in ("<", ">", "<=", ">="):
        if a is None or b is None:
            return False
        x, y = _comparable(a, b)
        return {"<": x < y, ">": x > y, "<=": x <= y, ">=": x >= y}[op]
    if a is None or b is None:
        if op == "+" and (isinstance(a, str) or isinstance(b, str)):
            return to_text(a) + to_text(b)
        return None
    if isinstance(a, Date):
        if op in ("+", "-"):
            if isinstance(b, Date) and op == "-":
                return a.millis() - b.millis()
            d = _duration_of(b)
            if d is not None:
                return a.plus(d, 1 if op == "+" else -1)
            if _num(b):
                return a.plus(Duration(0, float(b)), 1 if op == "+" else -1)
        raise EvalError(f"cannot compute date {op} {type_name(b)}")
    if isinstance(a, Duration):
        if op in ("*", "/") and _num(b):
            if op == "/" and b == 0:
                raise EvalError("division of a duration by zero")
            return a.scaled(b if op == "*" else 1 / b)
        if op in ("+", "-") and isinstance(b, Duration):
            s = 1 if op == "+" else -1
            return Duration(a.months + s * b.months, a.ms + s * b.ms)
        raise EvalError(f"cannot compute duration {op} {type_name(b)}")
    if op == "+":
        if isinstance(a, str) or isinstance(b, str):
            out = to_text(a) + to_text(b)
            if len(out) > MAX_TEXT:
                raise EvalError("text too long")
            return out
        if isinstance(a, list) and isinstance(b, list):
            if len(a) + len(b) > MAX_LIST:
                raise EvalError("list too long")
            return a + b
    if _num(a) and _num(b):
        if op == "+":
            return a + b
        if op == "-":
            return a - b
        if op == "*":
            r = a * b
            if isinstance(r, int) and r.bit_length() > 1024:
                return float(r) if r.bit_length() < 1000 else math.copysign(math.inf, r)
            return r
        if op in ("/", "%"):
            if b == 0:
                if op == "%" or a == 0:
                    return math.nan
                return math.copysign(math.inf, a) if b == 0 else a / b
            if op == "%":
                return math.fmod(a, b) if isinstance(a, float) or isinstance(b, float) else int(math.fmod(a, b))
            r = a / b
            return int(r) if r.is_integer() and isinstance(a, int) and isinstance(b, int) else r
    raise EvalError(f"cannot compute {type_name(a)} {op} {type_name(b)}")


def equal(a: Any, b: Any) -> bool:
    if isinstance(a, (Link, FileRef)) or isinstance(b, (Link, FileRef)):
        pa = a.path if isinstance(a, (Link, FileRef)) else None
        pb = b.path if isinstance(b, (Link, FileRef)) else None
        if pa is not None and pb is not None:
            return pa == pb
        if isinstance(a, Link) and isinstance(b, Link):
            return a.target == b.target
        return False
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    if _num(a) and _num(b):
        return a == b
    if isinstance(a, Date) and isinstance(b, Date):
        return a.value == b.value
    if type(a) is not type(b):
        return False
    return bool(a == b)


def _comparable(a: Any, b: Any) -> tuple[Any, Any]:
    if _num(a) and _num(b):
        return a, b
    if isinstance(a, str) and isinstance(b, str):
        return a, b
    if isinstance(a, Date) or isinstance(b, Date):
        da = a if isinstance(a, Date) else parse_date(a) if isinstance(a, str) else None
        db = b if isinstance(b, Date) else parse_date(b) if isinstance(b, str) else None
        if da is not None and db is not None:
            return da.value, db.value
    if isinstance(a, Duration) and isinstance(b, Duration):
        return to_number(a), to_number(b)
    raise EvalError(f"cannot compare a {type_name(a)} with a {type_name(b)}")


def index_of(obj: Any, key: Any) -> Any:
    if obj is None:
        return None
    if isinstance(obj, list) and _num(key):
        k = int(key)
        return obj[k] if -len(obj) <= k < len(obj) else None
    if isinstance(obj, dict):
        return obj.get(to_text(key))
    if isinstance(obj, str) and _num(key):
        k = int(key)
        return obj[k] if 0 <= k < len(obj) else None
    raise EvalError(f"a {type_name(obj)} cannot be indexed by a {type_name(key)}")


# -- methods by type ---------------------------------------------------------------------------


def _kind(v: Any) -> str:
    if isinstance(v, bool):
        return "boolean"
    return type_name(v)


def _js_round(x: float, digits: Any = 0) -> float:
    k = 10 ** int(to_number(digits))
    r = math.floor(x * k + 0.5) / k
    return int(r) if float(r).is_integer() and not digits else r


def _to_fixed(x: float, digits: Any = 0) -> str:
    d = int(to_number(digits))
    if not 0 <= d <= 100:
        raise EvalError("toFixed() takes 0 to 100 digits")
    return f"{x:.{d}f}"


def _repeat(s: str, n: Any) -> str:
    k = int(to_number(n))
    if k < 0 or len(s) * k > MAX_TEXT:
        raise EvalError("repeat() count out of range")
    return s * k


def _replace(s: str, pattern: Any, repl: Any) -> str:
    r = to_text(repl)
    if isinstance(pattern, Regex):
        flags = uregex.I if "i" in pattern.flags else 0
        return _user_regex(uregex.sub, pattern.pattern, lambda _m: r, s, count=0 if "g" in pattern.flags else 1, flags=flags)
    return s.replace(to_text(pattern), r)


def _split(s: str, sep: Any, n: Any = None) -> list[str]:
    parts = _user_regex(uregex.split, sep.pattern, s) if isinstance(sep, Regex) else (list(s) if to_text(sep) == "" else s.split(to_text(sep)))
    return parts[: int(to_number(n))] if n is not None else parts


def _slice(v: Any, start: Any, end: Any = None) -> Any:
    return v[int(to_number(start)) : int(to_number(end)) if end is not None else None]


def _contains_item(items: list[Any], x: Any) -> bool:
    return any(equal(i, x) for i in items)


def _flat(items: list[Any]) -> list[Any]:
    out: list[Any] = []
    for i in items:
        out.extend(i if isinstance(i, list) else [i])
    return out


def _sort_key(v: Any) -> tuple[int, Any]:
    if _num(v):
        return (0, v)
    if isinstance(v, Date):
        return (1, v.value)
    return (2, to_text(v))


def _unique(items: list[Any]) -> list[Any]:
    out: list[Any] = []
    for i in items:
        if not _contains_item(out, i):
            out.append(i)
    return out


_MOMENT = re.compile(r"\[([^\]]*)\]|YYYY|YY|MMMM|MMM|MM|M|DD|D|dddd|ddd|HH|H|hh|h|mm|m|ss|s|SSS|A|a")


def format_date(d: Date, fmt: str) -> str:
    v = d.value
    table = {
        "YYYY": f"{v.year:04d}", "YY": f"{v.year % 100:02d}", "MMMM": v.strftime("%B"), "MMM": v.strftime("%b"),
        "MM": f"{v.month:02d}", "M": str(v.month), "DD": f"{v.day:02d}", "D": str(v.day),
        "dddd": v.strftime("%A"), "ddd": v.strftime("%a"), "HH": f"{v.hour:02d}", "H": str(v.hour),
        "hh": f"{(v.hour % 12) or 12:02d}", "h": str((v.hour % 12) or 12), "mm": f"{v.minute:02d}",
        "m": str(v.minute), "ss": f"{v.second:02d}", "s": str(v.second), "SSS": f"{v.microsecond // 1000:03d}",
        "A": "AM" if v.hour < 12 else "PM", "a": "am" if v.hour < 12 else "pm",
    }  # fmt: skip
    return _MOMENT.sub(lambda m: m.group(1) if m.group(1) is not None else table[m.group(0)], fmt)


def _relative(d: Date) -> str:
    secs = (datetime.now() - d.value).total_seconds()
    for unit, size in (("year", 31_536_000), ("month", 2_592_000), ("day", 86_400), ("hour", 3600), ("minute", 60)):
        n = int(abs(secs) // size)
        if n:
            text = f"{n} {unit}{'s' if n != 1 else ''}"
            return f"{text} ago" if secs > 0 else f"in {text}"
    return "just now"


def _title(s: str) -> str:
    return re.sub(r"\b(\w)(\w*)", lambda m: m.group(1).upper() + m.group(2).lower(), s)


def _list_join(items: list[Any], sep: Any = ",") -> str:
    out = to_text(sep).join(to_text(i) for i in items)
    if len(out) > MAX_TEXT:
        raise EvalError("text too long")
    return out


def _mean(items: list[Any]) -> float | None:
    """The mean of a list's numbers (``values.mean().round(3)``, the custom summary of Obsidian's
    Bases skill); None when it has none."""
    nums = [to_number(i) for i in items if i is not None]
    return math.fsum(nums) / len(nums) if nums else None


def _check_list(items: list[Any]) -> list[Any]:
    if len(items) > MAX_LIST:
        raise EvalError("list too long")
    return items


_METHODS: dict[tuple[str, str], Callable[..., Any]] = {
    ("string", "contains"): lambda s, x: to_text(x) in s,
    ("string", "containsAll"): lambda s, *xs: all(to_text(x) in s for x in xs),
    ("string", "containsAny"): lambda s, *xs: any(to_text(x) in s for x in xs),
    ("string", "startsWith"): lambda s, x: s.startswith(to_text(x)),
    ("string", "endsWith"): lambda s, x: s.endswith(to_text(x)),
    ("string", "lower"): lambda s: s.lower(),
    ("string", "upper"): lambda s: s.upper(),
    ("string", "title"): _title,
    ("string", "trim"): lambda s: s.strip(),
    ("string", "reverse"): lambda s: s[::-1],
    ("string", "repeat"): _repeat,
    ("string", "replace"): _replace,
    ("string", "slice"): _slice,
    ("string", "split"): _split,
    ("number", "abs"): lambda x: abs(x),
    ("number", "ceil"): lambda x: math.ceil(x) if math.isfinite(x) else x,
    ("number", "floor"): lambda x: math.floor(x) if math.isfinite(x) else x,
    ("number", "round"): lambda x, d=0: _js_round(x, d) if math.isfinite(x) else x,
    ("number", "toFixed"): _to_fixed,
    ("list", "contains"): _contains_item,
    ("list", "containsAll"): lambda items, *xs: all(_contains_item(items, x) for x in xs),
    ("list", "containsAny"): lambda items, *xs: any(_contains_item(items, x) for x in xs),
    ("list", "flat"): _flat,
    ("list", "join"): _list_join,
    ("list", "mean"): _mean,
    ("list", "reverse"): lambda items: items[::-1],
    ("list", "slice"): _slice,
    ("list", "sort"): lambda items: sorted(items, key=_sort_key),
    ("list", "unique"): _unique,
    ("date", "date"): lambda d: Date(d.value.replace(hour=0, minute=0, second=0, microsecond=0)),
    ("date", "format"): lambda d, f: format_date(d, to_text(f)),
    ("date", "time"): lambda d: d.value.strftime("%H:%M:%S"),
    ("date", "relative"): _relative,
    ("object", "keys"): lambda o: list(o),
    ("object", "values"): lambda o: list(o.values()),
    ("regexp", "matches"): lambda r, s: _user_regex(uregex.search, r.pattern, to_text(s), uregex.I if "i" in r.flags else 0) is not None,
}
