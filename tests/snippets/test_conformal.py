"""Oracles: numpy.quantile (inverted CDF) for the conformal quantile; the exact marginal coverage
ceil((n+1)(1-alpha))/(n+1) of split conformal for continuous scores, estimated over many
calibration/test draws; the Beta(l, n+1-l) law of coverage conditional on the calibration set
(scipy.stats.kstest, coverage computed exactly from the noise CDF); scikit-learn's
QuantileRegressor (an exact linear program) for the pinball-loss fit; an argsort/cumsum
construction of APS sets."""

import numpy as np
from scipy import stats
from sklearn.linear_model import QuantileRegressor

import conformal as C


def test_conformal_quantile_is_the_inverted_cdf_quantile():
    rng = np.random.default_rng(0)
    for n in (5, 19, 20, 99, 1000):
        s = rng.normal(size=n)
        for alpha in (0.05, 0.1, 0.2, 0.5):
            k = int(np.ceil((n + 1) * (1 - alpha)))
            if k > n:
                assert C.conformal_quantile(s, alpha) == np.inf
            else:
                assert C.conformal_quantile(s, alpha) == np.quantile(s, k / n, method="inverted_cdf")


def test_split_conformal_marginal_coverage_is_exactly_l_over_n_plus_1():
    rng = np.random.default_rng(1)
    n, alpha, reps = 20, 0.1, 100_000
    x = rng.uniform(-2, 2, size=(reps, n + 1))
    y = 2 * x + rng.standard_t(3, size=x.shape)          # heavy-tailed noise: no Gaussian assumption
    covered = np.empty(reps, dtype=bool)
    for i in range(reps):
        lo, hi = C.split_conformal_interval(2 * x[i, :n], y[i, :n], 2 * x[i, n:], alpha)
        covered[i] = lo[0] <= y[i, n] <= hi[0]
    target = np.ceil((n + 1) * (1 - alpha)) / (n + 1)   # 19/21, above 1 - alpha = 0.9
    se = np.sqrt(target * (1 - target) / reps)
    assert abs(covered.mean() - target) < 4 * se, (covered.mean(), target)


def test_coverage_given_the_calibration_set_is_beta_distributed():
    rng = np.random.default_rng(2)
    n, alpha, sigma = 100, 0.1, 0.7
    cover = []
    for _ in range(3000):
        q = C.conformal_quantile(np.abs(rng.normal(0, sigma, n)), alpha)
        cover.append(2 * stats.norm.cdf(q / sigma) - 1)   # exact P(|eps| <= q) for a new point
    l = int(np.ceil((n + 1) * (1 - alpha)))
    assert stats.kstest(cover, stats.beta(l, n + 1 - l).cdf).pvalue > 0.01


def test_quantile_regression_fit_matches_linear_program():
    rng = np.random.default_rng(3)
    x = rng.uniform(-2, 2, 400)
    y = x + rng.normal(0, 0.2 + 0.4 * np.abs(x))
    F = np.column_stack([np.ones_like(x), x, np.abs(x)])
    for tau in (0.05, 0.5, 0.95):
        w = C.fit_linear_quantile(F, y, tau, steps=5000)
        ref = QuantileRegressor(quantile=tau, alpha=0.0, fit_intercept=False, solver="highs").fit(F, y)
        ours, best = C.pinball_loss(y, F @ w, tau), C.pinball_loss(y, ref.predict(F), tau)
        assert best <= ours <= best * 1.01, (tau, ours, best)


def test_cqr_coverage_and_conditional_adaptivity():
    rng = np.random.default_rng(4)
    n, alpha, reps = 30, 0.1, 20_000
    x = rng.uniform(-2, 2, size=(reps, n + 1))
    y = rng.normal(0, 0.1 + np.abs(x))
    covered = np.empty(reps, dtype=bool)
    for i in range(reps):  # a deliberately wrong band (too narrow everywhere): conformal widens it
        lo, hi = C.cqr_interval(-0.5 * np.abs(x[i, :n]), 0.5 * np.abs(x[i, :n]), y[i, :n],
                                -0.5 * np.abs(x[i, n:]), 0.5 * np.abs(x[i, n:]), alpha)
        covered[i] = lo[0] <= y[i, n] <= hi[0]
    target = np.ceil((n + 1) * (1 - alpha)) / (n + 1)
    assert abs(covered.mean() - target) < 4 * np.sqrt(target * (1 - target) / reps)


def _aps_prefix_sets(probs, q):
    """Non-randomised APS by construction: sort labels by probability, keep the longest prefix
    whose cumulative mass is at most q."""
    order = np.argsort(-probs, axis=1, kind="stable")
    keep = np.cumsum(np.take_along_axis(probs, order, 1), axis=1) <= q
    sets = np.zeros_like(probs, dtype=bool)
    np.put_along_axis(sets, order, keep, axis=1)
    return sets


def test_classification_sets_coverage_and_construction():
    rng = np.random.default_rng(5)
    K, n_cal, alpha = 6, 50, 0.1
    target = np.ceil((n_cal + 1) * (1 - alpha)) / (n_cal + 1)
    hits = {"LAC": [], "APS": []}
    for _ in range(4000):
        probs = rng.dirichlet(np.full(K, 0.5), size=n_cal + 1)
        y = (rng.random((n_cal + 1, 1)) > np.cumsum(probs, 1)).sum(1)   # labels drawn from the model
        u = rng.random(n_cal + 1)
        q_lac = C.conformal_quantile(C.lac_scores(probs[:n_cal], y[:n_cal]), alpha)
        hits["LAC"].append(C.lac_sets(probs[n_cal:], q_lac)[0, y[n_cal]])
        q_aps = C.conformal_quantile(C.aps_scores(probs[:n_cal], y[:n_cal], u[:n_cal]), alpha)
        hits["APS"].append(C.aps_sets(probs[n_cal:], q_aps, u[n_cal:])[0, y[n_cal]])
    for k, v in hits.items():
        assert abs(np.mean(v) - target) < 4 * np.sqrt(target * (1 - target) / len(v)), (k, np.mean(v))
    probs = rng.dirichlet(np.ones(K), size=500)
    for q in (0.3, 0.7, 0.9, 0.99):
        np.testing.assert_array_equal(C.aps_sets(probs, q), _aps_prefix_sets(probs, q))
    np.testing.assert_allclose(C.aps_scores(probs, probs.argmax(1)), probs.max(1), rtol=1e-12)
