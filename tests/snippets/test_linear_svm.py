"""Oracle: scikit-learn LinearSVC (hinge loss, LIBLINEAR dual CD, intercept_scaling=1 -> bias regularised
exactly as here) and SVC(kernel='linear') for prediction agreement."""

import numpy as np
import pytest
from sklearn.svm import LinearSVC, SVC

import linear_svm as ls


def _data(seed=0, n=200, d=3, sep=1.5):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d))
    w = rng.normal(size=d)
    y = np.where(X @ w + 0.3 * rng.normal(size=n) > 0, 1.0, -1.0)
    X += sep * 0.1 * y[:, None]
    return X, y


@pytest.mark.parametrize("C", [0.1, 1.0])
def test_dual_cd_matches_liblinear(C):
    X, y = _data()
    w, b, alpha = ls.fit_svm_dual_cd(X, y, C=C, tol=1e-10)
    sk = LinearSVC(C=C, loss="hinge", dual=True, tol=1e-10, max_iter=200_000, intercept_scaling=1.0).fit(X, y)
    np.testing.assert_allclose(np.r_[w, b], np.r_[sk.coef_.ravel(), sk.intercept_], rtol=1e-3, atol=1e-4)
    # same primal objective to 1e-6 relative
    Xa = np.hstack([X, np.ones((len(X), 1))])
    f_ours = ls.hinge_objective(np.r_[w, b], Xa, y, C)
    f_sk = ls.hinge_objective(np.r_[sk.coef_.ravel(), sk.intercept_], Xa, y, C)
    assert f_ours <= f_sk * (1 + 1e-6)


def test_kkt_and_strong_duality():
    X, y = _data(1)
    C = 0.5
    w, b, alpha = ls.fit_svm_dual_cd(X, y, C=C, tol=1e-10)
    Xa = np.hstack([X, np.ones((len(X), 1))])
    wa = np.r_[w, b]
    np.testing.assert_allclose(wa, (alpha * y) @ Xa, rtol=1e-10, atol=1e-12)  # stationarity
    primal = ls.hinge_objective(wa, Xa, y, C)
    dual = alpha.sum() - 0.5 * wa @ wa
    assert primal - dual <= 1e-6 * max(1.0, primal)                         # zero duality gap
    m = y * (Xa @ wa)
    assert np.all(m[alpha < 1e-12] >= 1 - 1e-4)                             # alpha = 0 -> outside margin
    assert np.all(m[alpha > C - 1e-12] <= 1 + 1e-4)                         # alpha = C -> inside margin


def test_predictions_agree_with_svc_linear():
    X, y = _data(2, n=300)
    Xt, _ = _data(3, n=300)
    w, b, _ = ls.fit_svm_dual_cd(X, y, C=1.0, tol=1e-2)  # LIBLINEAR default: 0.1
    sk = SVC(kernel="linear", C=1.0).fit(X, y)   # unregularised bias: tiny differences allowed
    agree = np.mean(np.sign(Xt @ w + b) == sk.predict(Xt))
    assert agree >= 0.98


def test_pegasos_close_to_dual_solution():
    X, y = _data(4)
    n = len(y)
    lam = 0.01
    w_p = ls.fit_svm_pegasos(X, y, lam=lam, n_iter=20_000)
    w_d, _, _ = ls.fit_svm_dual_cd(X, y, C=1.0 / (lam * n), bias=False, tol=1e-10)
    f = lambda w: 0.5 * lam * w @ w + np.maximum(0, 1 - y * (X @ w)).mean()
    assert f(w_p) <= f(w_d) * 1.02     # within 2% of the optimal objective
    assert np.mean(np.sign(X @ w_p) == np.sign(X @ w_d)) >= 0.97
