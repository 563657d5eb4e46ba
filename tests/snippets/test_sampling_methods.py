"""Oracles: scipy.stats distributions, kstest and chisquare (statistics and p-values), exact
expectations, and the alias table's exact reconstruction of p."""

import numpy as np
import pytest
from scipy import stats

import sampling_methods as S


def test_statistics_match_scipy():
    rng = np.random.default_rng(0)
    x = rng.normal(size=500) * 1.1 + 0.05
    d, p = S.ks_statistic(x, S.normal_cdf)
    ref = stats.kstest(x, "norm")
    np.testing.assert_allclose(d, ref.statistic, rtol=1e-12)
    np.testing.assert_allclose(p, stats.kstwobign.sf(np.sqrt(500) * d), atol=0.02)  # asymptotic, small-n corrected
    counts = np.array([230, 190, 300, 280])
    p4 = np.array([0.25, 0.2, 0.3, 0.25])
    x2, pv = S.chi_square_statistic(counts, p4)
    ref = stats.chisquare(counts, 1000 * p4)
    np.testing.assert_allclose(x2, ref.statistic, rtol=1e-12)
    np.testing.assert_allclose(pv, ref.pvalue, atol=0.01)                           # Wilson-Hilferty
    np.testing.assert_allclose(S.normal_cdf(np.array([-1.3, 0.0, 2.2])), stats.norm.cdf([-1.3, 0.0, 2.2]), rtol=1e-12)


def test_inverse_cdf_samplers():
    rng = np.random.default_rng(1)
    x = S.sample_exponential(20_000, 2.5, rng)
    assert stats.kstest(x, stats.expon(scale=1 / 2.5).cdf).pvalue > 0.01
    p = np.array([0.1, 0.0, 0.6, 0.3])
    k = S.sample_discrete_inverse(p, 50_000, rng)
    counts = np.bincount(k, minlength=4)
    assert counts[1] == 0                                           # zero-probability outcome never drawn
    assert stats.chisquare(counts[[0, 2, 3]], 50_000 * p[[0, 2, 3]]).pvalue > 0.01


def test_box_muller_is_standard_normal_and_independent():
    rng = np.random.default_rng(2)
    z = S.box_muller(40_001, rng)
    assert len(z) == 40_001
    assert stats.kstest(z, "norm").pvalue > 0.01
    a, b = z[:20_000], z[20_001:40_001]                             # the cos and sin halves of the same pairs
    assert abs(np.corrcoef(a, b)[0, 1]) < 0.03
    assert abs(np.corrcoef(a ** 2, b ** 2)[0, 1]) < 0.03            # not just uncorrelated: independent


@pytest.mark.parametrize("p", [np.array([0.5, 0.2, 0.2, 0.05, 0.05]), np.array([1.0]), np.array([0.0, 1.0, 0.0]),
                               np.random.default_rng(3).dirichlet(np.ones(50) * 0.3)])
def test_alias_table_reconstructs_p_exactly(p):
    prob, alias = S.build_alias(p)
    K = len(p)
    mass = prob / K                                                  # column k keeps k with prob[k] / K ...
    np.add.at(mass, alias, (1 - prob) / K)                           # ... and sends the rest to alias[k]
    np.testing.assert_allclose(mass, p / p.sum(), atol=1e-12)


def test_alias_sampler_frequencies():
    rng = np.random.default_rng(4)
    p = rng.dirichlet(np.ones(20))
    counts = np.bincount(S.sample_alias(*S.build_alias(p), 200_000, rng), minlength=20)
    assert stats.chisquare(counts, 200_000 * p).pvalue > 0.01


