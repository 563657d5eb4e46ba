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
# # Unigram language-model tokenizer: Viterbi segmentation, forward-backward EM, pruning
# A token vocabulary with log-probabilities; the most probable segmentation of a string by
# dynamic programming (with byte fallback for characters outside the vocabulary); expected token
# counts over all segmentations by the forward-backward algorithm; EM training and likelihood-based
# pruning as in Kudo (2018). Used by the note "Tokenization".

# %%
# --8<-- [start:viterbi]
import math
from collections import Counter

import numpy as np


def byte_tokens(ch: str) -> list[str]:
    """Byte fallback: a character outside the vocabulary becomes its UTF-8 bytes, <0xE2> style."""
    return [f"<0x{b:02X}>" for b in ch.encode("utf-8")]


def viterbi_segment(text: str, logp: dict[str, float], byte_logp: float | None = None) -> tuple[list[str], float]:
    """Most probable segmentation of `text` into vocabulary pieces under a unigram model.

    best[j] = max over pieces text[i:j] in the vocabulary of best[i] + logp[piece]; one extra edge
    per position spells a single character as byte tokens (each costing byte_logp), so every string
    has a segmentation. O(n * L) dictionary look-ups for a string of n characters and pieces of at
    most L characters. byte_logp defaults to the lowest piece log-probability minus 10 (the penalty
    SentencePiece gives its unknown token). Returns the pieces and the total log-probability."""
    n, L = len(text), max(map(len, logp))
    if byte_logp is None:
        byte_logp = min(logp.values()) - 10.0
    best = np.full(n + 1, -np.inf)
    best[0] = 0.0
    back: list[tuple[int, list[str]]] = [(0, [])] * (n + 1)
    for j in range(1, n + 1):
        for i in range(max(0, j - L), j):
            piece = text[i:j]
            if piece in logp and best[i] + logp[piece] > best[j]:
                best[j], back[j] = best[i] + logp[piece], (i, [piece])
        fb = byte_tokens(text[j - 1])
        if best[j - 1] + byte_logp * len(fb) > best[j]:                 # so low it wins only where no piece covers the character
            best[j], back[j] = best[j - 1] + byte_logp * len(fb), (j - 1, fb)
    pieces, j = [], n
    while j > 0:
        i, p = back[j]
        pieces[:0] = p
        j = i
    return pieces, float(best[n])
# --8<-- [end:viterbi]


# %%
# --8<-- [start:forward_backward]
def logsumexp(a: np.ndarray) -> float:
    m = np.max(a)
    return float(m + np.log(np.sum(np.exp(a - m)))) if np.isfinite(m) else -np.inf


def forward_backward(text: str, logp: dict[str, float]) -> tuple[float, Counter]:
    """Marginal log-likelihood log P(text) = log sum over segmentations of prod p(piece), and the
    expected number of times each piece occurs under the posterior over segmentations.

    alpha[j] = log-sum over segmentations of text[:j]; beta[i] = log-sum over segmentations of
    text[i:]; the piece text[i:j] is used with posterior probability
    exp(alpha[i] + logp[piece] + beta[j] - alpha[n])."""
    n, L = len(text), max(map(len, logp))
    edges = [(i, j, text[i:j]) for j in range(1, n + 1) for i in range(max(0, j - L), j) if text[i:j] in logp]
    alpha = np.full(n + 1, -np.inf)
    alpha[0] = 0.0
    for j in range(1, n + 1):
        alpha[j] = logsumexp(np.array([alpha[i] + logp[p] for i, jj, p in edges if jj == j] or [-np.inf]))
    beta = np.full(n + 1, -np.inf)
    beta[n] = 0.0
    for i in range(n - 1, -1, -1):
        beta[i] = logsumexp(np.array([logp[p] + beta[j] for ii, j, p in edges if ii == i] or [-np.inf]))
    counts: Counter = Counter()
    if np.isfinite(alpha[n]):
        for i, j, p in edges:
            counts[p] += math.exp(alpha[i] + logp[p] + beta[j] - alpha[n])
    return float(alpha[n]), counts
# --8<-- [end:forward_backward]


# %%
# --8<-- [start:train]
def em_step(words: Counter, logp: dict[str, float]) -> tuple[dict[str, float], float]:
    """One EM iteration. E-step: expected piece counts summed over the corpus (weighted by word
    frequency). M-step: p(piece) = expected count / total expected count. Pieces whose expected
    count vanishes are dropped, except single characters, which keep a floor count of 1e-6 so that
    every word stays segmentable. Returns the new model and the corpus log-likelihood under the old one."""
    total, ll = Counter(), 0.0
    for w, c in words.items():
        lz, cnt = forward_backward(w, logp)
        ll += c * lz
        for p, v in cnt.items():
            total[p] += c * v
    for p in logp:
        if len(p) == 1:
            total[p] = max(total[p], 1e-6)
    z = sum(total.values())
    return {p: math.log(v / z) for p, v in total.items() if v > 0}, ll


def corpus_loglik(words: Counter, logp: dict[str, float]) -> float:
    return sum(c * forward_backward(w, logp)[0] for w, c in words.items())


def train_unigram(words: Counter, vocab_size: int, max_len: int = 6, shrink: float = 0.75,
                  em_iters: int = 2) -> tuple[dict[str, float], list[tuple[int, float]]]:
    """Kudo (2018): seed with every substring of length <= max_len occurring at least twice, plus
    every character; repeat (EM, then drop the (1 - shrink) fraction of multi-character pieces whose
    removal lowers the corpus log-likelihood least) until vocab_size pieces remain. Single characters
    are never pruned, so every word stays segmentable. Returns the model and (size, log-lik) history."""
    sub: Counter = Counter()
    for w, c in words.items():
        for i in range(len(w)):
            for j in range(i + 1, min(len(w), i + max_len) + 1):
                sub[w[i:j]] += c
    seed = {p: v for p, v in sub.items() if v >= 2 or len(p) == 1}
    z = sum(seed.values())
    logp = {p: math.log(v / z) for p, v in seed.items()}
    history = []
    while True:
        for _ in range(em_iters):
            logp, _ = em_step(words, logp)
        ll = corpus_loglik(words, logp)
        history.append((len(logp), ll))
        if len(logp) <= vocab_size:
            return logp, history
        loss = {}
        for p in (p for p in logp if len(p) > 1):      # likelihood lost if p alone were removed
            rest = {q: v for q, v in logp.items() if q != p}
            loss[p] = sum(c * (forward_backward(w, logp)[0] - forward_backward(w, rest)[0])
                          for w, c in words.items() if p in w)
        n_chars = len(logp) - len(loss)
        keep_n = max(vocab_size - n_chars, int(len(loss) * shrink))
        keep = set(sorted(loss, key=lambda p: -loss[p])[:keep_n])
        logp = {p: v for p, v in logp.items() if len(p) == 1 or p in keep}
# --8<-- [end:train]


# %%
if __name__ == "__main__":
    vocab = {"▁un": -3.0, "▁": -2.5, "u": -4.0, "n": -4.0, "r": -4.0, "e": -3.5, "a": -4.0, "d": -4.0,
             "read": -4.5, "re": -3.8, "ad": -4.2, "able": -4.0, "b": -4.5, "l": -4.5}
    print(viterbi_segment("▁unreadable", vocab))
    print(viterbi_segment("▁unread€", vocab))
    lz, counts = forward_backward("▁unread", vocab)
    print(f"log P = {lz:.3f}; expected count of 'read' = {counts['read']:.3f}")
