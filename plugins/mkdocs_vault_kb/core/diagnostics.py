"""Problems found in a note, returned as values; the adapter decides how to log them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Level = Literal["warning", "info"]


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem at one place: ``path`` is the note's vault path, ``line`` 1-based in its file."""

    path: str
    line: int
    message: str
    level: Level = "warning"
    # For an embed stopped by a cycle ("cycle") or by the depth limit ("depth"): the embeds from
    # the rendered page down to the one refused (see ``collapse_embed_chains``).
    chain: tuple[str, ...] = field(default=(), compare=False)
    kind: str = field(default="", compare=False)

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


def collapse_embed_chains(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """One warning per embed loop and per over-deep chain, not one per page that meets it.

    Every note of a loop ``A -> B -> A`` meets it when its own page is rendered, and every note
    of a 200-deep chain of embeds meets the depth limit 8 levels further down. A loop is reported
    once (where it is first met); a depth warning is dropped when its page is itself
    embedded by a page that hits the limit (it is the same chain, seen from further down)."""
    loops: set[frozenset[str]] = set()
    inner: set[str] = set()
    for d in diagnostics:
        if d.kind == "depth":
            inner.update(d.chain[1:])
    out = []
    for d in diagnostics:
        if d.kind == "cycle":
            here = d.chain[-1]
            start = next((i for i, c in enumerate(d.chain[:-1]) if c == here or c == here.split("#")[0]), 0)
            key = frozenset(c.split("#")[0] for c in d.chain[start:])
            if key in loops:
                continue
            loops.add(key)
        elif d.kind == "depth" and d.chain and d.chain[0] in inner:
            continue
        out.append(d)
    return out
