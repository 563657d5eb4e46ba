"""Oracles: the KV-cache size from the attention snippet's independent formula; hand-computed
roofline and cost figures; for speculative sampling, the closed-form single-position
distribution (must equal p), Monte Carlo chi-square tests of verify_draft and of whole
generated sequences against the exact target-model sequence probabilities, and the expected
accepted length against simulation."""

import itertools

import numpy as np
from scipy import stats

import attention
import llm_serving as S


def test_capacity_arithmetic():
    kv = S.kv_bytes_per_token(32, 8, 128)
    assert kv * 8192 == attention.kv_cache_bytes(32, 8, 128, 8192, 1)
    assert S.max_concurrent_sequences(80e9, 16e9, kv, 4096, reserve=0.1) == int((72e9 - 16e9) // (kv * 4096))
    assert S.max_concurrent_sequences(80e9, 90e9, kv, 4096) == 0
    # batch 1: memory-bound, time = bytes / bandwidth; huge batch: compute-bound
    np.testing.assert_allclose(S.decode_step_seconds(8e9, 16e9, 1, 0, kv, 3.35e12, 989e12), 16e9 / 3.35e12, rtol=1e-12)
    np.testing.assert_allclose(S.decode_step_seconds(8e9, 16e9, 4096, 0, kv, 3.35e12, 989e12), 2 * 8e9 * 4096 / 989e12, rtol=1e-12)
    np.testing.assert_allclose(S.prefill_seconds(8e9, 1000, 1e15, 0.5), 2 * 8e9 * 1000 / 5e14, rtol=1e-12)
    np.testing.assert_allclose(S.cost_per_million_tokens(3.6, 1000.0), 1.0, rtol=1e-12)


def test_single_position_distribution_is_the_target():
    rng = np.random.default_rng(0)
    for _ in range(200):
        V = rng.integers(2, 12)
        p, q = rng.dirichlet(np.ones(V) * 0.5), rng.dirichlet(np.ones(V) * 0.5)
        np.testing.assert_allclose(S.accepted_token_distribution(p, q), p, rtol=1e-12, atol=1e-15)
    p = rng.dirichlet(np.ones(5))
    np.testing.assert_allclose(S.accepted_token_distribution(p, p), p, rtol=1e-15)


def test_verify_draft_samples_follow_the_target():
    rng = np.random.default_rng(1)
    p = np.array([[0.5, 0.3, 0.15, 0.05], [0.25, 0.25, 0.25, 0.25]])
    q = np.array([[0.1, 0.2, 0.3, 0.4]])
    n = 20000
    first = np.zeros(4)
    for _ in range(n):
        x = S._sample(q[0], rng)
        first[S.verify_draft(p, q, [x], rng)[0]] += 1
    assert stats.chisquare(first, n * p[0]).pvalue > 1e-3
    # a draft equal to the target is always accepted: k tokens plus the bonus token
    assert len(S.verify_draft(np.vstack([p[0], p[0], p[1]]), np.vstack([p[0], p[0]]), [0, 1], rng)) == 3


def _bigram(V, seed, conc):
    table = np.random.default_rng(seed).dirichlet(np.ones(V) * conc, size=V)
    return lambda prefix: table[prefix[-1]], table


def test_generated_sequences_follow_the_target_model():
    V, n_new = 3, 3
    target, T = _bigram(V, 2, 1.0)
    draft, _ = _bigram(V, 3, 1.0)
    rng = np.random.default_rng(4)
    runs = 6000
    counts = {}
    for _ in range(runs):
        seq, _ = S.speculative_generate(target, draft, (0,), n_new, k=2, rng=rng)
        counts[seq] = counts.get(seq, 0) + 1
    exact = {(0,) + s: np.prod([T[a, b] for a, b in zip((0,) + s, s)]) for s in itertools.product(range(V), repeat=n_new)}
    obs = np.array([counts.get(s, 0) for s in exact])
    exp = runs * np.array(list(exact.values()))
    assert stats.chisquare(obs, exp).pvalue > 1e-3


def test_expected_tokens_per_pass_matches_simulation():
    rng = np.random.default_rng(5)
    p = np.array([[0.6, 0.4]] * 5)
    q = np.array([[0.4, 0.6]] * 4)
    alpha = np.minimum(p[0], q[0]).sum()  # 0.8
    lengths = [len(S.verify_draft(p, q, [S._sample(q[0], rng) for _ in range(4)], rng)) for _ in range(20000)]
    np.testing.assert_allclose(np.mean(lengths), S.expected_tokens_per_pass(alpha, 4), rtol=0.02)
    assert S.expected_tokens_per_pass(1.0, 4) == 5.0
