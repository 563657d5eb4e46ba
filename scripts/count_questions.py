"""Write each note's number of interview questions into its frontmatter as ``questions: N``.

A question is a callout of Obsidian's question type (``> [!question]-``, with its aliases
``help`` and ``faq``, folded or not, at any depth of quoting), outside fenced code. The
``questions:`` line is replaced where it stands or added as the frontmatter's last line; every
other byte of the note is kept. Running it twice changes nothing the second time.

    .venv/bin/python scripts/count_questions.py [vault]           # write the counts
    .venv/bin/python scripts/count_questions.py [vault] --check   # list notes whose count is wrong
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

CALLOUT = re.compile(r"^[ \t]{0,3}(?:>[ \t]?)+\[!(?:question|help|faq)\][-+]?(?:[ \t]|$)", re.I)
FENCE = re.compile(r"^[ \t]{0,3}(?:>[ \t]?)*(`{3,}|~{3,})")
LINE = re.compile(r"^questions:[^\r\n]*(\r?\n)", re.M)


def split_frontmatter(text: str) -> tuple[str, str, str] | None:
    """(opening line, frontmatter lines, the rest from the closing line on), None without it."""
    m = re.match(r"---[ \t]*\r?\n", text)
    if m is None:
        return None
    close = re.compile(r"^(?:---|\.\.\.)[ \t]*(?:\r?\n|$)", re.M).search(text, m.end())
    if close is None:
        return None
    return text[: m.end()], text[m.end() : close.start()], text[close.start() :]


def count_questions(body: str) -> int:
    """The question callouts of a note's body (fenced code skipped)."""
    n, fence = 0, ""
    for line in body.splitlines():
        f = FENCE.match(line)
        if fence:
            if f and f.group(1)[0] == fence[0] and len(f.group(1)) >= len(fence) and line.strip(" \t>").strip("`~") == "":
                fence = ""
            continue
        if f:
            fence = f.group(1)
            continue
        if CALLOUT.match(line):
            n += 1
    return n


def with_count(text: str) -> str:
    """The note with its ``questions:`` line set to the count of its body."""
    parts = split_frontmatter(text)
    if parts is None:
        return text
    head, meta, rest = parts
    n = count_questions(rest)
    newline = "\r\n" if "\r\n" in head else "\n"
    line = f"questions: {n}"
    if LINE.search(meta):
        meta = LINE.sub(lambda m: line + m.group(1), meta, count=1)
    else:
        if meta and not meta.endswith("\n"):
            meta += newline
        meta += line + newline
    return head + meta + rest


def notes(vault: Path) -> list[Path]:
    return sorted(p for p in vault.rglob("*.md") if not any(part.startswith(".") for part in p.relative_to(vault).parts))


def main(argv: list[str]) -> int:
    args = [a for a in argv if not a.startswith("--")]
    vault = Path(args[0] if args else Path(__file__).resolve().parent.parent / "vault")
    check = "--check" in argv
    wrong = []
    for path in notes(vault):
        text = path.read_bytes().decode("utf-8")
        new = with_count(text)
        if new != text:
            wrong.append(path)
            if not check:
                path.write_bytes(new.encode("utf-8"))
    verb = "wrong" if check else "updated"
    for path in wrong:
        print(f"{verb}: {path.relative_to(vault)}")
    print(f"{len(wrong)} of {len(notes(vault))} notes {verb}")
    return 1 if check and wrong else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
