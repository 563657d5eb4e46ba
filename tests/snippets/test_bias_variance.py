"""bias_variance.py: the decomposition against (1) a separate Monte-Carlo estimate of the
expected test MSE and (2) the closed-form bias and variance of a linear smoother under a
fixed design."""

import numpy as np
import pytest

import bias_variance as bv


@pytest.mark.parametrize("degree,lam", [(1, 0.0), (3, 0.0), (5, 0.0), (7, 1e-2)])
def test_terms_sum_to_expected_test_mse(degree, lam):
    rng = np.random.default_rng(degree)
    r = bv.bias_variance(degree, n_train=30, n_sets=1500, lam=lam, rng=rng)
    total = r["bias2"] + r["variance"] + r["noise"]
    # Monte-Carlo tolerance: 4 standard errors of the test-MSE estimate,
    # plus 2% for the Monte-Carlo error of the terms
    assert abs(total - r["test_mse"]) < 4 * r["test_mse_se"] + 0.02 * total


def test_bias2_plus_variance_is_mean_squared_deviation_exactly():
    r = bv.bias_variance(3, n_sets=200, rng=np.random.default_rng(1))
    x = np.linspace(-1, 1, 50)
    msd = np.mean((r["preds"] - bv.true_f(x)) ** 2)
    np.testing.assert_allclose(r["bias2"] + r["variance"], msd, rtol=1e-10)


@pytest.mark.parametrize("degree,lam", [(2, 0.0), (4, 0.5)])
def test_fixed_design_matches_closed_form(degree, lam):
    sigma, n_sets = 0.3, 4000
    r = bv.bias_variance(degree, n_train=25, sigma=sigma, n_sets=n_sets, lam=lam, fixed_design=True,
                         rng=np.random.default_rng(11))
    x_te = np.linspace(-1, 1, 50)
    P, Q = bv.poly_features(r["x_fixed"], degree), bv.poly_features(x_te, degree)
    # prediction = H y: a linear smoother
    H = Q @ np.linalg.inv(P.T @ P + lam * np.eye(degree + 1)) @ P.T
    bias2 = np.mean((H @ bv.true_f(r["x_fixed"]) - bv.true_f(x_te)) ** 2)
    variance = np.mean(sigma**2 * np.sum(H**2, axis=1))
    # relative MC error of a variance from 4000 draws is about sqrt(2/4000) = 2.2%; allow 8%
    np.testing.assert_allclose(r["variance"], variance, rtol=0.08)
    # E[bias2_hat] = bias2 + variance / n_sets; allow that offset plus 5% of the variance
    assert abs(r["bias2"] - bias2) < variance / n_sets + 0.05 * variance + 1e-3 * bias2
