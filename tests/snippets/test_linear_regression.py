"""Oracle: numpy.linalg.lstsq / numpy.linalg.qr / numpy.linalg.pinv."""

import numpy as np
import pytest

import linear_regression as lr


def _data(seed=0, n=120, d=5):
    rng = np.random.default_rng(seed)
    X = np.hstack([np.ones((n, 1)), rng.normal(size=(n, d - 1))])
    y = X @ rng.normal(size=d) + 0.3 * rng.normal(size=n)
    return X, y


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_three_solvers_match_lstsq(seed):
    X, y = _data(seed)
    ref = np.linalg.lstsq(X, y, rcond=None)[0]
    np.testing.assert_allclose(lr.ols_normal_equations(X, y), ref, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(lr.ols_qr(X, y), ref, rtol=1e-10, atol=1e-12)
    w_gd, losses = lr.ols_gradient_descent(X, y)
    np.testing.assert_allclose(w_gd, ref, rtol=1e-8, atol=1e-10)
    assert np.all(np.diff(losses) <= 1e-15)  # step 1/L: monotone descent


def test_householder_qr_factorisation():
    X, _ = _data(3, n=40, d=6)
    Q, R = lr.householder_qr(X)
    np.testing.assert_allclose(Q @ R, X, atol=1e-12)
    np.testing.assert_allclose(Q.T @ Q, np.eye(6), atol=1e-12)
    assert np.allclose(R, np.triu(R))
    _, R_np = np.linalg.qr(X)
    np.testing.assert_allclose(np.abs(R), np.abs(R_np), rtol=1e-10, atol=1e-12)  # unique up to row signs


def test_qr_more_accurate_than_normal_equations_when_ill_conditioned():
    rng = np.random.default_rng(0)
    n = 100
    t = np.linspace(0, 1, n)
    X = np.vander(t, 10, increasing=True)   # kappa(X) ~ 1e7, kappa(X^T X) ~ 1e14
    w_true = rng.normal(size=10)
    y = X @ w_true
    err_qr = np.linalg.norm(lr.ols_qr(X, y) - w_true)
    err_ne = np.linalg.norm(lr.ols_normal_equations(X, y) - w_true)
    assert err_qr < 1e-5
    assert err_ne > 10 * err_qr


def test_diagnostics():
    X, y = _data(4)
    n, d = X.shape
    out = lr.ols_diagnostics(X, y)
    H = X @ np.linalg.pinv(X)
    np.testing.assert_allclose(out["leverage"], np.diag(H), rtol=1e-10)
    assert out["leverage"].sum() == pytest.approx(d, rel=1e-10)  # trace of the hat matrix
    resid = y - X @ np.linalg.lstsq(X, y, rcond=None)[0]
    s2 = resid @ resid / (n - d)
    np.testing.assert_allclose(out["se"], np.sqrt(s2 * np.diag(np.linalg.inv(X.T @ X))), rtol=1e-8)
    np.testing.assert_allclose(out["resid"] @ X, 0, atol=1e-9)  # residuals orthogonal to columns
