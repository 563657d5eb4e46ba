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
# # Coding problem: decoding strategies for a language model
# Temperature, top-k and top-p (nucleus) filtering, sampling, greedy decoding and beam search
# with length normalisation, on any next-token function. Used by the note
# "Coding - Implement Decoding Strategies".

# %%
# --8<-- [start:filters]
import numpy as np


def log_softmax(z: np.ndarray) -> np.ndarray:
    """Stable log-softmax over the last axis (entries of -inf stay -inf)."""
    m = z.max(axis=-1, keepdims=True)
    return z - m - np.log(np.exp(z - m).sum(axis=-1, keepdims=True))


def top_k_filter(logits: np.ndarray, k: int) -> np.ndarray:
    """Set every logit below the k-th largest to -inf (ties with the k-th are kept)."""
    kth = np.partition(logits, -k, axis=-1)[..., -k:].min(axis=-1, keepdims=True)
    return np.where(logits >= kth, logits, -np.inf)


def top_p_filter(logits: np.ndarray, p: float) -> np.ndarray:
    """Nucleus filter: keep the smallest set of most probable tokens whose total probability
    is >= p. A token is kept when the mass strictly before it in sorted order is < p,
    so the top token always survives."""
    order = np.argsort(-logits, axis=-1, kind="stable")
    probs = np.exp(log_softmax(np.take_along_axis(logits, order, axis=-1)))
    mass_before = np.cumsum(probs, axis=-1) - probs
    keep_sorted = mass_before < p
    keep = np.empty_like(keep_sorted)
    np.put_along_axis(keep, order, keep_sorted, axis=-1)
    return np.where(keep, logits, -np.inf)


def next_token_probs(logits: np.ndarray, temperature: float = 1.0, top_k: int | None = None, top_p: float | None = None) -> np.ndarray:
    """The distribution a sampler draws from: logits / T, then top-k, then top-p, then softmax."""
    z = logits / temperature
    if top_k is not None:
        z = top_k_filter(z, top_k)
    if top_p is not None:
        z = top_p_filter(z, top_p)
    return np.exp(log_softmax(z))


def sample_token(logits: np.ndarray, rng: np.random.Generator, temperature: float = 1.0, top_k: int | None = None, top_p: float | None = None) -> int:
    """One token from a 1-D logit vector; temperature 0 means greedy (argmax)."""
    if temperature == 0:
        return int(np.argmax(logits))
    probs = next_token_probs(logits, temperature, top_k, top_p)
    u = rng.random()
    return int(min(np.searchsorted(np.cumsum(probs), u, side="right"), len(probs) - 1))
# --8<-- [end:filters]


# %%
# --8<-- [start:beam]
from typing import Callable

# A language model for decoding: a batch of prefixes -> next-token log-probabilities (n, V).
StepFn = Callable[[list[tuple[int, ...]]], np.ndarray]


def greedy_decode(step: StepFn, prefix: tuple[int, ...], eos: int, max_new: int) -> tuple[tuple[int, ...], float]:
    """Append the arg-max token until EOS or max_new tokens. Returns (tokens, total log-prob)."""
    seq, total = tuple(prefix), 0.0
    for _ in range(max_new):
        lp = step([seq])[0]
        t = int(np.argmax(lp))
        seq, total = seq + (t,), total + float(lp[t])
        if t == eos:
            break
    return seq, total


def beam_search(step: StepFn, prefix: tuple[int, ...], eos: int, max_new: int, beam_width: int, alpha: float = 0.0) -> tuple[tuple[int, ...], float]:
    """Beam search over continuations of `prefix`, ranked at the end by sum(log p) / n_new**alpha.

    Each step scores every (live hypothesis, token) extension and keeps the best `width` of
    them, width = beam_width - (number finished). An extension ending in EOS is complete: it
    moves to the finished pool, so the beam shrinks by one for each. The search ends when
    beam_width hypotheses have finished or after max_new tokens (live ones then count, truncated).
    Cost per step: <= beam_width model rows and O(beam_width V log(beam_width V)) to select.
    """
    n0 = len(prefix)
    live = [(tuple(prefix), 0.0)]
    finished: list[tuple[tuple[int, ...], float]] = []
    for _ in range(max_new):
        width = beam_width - len(finished)
        lp = step([seq for seq, _ in live])                         # (b, V) next-token log-probs
        cand = np.array([sc for _, sc in live])[:, None] + lp       # score of every extension
        top = np.argsort(-cand, axis=None, kind="stable")[:width]   # flat indices b * V + t
        extended = [(live[b][0] + (t,), float(cand[b, t])) for b, t in (divmod(int(f), lp.shape[1]) for f in top)]
        extended = [h for h in extended if np.isfinite(h[1])]
        finished += [h for h in extended if h[0][-1] == eos]
        live = [h for h in extended if h[0][-1] != eos]
        if not live:
            break
    return max(finished + live, key=lambda h: h[1] / max(len(h[0]) - n0, 1) ** alpha)


# --8<-- [end:beam]


# %%
# --8<-- [start:toy_lm]
def make_bigram_lm(V: int, seed: int = 0, sharpness: float = 2.0) -> StepFn:
    """A random bigram language model over V tokens (token 0 is EOS): log p(next | last)."""
    table = log_softmax(sharpness * np.random.default_rng(seed).normal(size=(V, V)))

    def step(prefixes: list[tuple[int, ...]]) -> np.ndarray:
        return table[[p[-1] for p in prefixes]]

    return step
# --8<-- [end:toy_lm]


# %%
if __name__ == "__main__":
    logits = np.array([2.0, 1.0, 0.5, 0.0, -1.0])
    for T in (0.5, 1.0, 2.0):
        print(f"T = {T}:", next_token_probs(logits, T).round(3))
    print("top-k = 2:", next_token_probs(logits, top_k=2).round(3))
    print("top-p = 0.8:", next_token_probs(logits, top_p=0.8).round(3))
    lm = make_bigram_lm(6, seed=1)
    print("greedy:", greedy_decode(lm, (3,), eos=0, max_new=6))
    print("beam 4:", beam_search(lm, (3,), eos=0, max_new=6, beam_width=4))
