"""Oracles: scipy.stats.binomtest (exact McNemar), scipy.stats.bootstrap with paired resampling and the
normal-theory interval (eval gate), a plain-Python re-implementation of the cache with
scipy.spatial.distance.cosine, brute-force cascade evaluation, and closed-form SLO arithmetic."""

import numpy as np
import pytest
from scipy import stats
from scipy.spatial.distance import cosine

import llmops as O


def test_prompt_version_id():
    a = O.prompt_version_id("Q: {q}", "m1", {"temperature": 0.0, "max_tokens": 256})
    assert a == O.prompt_version_id("Q: {q}", "m1", {"max_tokens": 256, "temperature": 0.0})   # key order irrelevant
    assert a != O.prompt_version_id("Q: {q}", "m1", {"temperature": 0.2, "max_tokens": 256})
    assert a != O.prompt_version_id("Q: {q}", "m2", {"temperature": 0.0, "max_tokens": 256})
    assert a != O.prompt_version_id("Q:  {q}", "m1", {"temperature": 0.0, "max_tokens": 256})


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_mcnemar_matches_binomtest(seed):
    rng = np.random.default_rng(seed)
    old = rng.random(300) < 0.7
    new = np.where(rng.random(300) < 0.8, old, rng.random(300) < 0.75 + 0.05 * seed)
    b, c = int(np.sum(new & ~old)), int(np.sum(~new & old))
    np.testing.assert_allclose(O.mcnemar_exact_p(new, old), stats.binomtest(b, b + c, 0.5).pvalue, rtol=1e-10)


def test_paired_bootstrap_ci():
    rng = np.random.default_rng(3)
    old = rng.random(800) < 0.75
    new = np.where(rng.random(800) < 0.85, old, rng.random(800) < 0.8)
    m, lo, hi = O.paired_bootstrap_ci(new, old, np.random.default_rng(4), n_boot=20_000)
    d = new.astype(float) - old
    ref = stats.bootstrap((d,), np.mean, n_resamples=20_000, method="percentile", random_state=5).confidence_interval
    assert m == pytest.approx(d.mean())
    assert abs(lo - ref.low) < 0.004 and abs(hi - ref.high) < 0.004
    se = d.std(ddof=1) / np.sqrt(len(d))
    assert abs(lo - (m - 1.96 * se)) < 0.005 and abs(hi - (m + 1.96 * se)) < 0.005
    assert O.regression_gate(new, old, margin=0.02, rng=np.random.default_rng(6)) == (lo > -0.02)


def reference_cache(emb, intent, threshold):
    cache, hits, good = [], [], []
    for i in range(len(emb)):
        best = max(((1 - cosine(emb[i], emb[j]), j) for j in cache), default=None)
        if best is not None and best[0] >= threshold:
            hits.append(True)
            good.append(intent[best[1]] == intent[i])
        else:
            hits.append(False)
            good.append(False)
            cache.append(i)
    return np.array(hits), np.array(good)


def test_semantic_cache_against_reference():
    rng = np.random.default_rng(7)
    centres = rng.normal(size=(10, 8))
    intent = rng.integers(10, size=150)
    emb = centres[intent] + 0.3 * rng.normal(size=(150, 8))
    emb /= np.linalg.norm(emb, axis=1, keepdims=True)
    for t in (0.6, 0.8, 0.95):
        hit, good = O.simulate_semantic_cache(emb, intent, t)
        rh, rg = reference_cache(emb, intent, t)
        np.testing.assert_array_equal(hit, rh)
        np.testing.assert_array_equal(good, rg)
    assert O.simulate_semantic_cache(emb, intent, -1.01)[0].sum() == 149       # everything after the first hits
    assert O.simulate_semantic_cache(emb, intent, 1.01)[0].sum() == 0
    assert O.cost_per_request(0.3, 1.0, 0.01) == pytest.approx(0.71)


def test_cascade_brute_force():
    rng = np.random.default_rng(8)
    conf = rng.random(1000)
    ok_s, ok_l = rng.random(1000) < conf, rng.random(1000) < 0.9
    for t in (0.0, 0.3, 0.7, 1.01):
        q, c, e = O.cascade(conf, ok_s, ok_l, t, 1.0, 10.0)
        served = [ok_l[i] if conf[i] < t else ok_s[i] for i in range(1000)]
        cost = [1.0 + (10.0 if conf[i] < t else 0.0) for i in range(1000)]
        assert q == pytest.approx(np.mean(served)) and c == pytest.approx(np.mean(cost))
    assert O.cascade(conf, ok_s, ok_l, 0.0, 1.0, 10.0)[1:] == (1.0, 0.0)


def test_slo_arithmetic():
    ttft, e2e = O.latency_ms(np.array([2000.0]), np.array([201.0]), np.array([50.0]), 10_000.0, 20.0)
    np.testing.assert_allclose([ttft[0], e2e[0]], [250.0, 4250.0], rtol=1e-12)
    np.testing.assert_allclose(O.error_budget_minutes(0.999, 30), 43.2, rtol=1e-12)
    np.testing.assert_allclose(O.error_budget_minutes(0.9999, 30), 4.32, rtol=1e-9)
