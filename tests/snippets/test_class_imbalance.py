"""Oracles: scikit-learn LogisticRegression(class_weight='balanced'), compute_sample_weight,
roc_auc_score, average_precision_score, f1_score."""

import numpy as np
import pytest
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import average_precision_score, f1_score, roc_auc_score
from sklearn.utils.class_weight import compute_sample_weight

import class_imbalance as ci


def _data(seed=0, n=3000, rate=0.05):
    rng = np.random.default_rng(seed)
    y = (rng.random(n) < rate).astype(float)
    X = rng.normal(size=(n, 3)) + np.array([1.0, 0.5, 0.0]) * y[:, None]
    return X, y


def test_balanced_weights():
    _, y = _data()
    np.testing.assert_allclose(ci.balanced_weights(y), compute_sample_weight("balanced", y), rtol=1e-12)


@pytest.mark.parametrize("C", [1.0, 0.01])
def test_weighted_logistic_matches_sklearn(C):
    X, y = _data(1)
    th = ci.fit_weighted_logistic(X, y, ci.balanced_weights(y), lam=1.0 / C)
    sk = LogisticRegression(C=C, class_weight="balanced", tol=1e-12, max_iter=10_000).fit(X, y)
    np.testing.assert_allclose(th, np.r_[sk.coef_.ravel(), sk.intercept_], rtol=1e-5, atol=1e-7)


def test_metrics_match_sklearn():
    X, y = _data(2)
    rng = np.random.default_rng(3)
    s = X[:, 0] + 0.3 * rng.normal(size=len(y))
    assert ci.roc_auc(y, s) == pytest.approx(roc_auc_score(y, s), rel=1e-12)
    s_tied = np.round(s, 1)
    assert ci.roc_auc(y, s_tied) == pytest.approx(roc_auc_score(y, s_tied), rel=1e-12)
    assert ci.average_precision(y, s) == pytest.approx(average_precision_score(y, s), rel=1e-12)
    t, f1 = ci.best_f1_threshold(y, s)
    assert f1 == pytest.approx(f1_score(y, s >= t), rel=1e-12)
