"""Oracles: a straightforward BPE trainer that recounts every pair from scratch before each merge
(Sennrich et al., 2016, Algorithm 1), a straightforward encoder that applies every learned merge
in training order, and decode(encode(s)) == s on random Unicode text."""

from collections import Counter

import numpy as np

import coding_bpe as B

CORPUS = (
    "the cat sat on the mat. the cats sat on the mats! 42 cats, 7 mats; "
    "a tokenizer splits text into tokens, and tokenizers learn merges from text. "
    "naïve café owners serve crème brûlée 🙂🙂 at 12:30 and 12:45. "
) * 3 + "lower lowest newer newest wider widest " * 4 + "zzzz hmmm aaaaaaa 1000000 " * 3


def _merge(symbols, a, b):
    out, j = [], 0
    while j < len(symbols):
        if j + 1 < len(symbols) and symbols[j] == a and symbols[j + 1] == b:
            out.append(a + b)
            j += 2
        else:
            out.append(symbols[j])
            j += 1
    return out


def _naive_train(text, n_merges, min_count=2):
    freq = Counter(B.pretokenize(text))
    words = {w: [bytes([c]) for c in w] for w in freq}
    merges = []
    for _ in range(n_merges):
        counts = Counter()
        for w, syms in words.items():
            for pair in zip(syms, syms[1:]):
                counts[pair] += freq[w]
        if not counts:
            break
        best = min(counts, key=lambda p: (-counts[p], p))
        if counts[best] < min_count:
            break
        merges.append(best)
        words = {w: _merge(syms, *best) for w, syms in words.items()}
    return merges, words


def _naive_encode_word(word, merges):
    syms = [bytes([c]) for c in word]
    for a, b in merges:
        syms = _merge(syms, a, b)
    return syms


def test_training_matches_naive_recount():
    for n in (1, 10, 60, 400):
        ours = B.train_bpe(CORPUS, n)
        ref, _ = _naive_train(CORPUS, n)
        assert ours == ref, n
    assert len(B.train_bpe(CORPUS, 10_000)) < 10_000  # stops when no pair occurs twice


def test_encoding_by_rank_equals_merges_applied_in_order():
    merges, final_words = _naive_train(CORPUS, 150)
    tok = B.BPETokenizer(merges)
    rng = np.random.default_rng(0)
    pool = list("abcdefghijklmnopqrstuvwxyz .,!?0123456789") + ["é", "ü", "ß", "字", "🙂", "\n"]
    texts = [CORPUS[:300]] + ["".join(rng.choice(pool, size=80)) for _ in range(30)]
    for text in texts:
        for w in B.pretokenize(text):
            assert tok.encode_word(w) == _naive_encode_word(w, merges)
    for w, syms in final_words.items():  # a training word encodes to its final training segmentation
        assert tok.encode_word(w) == syms


def test_round_trip_and_ids():
    tok = B.BPETokenizer(B.train_bpe(CORPUS, 200))
    rng = np.random.default_rng(1)
    pool = list("abc xyz") + ["é", "字", "🙂", "\t", "  ", "ﬁ", "\u0301"]
    for _ in range(50):
        s = "".join(rng.choice(pool, size=rng.integers(0, 40)))
        ids = tok.encode(s)
        assert tok.decode(ids) == s
        assert all(0 <= i < len(tok.vocab) for i in ids)
    assert tok.encode("") == []
    # the learned vocabulary compresses its own training text
    assert len(tok.encode(CORPUS)) < 0.5 * len(CORPUS.encode("utf-8"))
