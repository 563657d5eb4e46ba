"""Deterministic synthetic Obsidian vaults for the benchmarks.

N notes in nested folders, about ten wikilinks per note of every form (plain, aliased, folder
path, heading, heading chain, block, same-note heading, Markdown link, section embed, image
embed), duplicate note names across folders, headings, block ids, tags, callouts and code.

    python bench/synthetic_vault.py OUT_DIR N [--exec K] [--zipf [S]]

``--exec K`` adds a ``run-python`` fence to the first K notes (for the execution benchmark).

``--zipf [S]`` (default exponent 1.0) shapes the vault as real vaults are: every link and embed
target is drawn from a Zipf law over a shuffled ranking of the notes (the note of rank k is
picked with weight 1/k**S), so a few hub notes collect hundreds of backlinks (at 2,000 notes and
S = 1 the top hub gets about 2,400 links, the tenth about 240) while most notes get a handful.
Every fifth note also embeds a whole note (drawn from the notes that embed no whole note, so
embeds nest at most two deep) and carries a second, longer code block. Without ``--zipf`` the
targets are uniform (the vault the benchmarks used before; kept as a second case).
"""

from __future__ import annotations

import argparse
import bisect
import itertools
import random
import shutil
import struct
import zlib
from pathlib import Path

WORDS = (
    "gradient loss model vector matrix tensor kernel margin prior sample batch layer norm "
    "entropy variance bias feature label metric cluster graph token"
).split()


def _png(rgb: tuple[int, int, int]) -> bytes:
    def chunk(tag: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)

    raw = b"".join(b"\x00" + bytes(rgb) * 8 for _ in range(8))
    ihdr = struct.pack(">IIBBBBB", 8, 8, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


def generate(out: Path, n: int, *, execute: int = 0, seed: int = 0, zipf: float | None = None) -> list[str]:
    """Write a vault of ``n`` notes to ``out`` (emptied first); return the note paths. ``zipf``:
    the exponent of the law link targets are drawn from (None: uniform targets)."""
    rng = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    folders = [""] + [f"area{a}" for a in range(8)] + [f"area{a}/topic{t}" for a in range(8) for t in range(4)]
    folders += [f"area{a}/topic{t}/deep" for a in range(0, 8, 2) for t in range(2)]
    names = []
    for i in range(n):
        # about one note in eight reuses a name that exists in another folder
        base = f"Note {i:05d}" if i < 8 or rng.random() > 0.125 else names[rng.randrange(len(names))][1]
        folder = folders[i % len(folders)]
        names.append((folder, base))
    seen = set()
    paths = []
    for folder, base in names:
        path = f"{folder}/{base}.md" if folder else f"{base}.md"
        while path in seen:
            base += " b"
            path = f"{folder}/{base}.md" if folder else f"{base}.md"
        seen.add(path)
        paths.append(path)
    (out / "attachments").mkdir(parents=True)
    for k in range(20):
        (out / "attachments" / f"figure {k}.png").write_bytes(_png((k * 12, 80, 200 - k * 9)))
    position = {p: k for k, p in enumerate(paths)}
    pick = _zipf_picker(paths, zipf, random.Random(seed + 1)) if zipf is not None else None
    for i, path in enumerate(paths):
        target = out / path
        target.parent.mkdir(parents=True, exist_ok=True)
        text = _note(i, path, paths, rng, execute=i < execute, position=position, pick=pick)
        target.write_text(text, encoding="utf-8")
    return paths


def _zipf_picker(paths: list[str], s: float, shuffle: random.Random):
    """A function drawing a note path with Zipf-law popularity: rank k (1-based) has weight
    1/k**s; which note holds which rank is a seeded shuffle, so hubs sit in every folder."""
    ranked = list(paths)
    shuffle.shuffle(ranked)
    cum = list(itertools.accumulate(1.0 / (k + 1) ** s for k in range(len(ranked))))
    total = cum[-1]

    def pick(rng: random.Random) -> str:
        return ranked[min(bisect.bisect_left(cum, rng.random() * total), len(ranked) - 1)]

    return pick


def _stem(path: str) -> str:
    return path.rsplit("/", 1)[-1][:-3]


def _note(i: int, path: str, paths: list[str], rng: random.Random, *, execute: bool, position: dict[str, int], pick=None) -> str:
    def other() -> str:
        return pick(rng) if pick is not None else paths[rng.randrange(len(paths))]

    def words(k: int) -> str:
        return " ".join(rng.choice(WORDS) for _ in range(k))

    t1, t2 = other(), other()
    links = [
        f"[[{_stem(other())}]]",
        f"[[{_stem(other())}|{words(2)}]]",
        f"[[{other()[:-3]}]]",
        f"[[{_stem(t1)}#Method]]",
        f"[[{_stem(t1)}#Method#Details]]",
        f"[[{t2[:-3]}#^key-{position[t2]}]]",
        "[[#Results]]",
        f"[{words(2)}](<{other()}>)",
        f"[[{_stem(other())}#Results|results]]",
        f"[[{_stem(other())}]]",
    ]
    rng.shuffle(links)
    body = [
        "---",
        f"aliases: [N{i}]",
        f"tags: [bench, level/{rng.choice(['basic', 'intermediate', 'advanced'])}]",
        "---",
        "",
        f"# {_stem(path)}",
        "",
        f"{words(12)} {links[0]} {words(8)} {links[1]}. #topic/{rng.choice(WORDS)}",
        "",
        "## Method",
        "",
        f"{words(20)} {links[2]} and {links[3]}, ==key idea== with $x_{{i}}^2$ inline.",
        "",
        "### Details",
        "",
        f"- {words(6)} {links[4]}",
        f"- {words(6)} {links[5]}",
        f"- {words(6)} ^key-{i}",
        "",
        "> [!tip]- A folded tip",
        f"> {words(10)} {links[6]}",
        "",
        "```python",
        "x = '[[not a link]]'  # code stays untouched",
        "```",
        "",
        "## Results",
        "",
        f"{words(25)} {links[7]} {links[8]} {links[9]}.",
        "",
        f"![[{_stem(other())}#Method]]",
        "",
        f"![[figure {i % 20}.png|300]]",
        "",
    ]
    if pick is not None and i % 5 == 0:
        # a whole-note embed of a note that embeds no whole note, and a longer code block
        leaf = other()
        while position[leaf] % 5 == 0:
            leaf = other()
        body += [
            f"![[{_stem(leaf)}]]",
            "",
            "```python",
            f"def step_{i}(w, grad, lr=0.1):",
            "    # [[not a link]] and ![[not an embed]] inside code",
            "    return [wi - lr * gi for wi, gi in zip(w, grad)]",
            "",
            f"print(step_{i}([1.0, 2.0], [0.5, 0.25]))",
            "```",
            "",
        ]
    if execute:
        body += ["```run-python", "import numpy as np", f"rng = np.random.default_rng({i})", "x = rng.normal(size=1000)", "print(round(float(x.mean()), 4), round(float(x.std()), 4))", "```", ""]
    return "\n".join(body)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path)
    parser.add_argument("n", type=int)
    parser.add_argument("--exec", type=int, default=0, dest="execute")
    parser.add_argument("--zipf", type=float, nargs="?", const=1.0, default=None, metavar="S")
    args = parser.parse_args()
    generate(args.out, args.n, execute=args.execute, zipf=args.zipf)


if __name__ == "__main__":
    main()
