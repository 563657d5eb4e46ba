"""Oracle: scikit-learn LogisticRegression (lbfgs, tight tol) with the same penalty."""

import numpy as np
import pytest
from sklearn.linear_model import LogisticRegression

import logistic_regression as lr


def _data(seed: int = 0, n: int = 300):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, 4))
    y = (rng.random(n) < lr.sigmoid(X @ np.array([1.0, -1.5, 0.5, 0.0]) + 0.4)).astype(float)
    return X, y


@pytest.mark.parametrize("C", [None, 1.0, 0.05])
@pytest.mark.parametrize("fit", [lr.fit_logistic_gd, lr.fit_logistic_newton])
def test_matches_sklearn(C, fit):
    X, y = _data()
    n = len(y)
    lam = 0.0 if C is None else 1.0 / (C * n)
    if C is None:
        sk = LogisticRegression(C=np.inf, tol=1e-12, max_iter=10_000)
    else:
        sk = LogisticRegression(C=C, tol=1e-12, max_iter=10_000)
    sk.fit(X, y)
    theta, hist = fit(X, y, lam=lam, n_iter=20_000 if fit is lr.fit_logistic_gd else 50)
    ref = np.r_[sk.coef_.ravel(), sk.intercept_]
    np.testing.assert_allclose(theta, ref, rtol=1e-4, atol=1e-5)


def test_gradient_matches_finite_differences():
    X, y = _data(1, 50)
    Xb = lr.add_intercept(X)
    theta = np.random.default_rng(2).normal(size=Xb.shape[1])
    g = lr.logistic_grad(theta, Xb, y, lam=0.3)
    eps = 1e-6
    fd = np.array([(lr.logistic_loss(theta + eps * e, Xb, y, 0.3) - lr.logistic_loss(theta - eps * e, Xb, y, 0.3)) / (2 * eps)
                   for e in np.eye(len(theta))])
    np.testing.assert_allclose(g, fd, rtol=1e-6, atol=1e-8)


def test_losses_never_increase_and_newton_is_fast():
    X, y = _data(3)
    _, h_gd = lr.fit_logistic_gd(X, y, lam=0.01)
    _, h_nt = lr.fit_logistic_newton(X, y, lam=0.01)
    assert np.all(np.diff(h_gd) <= 1e-12)
    assert np.all(np.diff(h_nt) <= 1e-12)
    assert len(h_nt) - 1 <= 15  # quadratic convergence: a handful of Newton steps


def test_sigmoid_stable():
    z = np.array([-1000.0, -30.0, 0.0, 30.0, 1000.0])
    s = lr.sigmoid(z)
    assert np.all(np.isfinite(s))
    from scipy.special import expit
    np.testing.assert_allclose(s, expit(z), rtol=1e-12, atol=1e-300)
