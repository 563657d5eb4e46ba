# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Coding problem: a byte-level BPE tokenizer
# Training merges on a corpus with incremental pair counts, encoding by merge rank, and
# decoding, used by the note "Coding - Implement a BPE Tokenizer".

# %%
# --8<-- [start:pretokenize]
import re
from collections import Counter, defaultdict

# GPT-2-style split (simplified): a word with its leading space, a run of digits, a run of
# punctuation, or whitespace. Merges never cross these boundaries.
PRETOKENIZE = re.compile(r" ?[^\W\d_]+| ?\d+| ?[^\s\w]+|\s+")


def pretokenize(text: str) -> list[bytes]:
    """Split text into chunks and return each as UTF-8 bytes."""
    return [m.encode("utf-8") for m in PRETOKENIZE.findall(text)]
# --8<-- [end:pretokenize]


# %%
# --8<-- [start:train]
Pair = tuple[bytes, bytes]


def train_bpe(text: str, n_merges: int, min_count: int = 2) -> list[Pair]:
    """Learn up to n_merges byte-pair merges from text, most frequent pair first.

    Words are sequences of symbols (bytes objects), starting from single bytes, weighted by
    how often the word occurs. Pair counts are kept in a dict and updated incrementally:
    merging (a, b) only touches the words that contain it (found through `where`).
    Ties in count are broken by the smaller pair (bytes order), so training is deterministic.
    """
    word_freq = Counter(pretokenize(text))
    words = [[bytes([c]) for c in w] for w in word_freq]
    freqs = list(word_freq.values())
    counts: Counter[Pair] = Counter()
    where: dict[Pair, set[int]] = defaultdict(set)
    for i, w in enumerate(words):
        for pair in zip(w, w[1:]):
            counts[pair] += freqs[i]
            where[pair].add(i)

    merges: list[Pair] = []
    for _ in range(n_merges):
        if not counts:
            break
        best = min(counts, key=lambda p: (-counts[p], p))
        if counts[best] < min_count:
            break
        merges.append(best)
        a, b = best
        for i in list(where[best]):
            w = words[i]
            for pair in zip(w, w[1:]):          # remove this word's old pairs
                counts[pair] -= freqs[i]
                if counts[pair] == 0:
                    del counts[pair]
                where[pair].discard(i)
            merged, j = [], 0
            while j < len(w):                    # merge left to right, non-overlapping
                if j + 1 < len(w) and w[j] == a and w[j + 1] == b:
                    merged.append(a + b)
                    j += 2
                else:
                    merged.append(w[j])
                    j += 1
            words[i] = merged
            for pair in zip(merged, merged[1:]):  # add its new pairs
                counts[pair] += freqs[i]
                where[pair].add(i)
    return merges
# --8<-- [end:train]


# %%
# --8<-- [start:encode]
class BPETokenizer:
    """Byte-level BPE: ids 0..255 are the bytes, id 256 + r is the merge of rank r."""

    def __init__(self, merges: list[Pair]):
        self.ranks = {pair: r for r, pair in enumerate(merges)}
        self.vocab = [bytes([i]) for i in range(256)] + [a + b for a, b in merges]
        self.ids = {tok: i for i, tok in enumerate(self.vocab)}

    def encode_word(self, word: bytes) -> list[bytes]:
        """Repeatedly merge the adjacent pair with the lowest rank (earliest learned)."""
        symbols = [bytes([c]) for c in word]
        while len(symbols) > 1:
            pairs = set(zip(symbols, symbols[1:]))
            best = min(pairs, key=lambda p: self.ranks.get(p, float("inf")))
            if best not in self.ranks:
                break
            a, b = best
            merged, j = [], 0
            while j < len(symbols):
                if j + 1 < len(symbols) and symbols[j] == a and symbols[j + 1] == b:
                    merged.append(a + b)
                    j += 2
                else:
                    merged.append(symbols[j])
                    j += 1
            symbols = merged
        return symbols

    def encode(self, text: str) -> list[int]:
        return [self.ids[s] for w in pretokenize(text) for s in self.encode_word(w)]

    def decode(self, ids: list[int]) -> str:
        """Join the bytes and decode once: a multi-byte character may span several tokens."""
        return b"".join(self.vocab[i] for i in ids).decode("utf-8", errors="replace")
# --8<-- [end:encode]


# %%
if __name__ == "__main__":
    corpus = "low " * 5 + "lower " * 2 + "newest " * 6 + "widest " * 3
    merges = train_bpe(corpus, 10)
    print("merges:", [(a.decode(), b.decode()) for a, b in merges])
    tok = BPETokenizer(merges)
    ids = tok.encode("lowest newer")
    print("'lowest newer' ->", [tok.vocab[i].decode() for i in ids], ids)
    assert tok.decode(tok.encode("naïve café 🙂")) == "naïve café 🙂"
    print("round trip of unseen characters: ok")
