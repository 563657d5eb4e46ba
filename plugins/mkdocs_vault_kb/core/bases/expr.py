"""Obsidian Bases expressions: a tokenizer and a hand-written Pratt parser (never ``eval``).

The grammar is the one Obsidian's help documents (``Bases syntax``, ``Functions``): literals
(numbers, quoted strings, ``true``/``false``/``null``, ``[lists]``, ``{objects}``, ``/regex/flags``),
names (``note``, ``file``, ``formula``, ``this`` or a bare property), member access (``a.b``,
``a["b"]``, ``a[0]``), calls (``f(x)``, ``a.m(x)``), ``!``/unary ``-``, ``* / %``, ``+ -``,
comparisons, ``==``/``!=``, ``&&``, ``||``. The tree is made of tuples:

    ("lit", value) ("name", id) ("list", items) ("obj", pairs) ("re", pattern, flags)
    ("un", op, x) ("bin", op, a, b) ("get", obj, name) ("idx", obj, key) ("call", callee, args)
"""

from __future__ import annotations

import re
from typing import Any

MAX_SOURCE = 4000  # characters of one expression
MAX_DEPTH = 48  # nesting of the tree

Node = tuple[Any, ...]


class ExprError(Exception):
    """A syntax error in an expression (the caller turns it into a diagnostic)."""


_TOKEN = re.compile(
    r"""\s*(?:
      (?P<num>\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)
    | (?P<str>"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
    | (?P<name>[A-Za-z_$\u00c0-\uffff][\w$\u00c0-\uffff]*)
    | (?P<op>==|!=|>=|<=|&&|\|\||[-+*/%<>!()\[\]{},.:])
    )""",
    re.X,
)
_REGEX = re.compile(r"/((?:[^/\\\n]|\\.)+)/([gimsuy]*)")
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "\\": "\\", '"': '"', "'": "'", "0": "\0"}


def _unquote(text: str) -> str:
    body = text[1:-1]
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(1)), body)


def tokenize(source: str) -> list[tuple[str, Any]]:
    """``(kind, value)`` pairs: num, str, name, op, re, and a final ("end", None)."""
    if len(source) > MAX_SOURCE:
        raise ExprError(f"expression longer than {MAX_SOURCE} characters")
    out: list[tuple[str, Any]] = []
    pos = 0
    n = len(source)
    while True:
        while pos < n and source[pos].isspace():
            pos += 1
        if pos >= n:
            break
        # a regular expression literal where an operand is expected
        if source[pos] == "/" and (not out or out[-1][0] == "op" and out[-1][1] not in (")", "]", "}")):
            m = _REGEX.match(source, pos)
            if m:
                out.append(("re", (m.group(1), m.group(2))))
                pos = m.end()
                continue
        m = _TOKEN.match(source, pos)
        if m is None or m.end() == pos:
            raise ExprError(f"unexpected character {source[pos]!r} at column {pos + 1}")
        kind = m.lastgroup
        text = m.group(kind)  # type: ignore[arg-type]
        if kind == "num":
            out.append(("num", float(text) if any(c in text for c in ".eE") else int(text)))
        elif kind == "str":
            out.append(("str", _unquote(text)))
        else:
            out.append((kind, text))  # type: ignore[arg-type]
        pos = m.end()
    out.append(("end", None))
    return out


# binding powers of the infix operators
_INFIX = {
    "||": 10, "&&": 20, "==": 30, "!=": 30,
    "<": 40, ">": 40, "<=": 40, ">=": 40,
    "+": 50, "-": 50, "*": 60, "/": 60, "%": 60,
    ".": 90, "(": 90, "[": 90,
}  # fmt: skip
_PREFIX_BP = 70


class _Parser:
    def __init__(self, tokens: list[tuple[str, Any]]) -> None:
        self.toks = tokens
        self.i = 0
        self.depth = 0

    def peek(self) -> tuple[str, Any]:
        return self.toks[self.i]

    def next(self) -> tuple[str, Any]:
        tok = self.toks[self.i]
        if tok[0] != "end":
            self.i += 1
        return tok

    def expect(self, op: str) -> None:
        tok = self.next()
        if tok != ("op", op):
            raise ExprError(f"expected {op!r}, found {_show(tok)}")

    def expr(self, rbp: int = 0) -> Node:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ExprError(f"expression nested deeper than {MAX_DEPTH}")
        try:
            left = self.nud(self.next())
            while True:
                kind, val = self.peek()
                bp = _INFIX.get(val, 0) if kind == "op" else 0
                if bp <= rbp:
                    return left
                self.next()
                left = self.led(val, left)
        finally:
            self.depth -= 1

    def nud(self, tok: tuple[str, Any]) -> Node:
        kind, val = tok
        if kind in ("num", "str"):
            return ("lit", val)
        if kind == "re":
            return ("re", val[0], val[1])
        if kind == "name":
            if val == "true":
                return ("lit", True)
            if val == "false":
                return ("lit", False)
            if val == "null":
                return ("lit", None)
            return ("name", val)
        if kind == "op":
            if val == "(":
                inner = self.expr()
                self.expect(")")
                return inner
            if val in ("!", "-", "+"):
                return ("un", val, self.expr(_PREFIX_BP))
            if val == "[":
                return ("list", self.items("]"))
            if val == "{":
                pairs = []
                if self.peek() != ("op", "}"):
                    while True:
                        key = self.next()
                        if key[0] not in ("str", "name", "num"):
                            raise ExprError(f"expected an object key, found {_show(key)}")
                        self.expect(":")
                        pairs.append((str(key[1]), self.expr()))
                        if self.peek() == ("op", ","):
                            self.next()
                            continue
                        break
                self.expect("}")
                return ("obj", pairs)
        raise ExprError(f"unexpected {_show(tok)}")

    def items(self, close: str) -> list[Node]:
        items: list[Node] = []
        if self.peek() == ("op", close):
            self.next()
            return items
        while True:
            items.append(self.expr())
            tok = self.next()
            if tok == ("op", close):
                return items
            if tok != ("op", ","):
                raise ExprError(f"expected ',' or {close!r}, found {_show(tok)}")

    def led(self, op: str, left: Node) -> Node:
        if op == ".":
            tok = self.next()
            if tok[0] != "name":
                raise ExprError(f"expected a name after '.', found {_show(tok)}")
            return ("get", left, tok[1])
        if op == "(":
            return ("call", left, self.items(")"))
        if op == "[":
            key = self.expr()
            self.expect("]")
            return ("idx", left, key)
        return ("bin", op, left, self.expr(_INFIX[op]))


def _show(tok: tuple[str, Any]) -> str:
    if tok[0] == "end":
        return "the end of the expression"
    if tok[0] == "re":
        return f"/{tok[1][0]}/"
    return repr(tok[1])


def parse(source: str) -> Node:
    """The tree of one expression; raises ``ExprError`` on a syntax error."""
    if not isinstance(source, str):
        raise ExprError(f"an expression must be text, not {type(source).__name__}")
    try:
        parser = _Parser(tokenize(source))
        if parser.peek()[0] == "end":
            raise ExprError("empty expression")
        tree = parser.expr()
        if parser.peek()[0] != "end":
            raise ExprError(f"unexpected {_show(parser.peek())} after the expression")
        return tree
    except RecursionError:
        raise ExprError("expression nested too deeply") from None
