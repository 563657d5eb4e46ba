"""Oracles: pass@k against enumeration of every k-subset of the n samples, and its unbiasedness
against the binomial law (scipy.stats.binom); the Wilson interval against
scipy.stats.binomtest(...).proportion_ci(method="wilson"); bootstrap intervals against the
analytic standard errors; the clustered standard error against its defining sum written as a
loop; the paired and unpaired standard errors against scipy.stats.ttest_rel / ttest_ind
(Welch) statistics; McNemar against scipy.stats.binomtest; n-gram contamination against
substring search."""

import itertools

import numpy as np
from scipy import stats

import llm_eval as E


def test_pass_at_k_equals_subset_enumeration():
    for n, c, k in [(5, 2, 1), (6, 1, 3), (8, 3, 4), (7, 0, 2), (6, 5, 3), (10, 4, 10)]:
        correct = np.array([1] * c + [0] * (n - c))
        subsets = [correct[list(s)].any() for s in itertools.combinations(range(n), k)]
        np.testing.assert_allclose(E.pass_at_k(n, c, k), np.mean(subsets), rtol=1e-12, atol=1e-15)


def test_pass_at_k_is_unbiased_and_naive_is_not():
    for n, k, p in [(20, 5, 0.1), (50, 10, 0.03), (10, 1, 0.4), (200, 100, 0.01)]:
        pmf = stats.binom.pmf(np.arange(n + 1), n, p)
        ours = sum(w * E.pass_at_k(n, c, k) for c, w in enumerate(pmf))
        np.testing.assert_allclose(ours, 1 - (1 - p) ** k, rtol=1e-9)
        naive = sum(w * E.naive_pass_at_k(n, c, k) for c, w in enumerate(pmf))
        if k > 1:
            assert naive < 1 - (1 - p) ** k - 1e-4


def test_wilson_matches_scipy():
    for s, n in [(70, 100), (0, 50), (50, 50), (3, 1000), (812, 1319)]:
        ci = stats.binomtest(s, n).proportion_ci(confidence_level=0.95, method="wilson")
        np.testing.assert_allclose(E.wilson_interval(s, n), (ci.low, ci.high), rtol=1e-6, atol=1e-9)


def test_bootstrap_and_clustered_errors():
    rng = np.random.default_rng(0)
    x = (rng.random(2000) < 0.7).astype(float)
    lo, hi = E.bootstrap_interval(x, rng, n_boot=4000)
    se = np.sqrt(x.mean() * (1 - x.mean()) / len(x))
    np.testing.assert_allclose((hi - lo) / 2, 1.96 * se, rtol=0.1)
    # clustered: 200 passages of 10 questions sharing a passage-level difficulty
    clusters = np.repeat(np.arange(200), 10)
    p_c = rng.beta(2, 1, size=200)[clusters]
    y = (rng.random(2000) < p_c).astype(float)
    r = y - y.mean()
    loop = np.sqrt(sum(r[clusters == g].sum() ** 2 for g in range(200))) / len(y)
    np.testing.assert_allclose(E.clustered_se(y, clusters), loop, rtol=1e-12)
    np.testing.assert_allclose(E.clustered_se(y, np.arange(2000)), y.std() / np.sqrt(2000), rtol=1e-12)
    assert E.clustered_se(y, clusters) > 1.5 * y.std() / np.sqrt(2000)
    lo, hi = E.bootstrap_interval(y, rng, n_boot=4000, clusters=clusters)
    np.testing.assert_allclose((hi - lo) / 2, 1.96 * E.clustered_se(y, clusters), rtol=0.15)


def test_paired_comparison_against_scipy():
    rng = np.random.default_rng(1)
    a = (rng.random(400) < 0.72).astype(float)
    b = np.where(rng.random(400) < 0.85, a, 1 - a)
    out = E.paired_comparison(a, b)
    np.testing.assert_allclose(out["diff"] / out["se_paired"], stats.ttest_rel(a, b).statistic, rtol=1e-10)
    np.testing.assert_allclose(out["diff"] / out["se_unpaired"], stats.ttest_ind(a, b, equal_var=False).statistic, rtol=1e-10)
    for n10, n01 in [(out["n10"], out["n01"]), (5, 1), (12, 12), (0, 7), (30, 18)]:
        a2 = np.r_[np.ones(n10), np.zeros(n01), np.ones(20)]
        b2 = np.r_[np.zeros(n10), np.ones(n01), np.ones(20)]
        np.testing.assert_allclose(E.paired_comparison(a2, b2)["mcnemar_p"], stats.binomtest(n10, n10 + n01, 0.5).pvalue, rtol=1e-9)


def test_contamination_against_substring_search():
    rng = np.random.default_rng(2)
    vocab = [f"w{i}" for i in range(12)]
    docs = [" ".join(rng.choice(vocab, 60)) for _ in range(5)]
    items = [" ".join(rng.choice(vocab, 15)) for _ in range(20)] + [" ".join(docs[0].split()[10:30])]
    for n in (3, 5):
        ours = E.contamination_report(items, docs, n)
        padded = [" " + d + " " for d in docs]
        for item, frac in zip(items, ours):
            t = item.split()
            grams = {" ".join(t[i:i + n]) for i in range(len(t) - n + 1)}
            hits = sum(any(f" {g} " in d for d in padded) for g in grams)
            np.testing.assert_allclose(frac, hits / len(grams), rtol=1e-12)
        assert ours[-1] == 1.0
