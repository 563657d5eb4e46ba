"""Classical tests against scipy: ttest_ind(equal_var=False), chi2_contingency(correction=False),
false_discovery_control, special functions; power against simulation."""

import numpy as np
import pytest
from scipy import special, stats

from hypothesis_tests import (
    benjamini_hochberg,
    betainc,
    chi2_independence,
    chi2_sf,
    gammaincc,
    sample_size_per_group,
    t_sf_two_sided,
    welch_t_test,
    z_test_power,
)


@pytest.mark.parametrize(
    "a,b,x", [(0.5, 0.5, 0.3), (2.0, 5.0, 0.9), (30.0, 0.5, 0.95), (1.5, 40.0, 0.01)]
)
def test_betainc_matches_scipy(a, b, x):
    np.testing.assert_allclose(betainc(a, b, x), special.betainc(a, b, x), rtol=1e-10)


@pytest.mark.parametrize("a,x", [(0.5, 0.1), (3.0, 2.0), (3.0, 10.0), (50.0, 60.0)])
def test_gammaincc_matches_scipy(a, x):
    np.testing.assert_allclose(gammaincc(a, x), special.gammaincc(a, x), rtol=1e-9)


def test_distribution_tails_match_scipy():
    for t, df in [(0.5, 3), (2.1, 10.5), (-4.0, 60)]:
        np.testing.assert_allclose(t_sf_two_sided(t, df), 2 * stats.t.sf(abs(t), df), rtol=1e-9)
    for x, df in [(0.3, 1), (8.0, 4), (40.0, 20)]:
        np.testing.assert_allclose(chi2_sf(x, df), stats.chi2.sf(x, df), rtol=1e-9)


@pytest.mark.parametrize("seed", range(3))
def test_welch_matches_scipy(seed):
    rng = np.random.default_rng(seed)
    x, y = rng.normal(0, 1, 12 + seed), rng.normal(0.5, 3, 30)
    t, df, p = welch_t_test(x, y)
    ref = stats.ttest_ind(x, y, equal_var=False)
    np.testing.assert_allclose([t, p], [ref.statistic, ref.pvalue], rtol=1e-9)
    np.testing.assert_allclose(df, ref.df, rtol=1e-12)


def test_chi2_matches_scipy():
    table = np.array([[12, 30, 8], [20, 15, 25]])
    stat, df, p = chi2_independence(table)
    ref = stats.chi2_contingency(table, correction=False)
    np.testing.assert_allclose([stat, p], [ref.statistic, ref.pvalue], rtol=1e-9)
    assert df == ref.dof


def test_bh_matches_scipy():
    p = np.random.default_rng(1).uniform(0, 0.2, 25) ** 2
    np.testing.assert_allclose(benjamini_hochberg(p), stats.false_discovery_control(p), rtol=1e-12)


def test_power_matches_simulation_and_sample_size_reaches_power():
    rng = np.random.default_rng(0)
    d, n, reps = 0.5, 40, 4000
    x = rng.normal(d, 1, (reps, n))
    y = rng.normal(0, 1, (reps, n))
    z = (x.mean(1) - y.mean(1)) / np.sqrt(2 / n)  # known unit variance: a z-test
    simulated = np.mean(np.abs(z) > stats.norm.ppf(0.975))
    # Monte-Carlo sd of a proportion near 0.6 with 4000 draws is about 0.008
    np.testing.assert_allclose(z_test_power(d, n), simulated, atol=0.03)
    n_req = sample_size_per_group(0.3, power=0.9)
    assert z_test_power(0.3, n_req) >= 0.9 > z_test_power(0.3, n_req - 1)