def test_rejection_sampler_exact_and_rate():
    rng = np.random.default_rng(5)
    M = 30 * 0.2 * 0.8 ** 4
    x, rate = S.rejection_sample(S.beta_2_5_pdf, lambda m, r: r.random(m), lambda x: np.ones_like(x), M, 20_000, rng)
    assert stats.kstest(x, stats.beta(2, 5).cdf).pvalue > 0.01
    np.testing.assert_allclose(rate, 1 / M, rtol=0.03)
    np.testing.assert_allclose(S.beta_2_5_pdf(np.linspace(0, 1, 11)), stats.beta(2, 5).pdf(np.linspace(0, 1, 11)), rtol=1e-12)
    with pytest.raises(AssertionError):                             # an envelope that is too low is caught
        S.rejection_sample(S.beta_2_5_pdf, lambda m, r: r.random(m), lambda x: np.ones_like(x), 2.0, 100, rng)


def test_importance_sampling_tail_probability():
    """P(Z > 4) for Z ~ N(0,1) from a proposal N(4, 1): exact value from scipy."""
    rng = np.random.default_rng(6)
    exact = stats.norm.sf(4.0)
    h = lambda x: (x > 4.0).astype(float)
    logp = lambda x: stats.norm.logpdf(x)
    est, ess = S.importance_estimate(h, logp, lambda n, r: r.normal(4.0, 1.0, n), lambda x: stats.norm.logpdf(x, 4.0), 20_000, rng)
    np.testing.assert_allclose(est, exact, rtol=0.05)
    assert 0 < ess < 20_000


def test_self_normalised_importance_sampling():
    """E[X^2] = 1 under N(0, 1) known only up to its constant, from a wider proposal N(0, 1.5^2)."""
    rng = np.random.default_rng(10)
    unnorm = lambda x: -0.5 * x ** 2
    q = stats.norm(0, 1.5)
    est, ess = S.importance_estimate(lambda x: x ** 2, unnorm, lambda n, r: r.normal(0, 1.5, n), q.logpdf, 50_000, rng, normalised=False)
    np.testing.assert_allclose(est, 1.0, rtol=0.03)
    # ESS fraction for N(0,1) from N(0, s^2): 1 / E_q[w^2] = sqrt(2 - 1/s^2) / s
    np.testing.assert_allclose(ess / 50_000, np.sqrt(2 - 1 / 1.5 ** 2) / 1.5, rtol=0.03)


def test_gumbel_max_matches_softmax():
    rng = np.random.default_rng(7)
    logits = np.array([2.0, 0.5, -1.0, 0.0, 1.0])
    p = np.exp(logits - logits.max()); p /= p.sum()
    counts = np.bincount(S.gumbel_max_sample(logits, 100_000, rng), minlength=5)
    assert stats.chisquare(counts, 100_000 * p).pvalue > 0.01
    counts_shift = np.bincount(S.gumbel_max_sample(logits + 100.0, 100_000, rng), minlength=5)
    assert stats.chisquare(counts_shift, 100_000 * p).pvalue > 0.01   # invariant to adding a constant


def test_metropolis_hastings_targets_the_distribution():
    rng = np.random.default_rng(8)
    # unnormalised Gamma(3, 1) density on x > 0: log x^2 e^{-x}
    logt = lambda v: float(2 * np.log(v[0]) - v[0]) if v[0] > 0 else -np.inf
    chain, acc = S.metropolis_hastings(logt, np.array([1.0]), 60_000, 2.0, rng)
    x = chain[5_000:, 0]
    np.testing.assert_allclose(x.mean(), 3.0, rtol=0.05)
    np.testing.assert_allclose(x.var(), 3.0, rtol=0.1)
    assert 0.2 < acc < 0.8
    thinned = x[::20]                                                 # thinned well past the autocorrelation time
    assert stats.kstest(thinned, stats.gamma(3).cdf).pvalue > 0.001


def test_effective_sample_size_of_ar1():
    """AR(1) with coefficient a has integrated autocorrelation time (1 + a) / (1 - a)."""
    rng = np.random.default_rng(9)
    a, n = 0.9, 200_000
    e = rng.normal(size=n)
    x = np.empty(n); x[0] = 0.0
    for t in range(1, n):
        x[t] = a * x[t - 1] + e[t]
    np.testing.assert_allclose(S.effective_sample_size(x), n * (1 - a) / (1 + a), rtol=0.1)
