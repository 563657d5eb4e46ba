"""permutation_test and bootstrap_ci against scipy.stats.permutation_test / scipy.stats.bootstrap.

Both sides are Monte-Carlo estimates, so agreement is checked within a tolerance derived from
the Monte-Carlo standard error (about 4-5 standard errors of the difference)."""

import numpy as np
import pytest
from scipy import stats

from permutation_bootstrap import bootstrap_ci, norm_cdf, norm_ppf, permutation_test

B = 9999


def _scipy_diff(x, y, axis=-1):
    return np.mean(x, axis=axis) - np.mean(y, axis=axis)


@pytest.mark.parametrize("shift,alternative", [(0.3, "two-sided"), (0.3, "greater"), (0.0, "less")])
def test_permutation_pvalue_matches_scipy(shift, alternative):
    rng = np.random.default_rng(3)
    x = rng.normal(shift, 1.0, 30)
    y = rng.normal(0.0, 1.0, 35)
    t, p, null = permutation_test(x, y, n_resamples=B, alternative=alternative,
                                  rng=np.random.default_rng(0))
    ref = stats.permutation_test((x, y), _scipy_diff, n_resamples=B, alternative=alternative,
                                 vectorized=True, rng=np.random.default_rng(1))
    np.testing.assert_allclose(t, ref.statistic, rtol=1e-12)
    # sd of one Monte-Carlo p-value: sqrt(q(1-q)/B) for a one-sided tail probability q;
    # a two-sided p is 2q, so its sd doubles. The difference of two runs has sqrt(2) x that sd.
    two = alternative == "two-sided"
    q = ref.pvalue / 2 if two else ref.pvalue
    sd = (2 if two else 1) * np.sqrt(q * (1 - q) / B)
    np.testing.assert_allclose(p, ref.pvalue, atol=4 * np.sqrt(2) * sd + 1e-4)
    # the null distribution of a difference in means is centred at 0
    assert abs(null.mean()) < 4 * null.std() / np.sqrt(B)


def test_permutation_test_is_valid_under_the_null():
    # under H0 the p-value is (super-)uniform: P(p <= 0.1) should be close to 0.1
    rng = np.random.default_rng(5)
    ps = [permutation_test(rng.normal(size=15), rng.normal(size=15), n_resamples=199, rng=rng)[1]
          for _ in range(300)]
    rate = np.mean(np.array(ps) <= 0.1)
    assert rate < 0.1 + 3 * np.sqrt(0.09 / 300)


@pytest.mark.parametrize("method", ["percentile", "bca"])
def test_bootstrap_ci_matches_scipy(method):
    rng = np.random.default_rng(4)
    x = rng.lognormal(0.0, 0.8, 60)  # skewed: BCa and percentile differ
    lo, hi, boot = bootstrap_ci(x, n_resamples=B, method=method, rng=np.random.default_rng(0))
    ref = stats.bootstrap((x,), np.mean, n_resamples=B, method="BCa" if method == "bca" else method,
                          rng=np.random.default_rng(1))
    se = ref.standard_error
    # Monte-Carlo sd of a 2.5% quantile with B = 9999 is about 0.03 standard errors
    ci = ref.confidence_interval
    np.testing.assert_allclose([lo, hi], [ci.low, ci.high],
                               atol=0.15 * se)
    np.testing.assert_allclose(boot.std(ddof=1), se, rtol=0.05)


def test_norm_helpers_against_scipy():
    for p in (1e-6, 0.025, 0.5, 0.9, 0.999):
        np.testing.assert_allclose(norm_ppf(p), stats.norm.ppf(p), atol=1e-9)
    for z in (-5.0, -1.0, 0.3, 2.5):
        np.testing.assert_allclose(norm_cdf(z), stats.norm.cdf(z), rtol=1e-12)
