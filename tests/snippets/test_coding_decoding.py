"""Oracles: the Hugging Face logits-warper formulation of temperature, top-k and top-p written
in torch (ascending sort, remove cumulative mass <= 1 - p); brute force over all token subsets
for the nucleus; a chi-square test of the sampler; exhaustive enumeration of every sequence for
beam search on a tiny vocabulary."""

import itertools

import numpy as np
import torch
from scipy import stats

import coding_decoding as D


def _torch_warp(logits, T, k, p):
    z = torch.tensor(logits) / T
    if k is not None:
        kth = torch.topk(z, k, dim=-1).values[..., -1:]
        z = z.masked_fill(z < kth, float("-inf"))
    if p is not None:
        sorted_z, idx = torch.sort(z, descending=False, dim=-1)
        cum = sorted_z.softmax(-1).cumsum(-1)
        remove_sorted = cum <= 1 - p
        remove_sorted[..., -1:] = False
        remove = remove_sorted.scatter(-1, idx, remove_sorted)
        z = z.masked_fill(remove, float("-inf"))
    return torch.softmax(z, dim=-1).numpy()


def test_next_token_probs_match_torch_warpers():
    rng = np.random.default_rng(0)
    logits = rng.normal(0, 2, size=(64, 50))
    for T, k, p in [(1.0, None, None), (0.7, None, None), (1.3, 10, None), (1.0, None, 0.9), (0.8, 20, 0.75), (1.0, 1, None), (1.0, None, 0.05)]:
        ours = D.next_token_probs(logits, T, k, p)
        np.testing.assert_allclose(ours, _torch_warp(logits, T, k, p), rtol=1e-10, atol=1e-14)


def test_top_p_is_the_smallest_set_with_enough_mass():
    rng = np.random.default_rng(1)
    for _ in range(30):
        z = rng.normal(0, 1.5, size=7)
        probs = np.exp(D.log_softmax(z))
        p = rng.uniform(0.1, 0.99)
        kept = np.isfinite(D.top_p_filter(z, p))
        best = min(len(S) for r in range(1, 8) for S in itertools.combinations(range(7), r) if probs[list(S)].sum() >= p)
        assert kept.sum() == best
        assert probs[kept].sum() >= p - 1e-12
        assert probs[kept].min() >= probs[~kept].max(initial=0.0)  # the kept set is the most probable tokens


def test_top_k_keeps_the_k_largest():
    z = np.array([0.3, 2.0, -1.0, 1.5, 0.9])
    assert np.isfinite(D.top_k_filter(z, 2)).tolist() == [False, True, False, True, False]
    assert np.isfinite(D.top_k_filter(np.array([1.0, 1.0, 1.0, 0.0]), 2)).sum() == 3  # ties with the k-th are kept


def test_sampler_frequencies_follow_the_distribution():
    rng = np.random.default_rng(2)
    logits = np.array([1.0, 0.5, 0.0, -0.5, -3.0, 2.0])
    probs = D.next_token_probs(logits, 0.8, None, 0.95)
    n = 20000
    counts = np.bincount([D.sample_token(logits, rng, 0.8, None, 0.95) for _ in range(n)], minlength=6)
    assert counts[probs == 0].sum() == 0
    support = probs > 0
    chi2 = stats.chisquare(counts[support], n * probs[support])
    assert chi2.pvalue > 1e-3, chi2
    assert D.sample_token(logits, rng, temperature=0) == 5


def _all_continuations(step, prefix, eos, max_new, V):
    """Every finished or length-capped continuation with its total log-probability."""
    out = []
    for n in range(1, max_new + 1):
        for tail in itertools.product(range(V), repeat=n):
            if eos in tail[:-1] or (n < max_new and tail[-1] != eos):
                continue
            seq, total = tuple(prefix), 0.0
            for t in tail:
                total += float(step([seq])[0][t])
                seq = seq + (t,)
            out.append((seq, total))
    return out


def test_beam_search_exhaustive_and_greedy_limits():
    V, max_new = 4, 5
    for seed in range(6):
        lm = D.make_bigram_lm(V, seed=seed)
        every = _all_continuations(lm, (1,), 0, max_new, V)
        for alpha in (0.0, 1.0):
            norm = lambda h: h[1] / (len(h[0]) - 1) ** alpha
            best = max(every, key=norm)
            ours = D.beam_search(lm, (1,), 0, max_new, beam_width=V ** max_new, alpha=alpha)
            assert ours[0] == best[0]
            np.testing.assert_allclose(norm(ours), norm(best), rtol=1e-12)
        g = D.greedy_decode(lm, (1,), 0, max_new)
        b1 = D.beam_search(lm, (1,), 0, max_new, beam_width=1)
        assert b1[0] == g[0]
        np.testing.assert_allclose(b1[1], g[1], rtol=1e-12)


def _reference_beam(step, prefix, eos, max_new, width, alpha=0.0):
    """Textbook beam search (Jurafsky and Martin, ch. 10), one hypothesis at a time: list every
    extension of every live hypothesis, sort, walk down the list; an EOS extension completes a
    hypothesis and reduces the beam by one, others fill the beam."""
    live, done = [(tuple(prefix), 0.0)], []
    for _ in range(max_new):
        cands = []
        for seq, sc in live:
            lp = step([seq])[0]
            for t in range(len(lp)):
                cands.append((seq + (t,), sc + float(lp[t])))
        cands.sort(key=lambda h: -h[1])
        live, room = [], width - len(done)
        for h in cands[:room]:
            (done if h[0][-1] == eos else live).append(h)
        if not live:
            break
    return max(done + live, key=lambda h: h[1] / (len(h[0]) - len(prefix)) ** alpha)


def test_beam_search_matches_reference_at_small_widths():
    for seed in range(40):
        for sharpness in (1.0, 2.0):
            lm = D.make_bigram_lm(6, seed=seed, sharpness=sharpness)
            for width in (2, 3, 4):
                for alpha in (0.0, 1.0):
                    ours = D.beam_search(lm, (2,), 0, 6, beam_width=width, alpha=alpha)
                    ref = _reference_beam(lm, (2,), 0, 6, width, alpha)
                    assert ours[0] == ref[0], (seed, sharpness, width, alpha)
                    np.testing.assert_allclose(ours[1], ref[1], rtol=1e-12)
