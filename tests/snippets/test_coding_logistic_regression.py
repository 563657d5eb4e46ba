"""coding_logistic_regression.py against sklearn's LogisticRegression (lbfgs, same objective) and
central finite differences of the loss."""

import numpy as np
import pytest
from sklearn.linear_model import LogisticRegression

import coding_logistic_regression as lr


def _data(seed, n=400, d=4):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d))
    y = (rng.random(n) < lr.sigmoid(X @ rng.normal(size=d) + 0.3)).astype(float)
    return X, y


@pytest.mark.parametrize("seed", range(3))
@pytest.mark.parametrize("lam", [1e-1, 1e-2])
def test_matches_sklearn(seed, lam):
    X, y = _data(seed)
    # sklearn minimises C * sum_i logloss_i + ||w||^2 / 2, i.e. ours with C = 1 / (n * lam)
    ref = LogisticRegression(C=1 / (X.shape[0] * lam), tol=1e-12, max_iter=10_000).fit(X, y)
    for w, b, _ in (lr.fit_newton(X, y, lam), lr.fit_gd(X, y, lam, n_iter=20_000)):
        np.testing.assert_allclose(w, ref.coef_[0], rtol=1e-5, atol=1e-6)
        np.testing.assert_allclose(b, ref.intercept_[0], rtol=1e-5, atol=1e-6)


def test_gradient_matches_finite_differences():
    X, y = _data(5, n=50, d=3)
    rng = np.random.default_rng(0)
    w, b, lam, h = rng.normal(size=3), 0.2, 0.05, 1e-6
    _, gw, gb = lr.loss_and_grad(w, b, X, y, lam)
    def J(w_, b_):
        return lr.loss_and_grad(w_, b_, X, y, lam)[0]

    num = [(J(w + h * e, b) - J(w - h * e, b)) / (2 * h) for e in np.eye(3)]
    np.testing.assert_allclose(gw, num, rtol=1e-6, atol=1e-8)
    num_b = (J(w, b + h) - J(w, b - h)) / (2 * h)
    np.testing.assert_allclose(gb, num_b, rtol=1e-6, atol=1e-8)


def test_sigmoid_stable_at_extremes():
    z = np.array([-1000.0, -30.0, 0.0, 30.0, 1000.0])
    s = lr.sigmoid(z)
    assert np.all(np.isfinite(s))
    ref = [0.0, 1 / (1 + np.exp(30.0)), 0.5, 1 / (1 + np.exp(-30.0)), 1.0]
    np.testing.assert_allclose(s, ref, rtol=1e-12, atol=1e-300)


def test_gd_loss_decreases():
    X, y = _data(2)
    losses = lr.fit_gd(X, y, 1e-2, lr=1.0, n_iter=200)[2]
    assert np.all(np.diff(losses) <= 1e-15)
