"""Oracles: brute-force enumeration of every segmentation of a string into vocabulary pieces
(the best one for Viterbi; the log-sum and the posterior-weighted piece counts for
forward-backward); EM's defining property (the corpus log-likelihood never decreases); byte
fallback reproducing the UTF-8 bytes; training keeping every character of the corpus."""

import math
from collections import Counter

import numpy as np

import unigram_tokenizer as U


def _segmentations(text, vocab):
    if not text:
        yield []
        return
    for j in range(1, len(text) + 1):
        if text[:j] in vocab:
            for rest in _segmentations(text[j:], vocab):
                yield [text[:j]] + rest


def _random_vocab(rng, alphabet="abc", max_len=4, n_multi=14):
    pieces = set(alphabet)
    while len(pieces) < len(alphabet) + n_multi:
        L = int(rng.integers(2, max_len + 1))
        pieces.add("".join(rng.choice(list(alphabet), L)))
    return {p: float(rng.normal(-3, 1.5)) for p in sorted(pieces)}


def test_viterbi_is_the_best_enumerated_segmentation():
    rng = np.random.default_rng(0)
    for trial in range(40):
        vocab = _random_vocab(rng)
        text = "".join(rng.choice(list("abc"), int(rng.integers(1, 13))))
        segs = list(_segmentations(text, vocab))
        scores = [sum(vocab[p] for p in s) for s in segs]
        pieces, score = U.viterbi_segment(text, vocab)
        np.testing.assert_allclose(score, max(scores), rtol=1e-12)
        assert pieces == segs[int(np.argmax(scores))]
        assert "".join(pieces) == text


def test_forward_backward_matches_enumeration():
    rng = np.random.default_rng(1)
    for trial in range(30):
        vocab = _random_vocab(rng)
        text = "".join(rng.choice(list("abc"), int(rng.integers(1, 12))))
        segs = list(_segmentations(text, vocab))
        logs = np.array([sum(vocab[p] for p in s) for s in segs])
        lz = math.log(np.exp(logs - logs.max()).sum()) + logs.max()
        post = np.exp(logs - lz)
        expected = Counter()
        for w, s in zip(post, segs):
            for p in s:
                expected[p] += w
        ours_lz, ours = U.forward_backward(text, vocab)
        np.testing.assert_allclose(ours_lz, lz, rtol=1e-12)
        for p in set(expected) | set(ours):
            np.testing.assert_allclose(ours[p], expected[p], rtol=1e-9, atol=1e-12)
        # expected counts weighted by piece length add up to the string length
        np.testing.assert_allclose(sum(len(p) * c for p, c in ours.items()), len(text), rtol=1e-12)


def test_em_never_decreases_the_likelihood():
    rng = np.random.default_rng(2)
    vocab = _random_vocab(rng, n_multi=20)
    words = Counter({"".join(rng.choice(list("abc"), int(rng.integers(3, 9)))): int(rng.integers(1, 5)) for _ in range(25)})
    lls = []
    for _ in range(8):
        vocab, ll = U.em_step(words, vocab)
        lls.append(ll)
    assert np.all(np.diff(lls) >= -1e-9), lls
    assert lls[-1] > lls[0] + 1.0
    np.testing.assert_allclose(sum(math.exp(v) for v in vocab.values()), 1.0, rtol=1e-9)


def test_byte_fallback():
    vocab = {"a": -1.0, "b": -1.5, "ab": -1.2}
    pieces, score = U.viterbi_segment("ab€a", vocab)
    assert pieces == ["ab", "<0xE2>", "<0x82>", "<0xAC>", "a"]
    np.testing.assert_allclose(score, -1.2 - 1.0 + 3 * (-1.5 - 10.0), rtol=1e-12)
    raw = bytes(int(p[3:5], 16) if p.startswith("<0x") else 0 for p in pieces[1:4])
    assert raw.decode("utf-8") == "€"


def test_training_keeps_characters_and_segments_its_corpus():
    text = "lower lowest newer newest wider widest low new wide " * 4
    words = Counter("▁" + w for w in text.split())
    logp, history = U.train_unigram(words, vocab_size=25)
    assert len(logp) <= history[0][0]
    assert set("".join(words)) <= set(logp)
    for w in words:
        pieces, _ = U.viterbi_segment(w, logp)
        assert "".join(pieces) == w and not any(p.startswith("<0x") for p in pieces)
