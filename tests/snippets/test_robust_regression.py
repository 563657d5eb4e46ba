"""Oracles: scipy.optimize.minimize on the Huber objective (convex, unique minimum) at the same
fixed scale; numpy.linalg.lstsq when there are no outliers; recovery of the true line."""

import numpy as np
import pytest
from scipy.optimize import minimize

import robust_regression as rr


def _data(seed=0, n=120, frac=0.2):
    rng = np.random.default_rng(seed)
    x = rng.uniform(0, 10, n)
    X = np.c_[np.ones(n), x]
    y = 1.0 + 2.0 * x + rng.normal(size=n)
    bad = rng.choice(n, int(frac * n), replace=False)
    y[bad] = rng.uniform(-40, -20, len(bad))
    return X, y


@pytest.mark.parametrize("seed", [0, 1])
def test_huber_matches_scipy(seed):
    X, y = _data(seed)
    w, s, _ = rr.irls(X, y, rr.huber_weight)
    obj = lambda b: rr.huber_rho((y - X @ b) / s).sum()
    grad = lambda b: -X.T @ np.clip((y - X @ b) / s, -1.345, 1.345) / s
    ref = minimize(obj, np.linalg.lstsq(X, y, rcond=None)[0], jac=grad, method="BFGS", options={"gtol": 1e-10}).x
    np.testing.assert_allclose(w, ref, rtol=1e-6, atol=1e-6)


def test_no_outliers_and_huge_c_is_ols():
    X, y = _data(2, frac=0.0)
    w, _, _ = rr.irls(X, y, lambda u: rr.huber_weight(u, c=1e6))
    np.testing.assert_allclose(w, np.linalg.lstsq(X, y, rcond=None)[0], rtol=1e-10)


def test_bisquare_recovers_line_with_20_percent_outliers():
    X, y = _data(3)
    w_ols = np.linalg.lstsq(X, y, rcond=None)[0]
    w_h, _, _ = rr.irls(X, y, rr.huber_weight)
    s = rr.mad_scale(y - X @ w_h)      # re-estimate the scale from the robust fit
    w_b, _, _ = rr.irls(X, y, rr.bisquare_weight, scale=s, w0=w_h)
    assert np.abs(w_b - [1, 2]).max() < 0.5
    assert np.abs(w_ols - [1, 2]).max() > 1.5   # least squares is dragged far off


def test_mad_scale_is_consistent():
    r = np.random.default_rng(4).normal(0, 3.0, 200_000)
    assert rr.mad_scale(r) == pytest.approx(3.0, rel=0.01)
