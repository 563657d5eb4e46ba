"""Oracles: scikit-learn Ridge, Lasso, ElasticNet and lasso_path (same alpha scaling, intercept fitted)."""

import numpy as np
import pytest
from sklearn.linear_model import ElasticNet, Lasso, Ridge, lasso_path as sk_lasso_path

import ridge_lasso as rl


def _data(seed=0, n=80, d=10):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d)) * rng.uniform(0.5, 3, d)
    w = np.r_[rng.normal(size=4) * 2, np.zeros(d - 4)]
    y = X @ w + 2.0 + rng.normal(size=n)
    return X, y


@pytest.mark.parametrize("alpha", [0.01, 1.0, 100.0])
def test_ridge_matches_sklearn(alpha):
    X, y = _data()
    w, b = rl.ridge_closed_form(X, y, alpha)
    sk = Ridge(alpha=alpha, solver="cholesky").fit(X, y)
    np.testing.assert_allclose(w, sk.coef_, rtol=1e-8, atol=1e-10)
    assert b == pytest.approx(sk.intercept_, rel=1e-8)
    np.testing.assert_allclose(rl.ridge_svd(X, y, np.array([alpha]))[0], sk.coef_, rtol=1e-8, atol=1e-10)


@pytest.mark.parametrize("alpha", [0.01, 0.1, 0.5])
def test_lasso_matches_sklearn(alpha):
    X, y = _data(1)
    w, b, _ = rl.elastic_net_cd(X, y, alpha)
    sk = Lasso(alpha=alpha, tol=1e-12, max_iter=100_000).fit(X, y)
    np.testing.assert_allclose(w, sk.coef_, rtol=1e-6, atol=1e-8)
    assert b == pytest.approx(sk.intercept_, rel=1e-6)
    np.testing.assert_array_equal(w == 0, sk.coef_ == 0)   # same support


def test_elastic_net_matches_sklearn():
    X, y = _data(2)
    w, b, _ = rl.elastic_net_cd(X, y, alpha=0.3, l1_ratio=0.4)
    sk = ElasticNet(alpha=0.3, l1_ratio=0.4, tol=1e-12, max_iter=100_000).fit(X, y)
    np.testing.assert_allclose(w, sk.coef_, rtol=1e-6, atol=1e-8)


def test_lasso_kkt_and_path():
    X, y = _data(3)
    n = len(y)
    alpha = 0.2
    w, b, _ = rl.elastic_net_cd(X, y, alpha)
    g = (X - X.mean(0)).T @ (y - y.mean() - (X - X.mean(0)) @ w) / n   # x_j^T r / n
    active = w != 0
    np.testing.assert_allclose(g[active], alpha * np.sign(w[active]), atol=1e-7)  # KKT, active set
    assert np.all(np.abs(g[~active]) <= alpha + 1e-7)                              # KKT, zero set
    alphas, coefs = rl.lasso_path(X, y, n_alphas=10)
    Xc, yc = X - X.mean(0), y - y.mean()
    _, sk_coefs, _ = sk_lasso_path(Xc, yc, alphas=alphas, tol=1e-12, max_iter=100_000)
    np.testing.assert_allclose(coefs, sk_coefs.T, rtol=1e-4, atol=1e-6)
    assert np.all(coefs[0] == 0)   # alpha_max gives the empty model
