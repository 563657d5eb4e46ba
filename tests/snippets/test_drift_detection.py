"""Oracle tests for snippets/drift_detection.py: scipy.stats (ks_2samp, kstwobign, entropy)
and a brute-force MMD."""

import numpy as np
import pytest
from scipy import stats

import drift_detection as dd


@pytest.mark.parametrize("shift,scale", [(0.0, 1.0), (0.1, 1.0), (0.5, 1.0), (0.0, 1.5)])
def test_ks_statistic_matches_scipy(shift, scale):
    rng = np.random.default_rng(0)
    x = rng.normal(size=700)
    y = rng.normal(shift, scale, size=500)
    res = stats.ks_2samp(x, y, method="asymp")
    d, p = dd.ks_2samp(x, y)
    np.testing.assert_allclose(d, res.statistic, rtol=1e-12)
    # scipy's 'asymp' uses the finite-n distribution kstwo(round(en)); ours the limit:
    # they agree to a few per cent of the p-value (or absolutely when p is tiny).
    np.testing.assert_allclose(p, res.pvalue, rtol=0.08, atol=1e-3)


def test_ks_handles_ties_like_scipy():
    rng = np.random.default_rng(1)
    x = rng.integers(0, 5, 300).astype(float)
    y = rng.integers(0, 6, 400).astype(float)
    np.testing.assert_allclose(dd.ks_statistic(x, y), stats.ks_2samp(x, y).statistic, rtol=1e-12)


@pytest.mark.parametrize("z", [0.1, 0.25, 0.29, 0.31, 0.5, 1.0, 1.36, 2.0, 3.0])
def test_kolmogorov_sf_matches_scipy(z):
    np.testing.assert_allclose(dd.kolmogorov_sf(z), stats.kstwobign.sf(z), rtol=1e-9, atol=1e-14)


def test_psi_equals_symmetrised_kl_of_bin_fractions():
    rng = np.random.default_rng(2)
    ref = rng.normal(size=4000)
    cur = rng.normal(0.3, 1.2, size=3000)
    edges = np.quantile(ref, np.linspace(0, 1, 11))
    edges[0], edges[-1] = -np.inf, np.inf
    e = np.histogram(ref, edges)[0] / len(ref)
    a = np.histogram(cur, edges)[0] / len(cur)
    expected = stats.entropy(a, e) + stats.entropy(e, a)  # KL(a||e) + KL(e||a)
    np.testing.assert_allclose(dd.psi(ref, cur), expected, rtol=1e-9)


def test_psi_zero_for_identical_and_grows_with_shift():
    rng = np.random.default_rng(3)
    ref = rng.normal(size=5000)
    assert dd.psi(ref, ref) == pytest.approx(0.0, abs=1e-12)
    values = [dd.psi(ref, rng.normal(mu, 1.0, 5000)) for mu in (0.0, 0.2, 0.5, 1.0)]
    assert all(b > a for a, b in zip(values, values[1:]))
    # Small-shift approximation: PSI ~ mu^2 (Fisher information of N(mu, 1) is 1).
    assert values[2] == pytest.approx(0.25, rel=0.25)


def test_mmd_matches_brute_force():
    rng = np.random.default_rng(4)
    x = rng.normal(size=(30, 3))
    y = rng.normal(0.4, 1.0, size=(25, 3))
    s = 1.3

    def k(a, b):
        return np.exp(-np.sum((a - b) ** 2) / (2 * s * s))

    kxx = np.mean([k(x[i], x[j]) for i in range(30) for j in range(30) if i != j])
    kyy = np.mean([k(y[i], y[j]) for i in range(25) for j in range(25) if i != j])
    kxy = np.mean([k(a, b) for a in x for b in y])
    np.testing.assert_allclose(dd.mmd2_rbf(x, y, s), kxx + kyy - 2 * kxy, rtol=1e-10)


def test_mmd_permutation_test_detects_shift_and_not_null():
    rng = np.random.default_rng(5)
    x = rng.normal(size=(100, 8))
    _, p_null = dd.mmd_permutation_test(x, rng.normal(size=(100, 8)), n_perm=60, seed=0)
    _, p_alt = dd.mmd_permutation_test(x, rng.normal(size=(100, 8)) + 0.6, n_perm=60, seed=0)
    assert p_null > 0.05
    assert p_alt < 0.05
