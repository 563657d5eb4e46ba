"""Deterministic synthetic Obsidian vaults for the benchmarks.

N notes in nested folders, about ten wikilinks per note of every form (plain, aliased, folder
path, heading, heading chain, block, same-note heading, Markdown link, section embed, image
embed), duplicate note names across folders, headings, block ids, tags, callouts and code.

    python bench/synthetic_vault.py OUT_DIR N [--exec K]

``--exec K`` adds a ``run-python`` fence to the first K notes (for the execution benchmark).
"""

from __future__ import annotations

import argparse
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


def generate(out: Path, n: int, *, execute: int = 0, seed: int = 0) -> list[str]:
    """Write a vault of ``n`` notes to ``out`` (emptied first); return the note paths."""
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
    for i, path in enumerate(paths):
        target = out / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(_note(i, path, paths, rng, execute=i < execute), encoding="utf-8")
    return paths


def _stem(path: str) -> str:
    return path.rsplit("/", 1)[-1][:-3]


def _note(i: int, path: str, paths: list[str], rng: random.Random, *, execute: bool) -> str:
    def other() -> str:
        return paths[rng.randrange(len(paths))]

    def words(k: int) -> str:
        return " ".join(rng.choice(WORDS) for _ in range(k))

    t1, t2 = other(), other()
    links = [
        f"[[{_stem(other())}]]",
        f"[[{_stem(other())}|{words(2)}]]",
        f"[[{other()[:-3]}]]",
        f"[[{_stem(t1)}#Method]]",
        f"[[{_stem(t1)}#Method#Details]]",
        f"[[{t2[:-3]}#^key-{paths.index(t2)}]]",
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
    if execute:
        body += ["```run-python", "import numpy as np", f"rng = np.random.default_rng({i})", "x = rng.normal(size=1000)", "print(round(float(x.mean()), 4), round(float(x.std()), 4))", "```", ""]
    return "\n".join(body)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path)
    parser.add_argument("n", type=int)
    parser.add_argument("--exec", type=int, default=0, dest="execute")
    args = parser.parse_args()
    generate(args.out, args.n, execute=args.execute)


if __name__ == "__main__":
    main()
